/** Manifests as friends and the hub send them: the protobuf message, its conversion to Core's
    TrackManifest, and the check of its info dictionary against its info-hash. */

#include "FuzzHarness.h"

#include "ProtoConvert.h"
#include "Swarm/TrackTorrent.h"

#include "earshot/v1/news.pb.h"

using namespace earshot;

namespace
{
    enum Mode : std::uint8_t
    {
        manifestMessage, ///< a v1::TrackManifest
        releaseMessage, ///< a v1::NewRelease, an album's tracks sharing one dictionary
        bareInfoDict, ///< a bencoded info dictionary on its own
        modeCount
    };
}

extern "C" int LLVMFuzzerTestOneInput (const std::uint8_t* data, std::size_t size)
{
    fuzz::quietProtobuf();
    const auto input = fuzz::splitMode (data, size, modeCount);
    fuzz::refusedOrTaken ([&]
                          {
                              switch (input.mode)
                              {
                                  case manifestMessage:
                                  {
                                      v1::TrackManifest message;
                                      if (message.ParseFromString (input.rest))
                                          (void) validateManifest (fromProto (message));
                                      break;
                                  }
                                  case releaseMessage:
                                  {
                                      v1::NewRelease release;
                                      if (release.ParseFromString (input.rest))
                                          for (const auto& track : releaseTracksOf (release))
                                              (void) validateManifest (track);
                                      break;
                                  }
                                  default:
                                      (void) parseInfoDict (input.rest);
                                      break;
                              } });
    return 0;
}
