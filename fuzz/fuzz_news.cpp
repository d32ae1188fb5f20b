/** An artist's news as followers fetch it from the DHT: the BEP 46 value pointing to the feed
    torrent, and the feed file (a SignedArtistFeed) checked to be the artist's, each of its posts
    then held to the news rules as a follower's daemon holds them. The artist's key is fixed, so
    the harness can also sign what the fuzzer writes. */

#include "FuzzHarness.h"

#include "Core/FeedPointer.h"
#include "Daemon/ArtistNews.h"

#include "earshot/v1/news.pb.h"

#include <memory>

using namespace earshot;

namespace
{
    /** The last mode after the sealed ones: the bytes are a BEP 44 item's value. */
    constexpr std::uint8_t feedPointerValue = fuzz::sealedModeCount;

    struct Artist
    {
        fuzz::ScratchFolder scratch;
        Identity identity = fuzz::fixedIdentity (scratch, 3);

        [[nodiscard]] v1::SignedArtistFeed signedFeed (const std::string& feed) const
        {
            v1::SignedArtistFeed sealed;
            sealed.set_feed (feed);
            sealed.set_signature (identity.sign (feed));
            return sealed;
        }
    };
} // namespace

extern "C" int LLVMFuzzerTestOneInput (const std::uint8_t* data, std::size_t size)
{
    static const auto artist = std::make_unique<Artist>();
    const auto input = fuzz::splitMode (data, size, feedPointerValue + 1);
    if (input.mode == feedPointerValue)
    {
        if (const auto infoHash = feedPointer::decode (input.rest))
            if (feedPointer::decode (feedPointer::encode (*infoHash)) != infoHash)
                std::abort(); // a pointer read back from what it encodes points to the same torrent
        return 0;
    }

    const auto sealed = fuzz::sealedOf<v1::SignedArtistFeed, v1::ArtistFeed> (
        input.mode, input.rest, [] (const std::string& feed)
        { return artist->signedFeed (feed); },
        [] (v1::ArtistFeed& feed)
        { feed.set_artist_key (keyBytes (artist->identity.publicKey())); });
    if (! sealed)
        return 0;

    fuzz::refusedOrTaken ([&]
                          {
                              const auto feed = ArtistNews::verifyFeed (artist->identity.publicKey(), sealed->SerializeAsString());
                              for (const auto& post : feed.posts())
                                  fuzz::refusedOrTaken ([&]
                                                        { ArtistNews::checkPost (post, fuzz::fixedNowMs); }); });
    return 0;
}
