/** The picture in a track's tags, which the daemon turns into its cover thumbnail: a track
    fetched from a friend or the swarm carries whatever picture its tagger put there. */

#include "FuzzHarness.h"

#include "Core/HubRules.h"
#include "Daemon/CoverThumbnail.h"

#include <cstdlib>

using namespace earshot;

extern "C" int LLVMFuzzerTestOneInput (const std::uint8_t* data, std::size_t size)
{
    fuzz::refusedOrTaken ([&]
                          {
                              // A thumbnail is made within the hub's limit, or not at all.
                              if (makeCoverThumbnail (fuzz::textOf (data, size), hubRules::maxCoverBytes).bytes.size() > hubRules::maxCoverBytes)
                                  std::abort(); });
    return 0;
}
