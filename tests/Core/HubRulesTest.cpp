#include "Core/HubRules.h"
#include "Core/Error.h"
#include "FakeSigner.h"

#include <gtest/gtest.h>

#include <functional>
#include <limits>

using namespace earshot;

namespace
{
    constexpr std::int64_t now = 1'790'000'000'000;

    ErrorCode codeOf (const std::function<void()>& check)
    {
        try
        {
            check();
        }
        catch (const Error& e)
        {
            return e.code();
        }
        ADD_FAILURE() << "no error thrown";
        return ErrorCode::internal;
    }

    hubRules::Profile goodProfile()
    {
        return { "Ana Moura", "Fado from Lisbon.", "Lisbon", { "https://example.org/ana", "http://ana.example" } };
    }
} // namespace

TEST (HubRules, AMessageIsTakenOnlyWithAWellFormedKeyAndWithinTheSizeLimit)
{
    const FakeSigner artist (7);
    EXPECT_EQ (hubRules::signerOf (1000, keyBytes (artist.publicKey())), artist.publicKey());
    EXPECT_EQ (codeOf ([&]
                       { (void) hubRules::signerOf (1000, "short"); }),
               ErrorCode::invalidArgument);
    EXPECT_EQ (codeOf ([&]
                       { (void) hubRules::signerOf (hubRules::maxMessageBytes + 1, keyBytes (artist.publicKey())); }),
               ErrorCode::invalidArgument);
}

TEST (HubRules, AForgedOrAlteredMessageIsRefusedAsPermissionDenied)
{
    const FakeSigner artist (7), forger (9);
    const std::string message = "release";
    EXPECT_NO_THROW (hubRules::checkSignature (artist, artist.publicKey(), message, artist.sign (message)));
    EXPECT_EQ (codeOf ([&]
                       { hubRules::checkSignature (artist, artist.publicKey(), message, forger.sign (message)); }),
               ErrorCode::permissionDenied);
    EXPECT_EQ (codeOf ([&]
                       { hubRules::checkSignature (artist, artist.publicKey(), "release!", artist.sign (message)); }),
               ErrorCode::permissionDenied);
}

TEST (HubRules, MessagesAreTakenForThreeDaysAndFiveMinutesAhead)
{
    EXPECT_NO_THROW (hubRules::checkFresh ("id", now - hubRules::maxAgeMs, now));
    EXPECT_NO_THROW (hubRules::checkFresh ("id", now + hubRules::maxClockSkewMs, now));
    EXPECT_EQ (codeOf ([]
                       { hubRules::checkFresh ("id", now - hubRules::maxAgeMs - 1, now); }),
               ErrorCode::invalidArgument);
    EXPECT_EQ (codeOf ([]
                       { hubRules::checkFresh ("id", now + hubRules::maxClockSkewMs + 1, now); }),
               ErrorCode::invalidArgument);
    EXPECT_EQ (codeOf ([]
                       { hubRules::checkFresh ("", now, now); }),
               ErrorCode::invalidArgument);
    EXPECT_EQ (codeOf ([]
                       { hubRules::checkFresh (std::string (hubRules::maxMessageIdBytes + 1, 'a'), now, now); }),
               ErrorCode::invalidArgument);
    EXPECT_EQ (codeOf ([]
                       { hubRules::checkFresh ("id", std::numeric_limits<std::int64_t>::min(), now); }),
               ErrorCode::invalidArgument);
}

TEST (HubRules, AProfileNeedsANameFieldsWithinTheirLimitsAndWebLinks)
{
    EXPECT_NO_THROW (hubRules::checkProfile (goodProfile()));

    auto noName = goodProfile();
    noName.name.clear();
    auto longBio = goodProfile();
    longBio.bio.assign (hubRules::maxBioBytes + 1, 'x');
    auto script = goodProfile();
    script.links.push_back ("javascript:alert(1)");
    auto tooMany = goodProfile();
    tooMany.links.assign (hubRules::maxLinks + 1, "https://example.org");
    for (const auto& bad : { noName, longBio, script, tooMany })
        EXPECT_EQ (codeOf ([&]
                           { hubRules::checkProfile (bad); }),
                   ErrorCode::invalidArgument);
}

TEST (HubRules, AReleaseNeedsAnArtistNameAndASmallJpegOrPngCover)
{
    EXPECT_NO_THROW (hubRules::checkRelease ("Ana Moura", 0, ""));
    EXPECT_NO_THROW (hubRules::checkRelease ("Ana Moura", hubRules::maxCoverBytes, "image/png"));
    EXPECT_EQ (codeOf ([]
                       { hubRules::checkRelease ("", 0, ""); }),
               ErrorCode::invalidArgument);
    EXPECT_EQ (codeOf ([]
                       { hubRules::checkRelease ("Ana Moura", hubRules::maxCoverBytes + 1, "image/jpeg"); }),
               ErrorCode::invalidArgument);
    EXPECT_EQ (codeOf ([]
                       { hubRules::checkRelease ("Ana Moura", 100, "image/svg+xml"); }),
               ErrorCode::invalidArgument);
}

TEST (HubRules, OnlyTheKeyThatFirstReleasedATrackMayReleaseItAgain)
{
    const FakeSigner artist (7), other (9);
    EXPECT_NO_THROW (hubRules::checkReleaser (std::nullopt, artist.publicKey(), "t"));
    EXPECT_NO_THROW (hubRules::checkReleaser (artist.publicKey(), artist.publicKey(), "t"));
    EXPECT_EQ (codeOf ([&]
                       { hubRules::checkReleaser (artist.publicKey(), other.publicKey(), "t"); }),
               ErrorCode::permissionDenied);
}

TEST (HubRules, AListenCountsFromTheThresholdThePointsUse)
{
    EXPECT_NO_THROW (hubRules::checkListen (30'000, 240'000, "t"));
    EXPECT_EQ (codeOf ([]
                       { hubRules::checkListen (29'999, 240'000, "t"); }),
               ErrorCode::invalidArgument);
    // Half of a 40 s track.
    EXPECT_NO_THROW (hubRules::checkListen (20'000, 40'000, "t"));
    EXPECT_EQ (codeOf ([]
                       { hubRules::checkListen (19'999, 40'000, "t"); }),
               ErrorCode::invalidArgument);
}

TEST (HubRules, ASeedReportNamesAtMostTenThousandTracks)
{
    EXPECT_NO_THROW (hubRules::checkSeeding (hubRules::maxSeededTracks));
    EXPECT_EQ (codeOf ([]
                       { hubRules::checkSeeding (hubRules::maxSeededTracks + 1); }),
               ErrorCode::invalidArgument);
}

TEST (HubRules, ADaemonQueuesForTheHubOnlyWhatTheHubTakesAndSaysHowLargeItWas)
{
    EXPECT_NO_THROW (hubRules::checkOutgoingSize ("the profile", hubRules::maxMessageBytes));
    try
    {
        hubRules::checkOutgoingSize ("the profile", hubRules::maxMessageBytes + 1);
        ADD_FAILURE() << "a message the hub would refuse was taken";
    }
    catch (const Error& error)
    {
        EXPECT_EQ (error.code(), ErrorCode::invalidArgument);
        EXPECT_NE (std::string (error.what()).find ("the profile would be a message of 524289 bytes; the hub takes at most 524288"), std::string::npos) << error.what();
    }
}
