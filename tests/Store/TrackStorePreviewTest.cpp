#include "Store/TrackStore.h"

#include "TemporaryDirectory.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>

namespace earshot
{
    namespace
    {
        using ::testing::ElementsAre;
        using ::testing::IsEmpty;

        TrackRecord trackNumbered (int seed, std::int64_t previewOrder)
        {
            char hash[41];
            std::snprintf (hash, sizeof (hash), "abcdef00000000000000000000000000%08x", static_cast<unsigned> (seed));
            TrackRecord track;
            track.manifest.infoHashHex = hash;
            track.manifest.fileName = "track-" + std::to_string (seed) + ".ogg";
            track.savePath = "/music";
            track.previewOrder = previewOrder;
            return track;
        }

        [[nodiscard]] std::string idOf (const TrackRecord& track) { return trackIdOf (track.manifest); }

        class TrackStorePreviewTest : public ::testing::Test
        {
        protected:
            test::TemporaryDirectory folder;
            std::filesystem::path file = folder.file ("library.sqlite");
        };
    } // namespace

    TEST_F (TrackStorePreviewTest, PreviewsAreListedOldestFirstAndMoveBackWhenPrefetchedAgain)
    {
        TrackStore store (file);
        const auto library = trackNumbered (1, 0);
        store.putTrack (library);
        EXPECT_EQ (store.nextPreviewOrder(), 1);

        auto first = trackNumbered (2, store.nextPreviewOrder());
        store.putTrack (first);
        auto second = trackNumbered (3, store.nextPreviewOrder());
        store.putTrack (second);
        EXPECT_THAT (store.previews(), ElementsAre (idOf (first), idOf (second)));

        EXPECT_TRUE (store.touchPreview (idOf (first)));
        EXPECT_THAT (store.previews(), ElementsAre (idOf (second), idOf (first)));
        EXPECT_FALSE (store.touchPreview (idOf (library))) << "a library track does not become a preview";
        EXPECT_THAT (store.previews(), ElementsAre (idOf (second), idOf (first)));
        EXPECT_GT (store.nextPreviewOrder(), store.findTrack (idOf (first))->previewOrder);
    }

    TEST_F (TrackStorePreviewTest, APlayedPreviewIsALibraryTrackAndStaysOneWhenItsRecordIsWrittenAgain)
    {
        TrackStore store (file);
        const auto preview = trackNumbered (1, store.nextPreviewOrder());
        store.putTrack (preview);
        ASSERT_NE (store.findTrack (idOf (preview))->previewOrder, 0);

        EXPECT_TRUE (store.markPlayed (idOf (preview)));
        EXPECT_FALSE (store.markPlayed (idOf (preview))) << "once";
        EXPECT_THAT (store.previews(), IsEmpty());

        // A record read before the play (a description finishing late) does not make it a preview again.
        store.putTrack (preview);
        EXPECT_EQ (store.findTrack (idOf (preview))->previewOrder, 0);
        EXPECT_THAT (store.previews(), IsEmpty());
        EXPECT_FALSE (store.markPlayed ("0000000000000000000000000000000000000000"));
    }

    TEST_F (TrackStorePreviewTest, PreviewsAreKeptAcrossReopening)
    {
        const auto preview = trackNumbered (1, 1);
        {
            TrackStore store (file);
            store.putTrack (preview);
        }
        TrackStore store (file);
        EXPECT_THAT (store.previews(), ElementsAre (idOf (preview)));
        EXPECT_EQ (store.findTrack (idOf (preview)), preview);
    }
} // namespace earshot
