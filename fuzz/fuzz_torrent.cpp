/** A .torrent file's bytes and magnet links, as a user imports them, and libtorrent's resume data
    as the store keeps it: libtorrent's bdecode underneath, our checks on top. */

#include "FuzzHarness.h"

#include "Swarm/TrackTorrent.h"

#include <cstdlib>

using namespace earshot;

extern "C" int LLVMFuzzerTestOneInput (const std::uint8_t* data, std::size_t size)
{
    const auto bytes = fuzz::textOf (data, size);
    fuzz::refusedOrTaken ([&]
                          {
                              for (const auto& track : parseTorrentFile (bytes))
                              {
                                  // Every track names a file of its torrent, and its id leads back to the torrent.
                                  if (track.fileIndex < 0 || infoHashOfTrackId (track.trackId()) != track.infoHashHex)
                                      std::abort();
                                  TrackManifest manifest;
                                  copyTorrentFields (track, manifest);
                                  (void) validateManifest (manifest);
                                  (void) torrentFileFor (manifest, track.trackers);
                                  (void) magnetUriFor (manifest, track.trackers);
                              } });
    const std::string text (bytes);
    fuzz::refusedOrTaken ([&]
                          { (void) trackIdOfMagnet (text); });
    fuzz::refusedOrTaken ([&]
                          { (void) trackersOfMagnet (text); });
    (void) peersInResumeData (bytes);
    return 0;
}
