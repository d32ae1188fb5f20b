#include "Core/TrackManifest.h"

#include <gtest/gtest.h>

namespace earshot
{
    namespace
    {
        TrackManifest manifestOf (std::uint64_t fileSize, std::uint32_t bitrateKbps, std::uint64_t durationMs)
        {
            TrackManifest manifest;
            manifest.fileSize = fileSize;
            manifest.metadata.bitrateKbps = bitrateKbps;
            manifest.metadata.durationMs = durationMs;
            return manifest;
        }
    } // namespace

    TEST (TrackManifest, BytesPerSecondComesFromTheBitrateFirst)
    {
        EXPECT_EQ (bytesPerSecondOfAudio (manifestOf (10'000'000, 320, 250'000)), 40'000u);
        EXPECT_EQ (bytesPerSecondOfAudio (manifestOf (0, 128, 0)), 16'000u);
    }

    TEST (TrackManifest, BytesPerSecondFallsBackToSizeOverDuration)
    {
        // 30 MB over 3 minutes: about 1333 kbit/s, typical of FLAC.
        EXPECT_EQ (bytesPerSecondOfAudio (manifestOf (30'000'000, 0, 180'000)), 166'666u);
    }

    TEST (TrackManifest, BytesPerSecondWithoutMetadataIsCdQuality)
    {
        EXPECT_EQ (bytesPerSecondOfAudio (manifestOf (30'000'000, 0, 0)), 176'400u);
        EXPECT_EQ (bytesPerSecondOfAudio (manifestOf (0, 0, 180'000)), 176'400u);
        EXPECT_EQ (bytesPerSecondOfAudio (TrackManifest {}), 176'400u);
    }

    TEST (TrackManifest, BytesPerSecondIsNeverZero)
    {
        // A corrupt duration (ten bytes lasting an hour) must not yield a rate the planner divides by.
        EXPECT_GT (bytesPerSecondOfAudio (manifestOf (10, 0, 3'600'000)), 0u);
    }

    TEST (TrackManifest, PieceLengthIsTheSmallestThatKeepsTheTrackWithin1024Pieces)
    {
        constexpr std::uint64_t kib = 1024;

        EXPECT_EQ (choosePieceLength (0), 16 * kib);
        EXPECT_EQ (choosePieceLength (1), 16 * kib);
        EXPECT_EQ (choosePieceLength (16 * kib * 1024), 16 * kib);
        EXPECT_EQ (choosePieceLength (16 * kib * 1024 + 1), 32 * kib);
        EXPECT_EQ (choosePieceLength (32 * kib * 1024), 32 * kib);
        EXPECT_EQ (choosePieceLength (32 * kib * 1024 + 1), 64 * kib);
        EXPECT_EQ (choosePieceLength (64 * kib * 1024), 64 * kib);
    }

    TEST (TrackManifest, PieceLengthIsCappedAt64KiBForLongTracks)
    {
        // A 2-hour 24/96 recording: more than 1024 pieces even at the cap, which wins.
        EXPECT_EQ (choosePieceLength (4'000'000'000ull), 64u * 1024);
    }

    TEST (TrackManifest, ASingleFileTorrentsTrackIsNamedByItsInfoHash)
    {
        TrackManifest manifest;
        manifest.infoHashHex = "0123456789abcdef0123456789abcdef01234567";
        manifest.fileName = manifest.filePath = "song.flac";
        EXPECT_FALSE (isInMultiFileTorrent (manifest));
        EXPECT_EQ (trackIdOf (manifest), manifest.infoHashHex);
        manifest.filePath.clear(); // a manifest from an earlier earshotd
        EXPECT_EQ (trackIdOf (manifest), manifest.infoHashHex);
        EXPECT_EQ (infoHashOfTrackId (trackIdOf (manifest)), manifest.infoHashHex);
    }

    TEST (TrackManifest, EachTrackOfAnAlbumTorrentIsNamedByItsFileIndex)
    {
        TrackManifest manifest;
        manifest.infoHashHex = "0123456789abcdef0123456789abcdef01234567";
        manifest.filePath = "Album/02 Feelings.ogg";
        manifest.fileName = "02 Feelings.ogg";
        manifest.fileIndex = 3;
        EXPECT_TRUE (isInMultiFileTorrent (manifest));
        EXPECT_EQ (trackIdOf (manifest), manifest.infoHashHex + "-3");
        EXPECT_EQ (infoHashOfTrackId (trackIdOf (manifest)), manifest.infoHashHex);
    }
} // namespace earshot
