#include "HubRules.h"

#include "Error.h"
#include "PassRules.h"
#include "QuoteInput.h"

namespace earshot::hubRules
{
    void checkLength (std::string_view field, const std::string& value, std::size_t limit)
    {
        if (value.size() > limit)
            throw Error (ErrorCode::invalidArgument, std::string (field) + " is " + std::to_string (value.size()) + " bytes; at most " + std::to_string (limit) + " are taken");
    }

    void checkOutgoingSize (std::string_view what, std::size_t messageBytes)
    {
        if (messageBytes > maxMessageBytes)
            throw Error (ErrorCode::invalidArgument, std::string (what) + " would be a message of " + std::to_string (messageBytes) + " bytes; the hub takes at most " + std::to_string (maxMessageBytes));
    }

    bool isWebAddress (const std::string& link)
    {
        return (link.starts_with ("https://") && link.size() > 8) || (link.starts_with ("http://") && link.size() > 7);
    }

    PublicKey signerOf (std::size_t messageBytes, std::string_view signerKey)
    {
        if (messageBytes > maxMessageBytes)
            throw Error (ErrorCode::invalidArgument, "a message of " + std::to_string (messageBytes) + " bytes is larger than the " + std::to_string (maxMessageBytes) + " the hub takes");
        const auto signer = publicKeyFrom (signerKey);
        if (! signer)
            throw Error (ErrorCode::invalidArgument, "the signer key is " + std::to_string (signerKey.size()) + " bytes, not 32");
        return *signer;
    }

    void checkSignature (const SignatureVerifier& verifier, const PublicKey& signer, std::string_view message, std::string_view signature)
    {
        if (! verifier.verify (signer, message, signature))
            throw Error (ErrorCode::permissionDenied, "bad signature: the message was not signed with the key it names, or it was changed on the way");
    }

    void checkFresh (const std::string& messageId, std::int64_t sentAtMs, std::int64_t nowMs)
    {
        if (messageId.empty() || messageId.size() > maxMessageIdBytes)
            throw Error (ErrorCode::invalidArgument, "the message has no usable id");
        const auto sentAgo = millisecondsSince (sentAtMs, nowMs);
        if (sentAgo > maxAgeMs)
            throw Error (ErrorCode::invalidArgument, "the message is stale: it was sent " + passRules::spanText (sentAgo) + " ago, and the hub takes messages for three days");
        if (sentAgo < -maxClockSkewMs)
            throw Error (ErrorCode::invalidArgument, "the message is dated " + passRules::spanText (-sentAgo) + " in the future; the daemon's clock and the hub's may differ by 5 minutes at most");
    }

    void checkProfile (const Profile& profile)
    {
        if (profile.name.empty())
            throw Error (ErrorCode::invalidArgument, "an artist profile needs a name");
        checkLength ("the name", profile.name, maxNameBytes);
        checkLength ("the bio", profile.bio, maxBioBytes);
        checkLength ("the home city", profile.homeCity, maxCityBytes);
        if (profile.links.size() > maxLinks)
            throw Error (ErrorCode::invalidArgument, "the profile has " + std::to_string (profile.links.size()) + " links; at most " + std::to_string (maxLinks) + " are taken");
        for (const auto& link : profile.links)
        {
            checkLength ("a link", link, maxLinkBytes);
            if (! isWebAddress (link))
                throw Error (ErrorCode::invalidArgument, "the link " + quoteInput (link) + " is not a web address (http:// or https://)");
        }
    }

    void checkRelease (const std::string& artistName, std::size_t coverBytes, const std::string& coverType)
    {
        if (artistName.empty())
            throw Error (ErrorCode::invalidArgument, "a release needs the artist's name");
        checkLength ("the artist's name", artistName, maxNameBytes);
        if (coverBytes > maxCoverBytes)
            throw Error (ErrorCode::invalidArgument, "the cover is " + std::to_string (coverBytes) + " bytes; a thumbnail of at most " + std::to_string (maxCoverBytes) + " is taken");
        if (coverBytes > 0 && coverType != "image/jpeg" && coverType != "image/png")
            throw Error (ErrorCode::invalidArgument, "the cover is of type " + quoteInput (coverType) + "; image/jpeg and image/png are taken");
    }

    void checkReleaser (const std::optional<PublicKey>& releasedBy, const PublicKey& signer, const std::string& trackId)
    {
        if (releasedBy && *releasedBy != signer)
            throw Error (ErrorCode::permissionDenied, "track " + quoteInput (trackId) + " was released by another artist's key; only that key may release it again");
    }

    void checkListen (std::uint64_t listenedMs, std::int64_t durationMs, const std::string& trackId)
    {
        const auto threshold = passRules::listenThresholdFor (durationMs);
        if (listenedMs < static_cast<std::uint64_t> (threshold))
            throw Error (ErrorCode::invalidArgument, "a listen of " + passRules::spanText (static_cast<std::int64_t> (listenedMs)) + " to track " + quoteInput (trackId) + " is shorter than the " + passRules::spanText (threshold) + " that counts");
    }

    void checkSeeding (std::size_t trackCount)
    {
        if (trackCount > maxSeededTracks)
            throw Error (ErrorCode::invalidArgument, "the seed report names " + std::to_string (trackCount) + " tracks; at most " + std::to_string (maxSeededTracks) + " are taken");
    }
} // namespace earshot::hubRules
