// What publishing measures (loudness, an estimated tempo) and the cover thumbnails, as TrackStore
// keeps them, and a library from before they existed.

#include "Store/TrackStore.h"

#include "OlderSchemas.h"
#include "TemporaryDirectory.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <stdexcept>

namespace earshot
{
    namespace
    {
        TrackRecord makeMeasuredTrack (const std::string& infoHash)
        {
            TrackRecord track;
            auto& manifest = track.manifest;
            manifest.infoHashHex = infoHash;
            manifest.infoDict = "d6:lengthi5e4:name5:x.flace";
            manifest.fileName = "x.flac";
            manifest.fileSize = 5;
            manifest.format = AudioFormat::flac;
            manifest.metadata.title = "Neon Tide";
            manifest.bpm = 124.1;
            manifest.bpmEstimated = true;
            manifest.loudnessLufs = -13.75;
            track.savePath = "/music";
            track.published = true;
            track.addedAtUnixMs = 1732233600123;
            return track;
        }

        /** Bytes that could not be text: NULs and high bytes, as a JPEG's are. */
        constexpr char jpegBytes[] = "\xff\xd8\xff\xe0\0\x10JFIF\0\x01\xff\xd9";
        const Cover jpegCover { std::string (jpegBytes, sizeof (jpegBytes) - 1), "image/jpeg" };

        void runOnFile (const std::filesystem::path& file, const char* sql)
        {
            sqlite3* connection = nullptr;
            ASSERT_EQ (sqlite3_open (file.c_str(), &connection), SQLITE_OK);
            const auto result = sqlite3_exec (connection, sql, nullptr, nullptr, nullptr);
            EXPECT_EQ (result, SQLITE_OK) << sqlite3_errmsg (connection);
            sqlite3_close (connection);
        }

        class TrackStoreMeasuresTest : public ::testing::Test
        {
        protected:
            test::TemporaryDirectory folder;
            std::filesystem::path file = folder.file ("library.sqlite");
            const std::string infoHash = "0123456789abcdef0123456789abcdef01234567";
        };
    } // namespace

    TEST_F (TrackStoreMeasuresTest, LoudnessAndAnEstimatedTempoRoundTrip)
    {
        const auto track = makeMeasuredTrack (infoHash);
        {
            TrackStore store (file);
            store.putTrack (track);
        }
        TrackStore reopened (file);
        EXPECT_EQ (reopened.findTrack (infoHash), track);
        EXPECT_EQ (reopened.listTracks().front().manifest.loudnessLufs, -13.75);
        EXPECT_TRUE (reopened.listTracks().front().manifest.bpmEstimated);
    }

    TEST_F (TrackStoreMeasuresTest, ACoverIsKeptByteForByteReplacedAndGoesWithItsTrack)
    {
        TrackStore store (file);
        store.putTrack (makeMeasuredTrack (infoHash));
        EXPECT_FALSE (store.findCover (infoHash).has_value());

        store.putCover (infoHash, jpegCover);
        EXPECT_EQ (store.findCover (infoHash), jpegCover);

        const Cover png { "\x89PNG\r\n\x1a\n", "image/png" };
        store.putCover (infoHash, png);
        EXPECT_EQ (store.findCover (infoHash), png);

        store.putTrack (makeMeasuredTrack (infoHash)); // described again: the cover stays
        EXPECT_EQ (store.findCover (infoHash), png);

        ASSERT_TRUE (store.removeTrack (infoHash));
        store.putTrack (makeMeasuredTrack (infoHash));
        EXPECT_FALSE (store.findCover (infoHash).has_value()) << "a removed track's cover went with it";
    }

    TEST_F (TrackStoreMeasuresTest, ACoverForATrackNotInTheLibraryIsRefused)
    {
        TrackStore store (file);
        EXPECT_THROW (store.putCover (infoHash, jpegCover), StoreError);
        store.putTrack (makeMeasuredTrack (infoHash));
        EXPECT_THROW (store.putCover (infoHash, Cover { "", "image/jpeg" }), std::invalid_argument);
        EXPECT_THROW (store.putCover (infoHash, Cover { "bytes", "" }), std::invalid_argument);
    }

    TEST_F (TrackStoreMeasuresTest, ALibraryFromBeforeMeasuresOpensAndKeepsItsTracksUnmeasured)
    {
        auto track = makeMeasuredTrack (infoHash);
        track.trackers = { "udp://tracker.example.org:6969/announce" };
        {
            TrackStore store (file);
            store.putTrack (track);
            store.saveResumeData (infoHash, "d4:dataxe");
        }

        // Make it a version 5 file, as an earshotd from before loudness and covers left it.
        runOnFile (file, test::undoSchemaVersion12);
        runOnFile (file, test::undoSchemaVersion9);
        runOnFile (file, test::undoSchemaVersion8);
        runOnFile (file, test::undoSchemaVersion7);
        runOnFile (file, test::undoSchemaVersion6);

        TrackStore store (file);
        auto found = store.findTrack (infoHash);
        ASSERT_TRUE (found.has_value());
        EXPECT_EQ (found->manifest.loudnessLufs, 0.0);
        EXPECT_FALSE (found->manifest.bpmEstimated);
        EXPECT_FALSE (store.findCover (infoHash).has_value());
        found->manifest.loudnessLufs = track.manifest.loudnessLufs;
        found->manifest.bpmEstimated = true;
        EXPECT_EQ (*found, track) << "every other field as it was";
        EXPECT_EQ (store.loadResumeData (infoHash), "d4:dataxe");

        store.putTrack (track);
        store.putCover (infoHash, jpegCover);
        EXPECT_EQ (store.findTrack (infoHash), track) << "the new columns take values once migrated";
        EXPECT_EQ (store.findCover (infoHash), jpegCover);
    }
    TEST_F (TrackStoreMeasuresTest, ASeekIndexRoundTripsAndALibraryFromBeforeItHasNone)
    {
        auto track = makeMeasuredTrack (infoHash);
        track.manifest.seekIndex = { 1323000, { { 0, 8423 }, { 45056, 139008 }, { 90112, 270541 } } };
        {
            TrackStore store (file);
            store.putTrack (track);
        }
        EXPECT_EQ (TrackStore (file).findTrack (infoHash), track);

        // A version 11 file, as an earshotd from before seek indexes left it: the track reads
        // without one, every other field as it was, and takes one once migrated.
        runOnFile (file, test::undoSchemaVersion12);
        TrackStore store (file);
        auto found = store.findTrack (infoHash);
        ASSERT_TRUE (found.has_value());
        EXPECT_TRUE (found->manifest.seekIndex.empty());
        found->manifest.seekIndex = track.manifest.seekIndex;
        EXPECT_EQ (*found, track);
        store.putTrack (track);
        EXPECT_EQ (store.findTrack (infoHash), track);
    }
} // namespace earshot
