#pragma once

#include "EnvelopeSigner.h"
#include "PublicKey.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace earshot
{
    /** The rules the discovery hub holds what daemons send it to, apart from how it arrives and
        where it is kept. Each check throws Error with the code the hub answers with and a message
        that says what was wrong. Pure functions: time is always passed in. */
    namespace hubRules
    {
        /** Largest signed message taken, in bytes: a release with its manifest and cover. */
        constexpr std::size_t maxMessageBytes = 512 * 1024;
        /** Largest cover thumbnail, in bytes. */
        constexpr std::size_t maxCoverBytes = 64 * 1024;
        /** A message sent longer ago than this (a daemon that was offline reports what it heard
            when it is back, for up to three days), or further in the future, is refused. */
        constexpr std::int64_t maxAgeMs = 3LL * 24 * 60 * 60 * 1000;
        constexpr std::int64_t maxClockSkewMs = 5LL * 60 * 1000;
        constexpr std::size_t maxMessageIdBytes = 80;
        constexpr std::size_t maxNameBytes = 100;
        constexpr std::size_t maxBioBytes = 4000;
        constexpr std::size_t maxCityBytes = 100;
        constexpr std::size_t maxLinks = 8;
        constexpr std::size_t maxLinkBytes = 300;
        /** Longest search text, genre or musical key a chart or a search is asked for: words to
            look for, not documents. */
        constexpr std::size_t maxQueryTextBytes = 300;
        /** Most tracks one seed report may name. */
        constexpr std::size_t maxSeededTracks = 10'000;

        /** Throws Error (invalidArgument) naming field when value is longer than limit bytes. */
        void checkLength (std::string_view field, const std::string& value, std::size_t limit);

        /** Throws Error (invalidArgument) when a signed message this daemon is about to queue for
            the hub is larger than maxMessageBytes, so the hub would refuse it: named by `what`, with
            its size and the limit. */
        void checkOutgoingSize (std::string_view what, std::size_t messageBytes);

        /** Whether link is an http:// or https:// address with something after the scheme. */
        [[nodiscard]] bool isWebAddress (const std::string& link);

        /** The signer's key of a signed message of messageBytes bytes. Throws Error
            (invalidArgument) when the message is larger than maxMessageBytes or the key is not 32
            bytes. */
        [[nodiscard]] PublicKey signerOf (std::size_t messageBytes, std::string_view signerKey);

        /** Throws Error (permissionDenied) unless signature is signer's of message. */
        void checkSignature (const SignatureVerifier& verifier, const PublicKey& signer, std::string_view message, std::string_view signature);

        /** Throws Error (invalidArgument) for a message without a usable id, sent more than maxAgeMs
            before nowMs or more than maxClockSkewMs after it. */
        void checkFresh (const std::string& messageId, std::int64_t sentAtMs, std::int64_t nowMs);

        /** What an artist says about themselves, as a profile carries it. */
        struct Profile
        {
            std::string name;
            std::string bio;
            std::string homeCity;
            std::vector<std::string> links;
        };

        /** Throws Error (invalidArgument) for a profile without a name, with a field longer than
            its limit, with more than maxLinks links or a link that is not an http(s) address. */
        void checkProfile (const Profile& profile);

        /** Throws Error (invalidArgument) for a release without an artist name or with one longer
            than maxNameBytes, or a cover larger than maxCoverBytes or of a type other than
            image/jpeg and image/png. */
        void checkRelease (const std::string& artistName, std::size_t coverBytes, const std::string& coverType);

        /** A track is released by one key: throws Error (permissionDenied) when the track was
            released before by another key than signer. */
        void checkReleaser (const std::optional<PublicKey>& releasedBy, const PublicKey& signer, const std::string& trackId);

        /** Throws Error (invalidArgument) for a listen shorter than the listen threshold the
            points use for a track of durationMs (30 s, or half of a shorter track). */
        void checkListen (std::uint64_t listenedMs, std::int64_t durationMs, const std::string& trackId);

        /** Throws Error (invalidArgument) when a seed report names more than maxSeededTracks. */
        void checkSeeding (std::size_t trackCount);
    } // namespace hubRules
} // namespace earshot
