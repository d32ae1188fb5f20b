#include "PassFixtures.h"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>

namespace earshot
{
    namespace
    {
        using namespace test;

        class UploadStoreTest : public PassFileTest
        {
        };
    } // namespace

    TEST_F (UploadStoreTest, UploadedBytesAccumulatePerFriendOverEveryTrack)
    {
        PassData store (file);
        EXPECT_EQ (store.uploads.uploadedTo (keyFor (1)), 0);

        store.uploads.add (keyFor (1), trackIdFor (1), 1000);
        store.uploads.add (keyFor (1), trackIdFor (1), 500);
        store.uploads.add (keyFor (1), trackIdFor (2), 4'000'000'000);
        store.uploads.add (keyFor (1), trackIdFor (2), 0);
        store.uploads.add (keyFor (2), trackIdFor (1), 7);

        EXPECT_EQ (store.uploads.uploadedTo (keyFor (1)), 4'000'001'500);
        EXPECT_EQ (store.uploads.uploadedTo (keyFor (2)), 7);
        EXPECT_EQ (store.uploads.uploadedTo (keyFor (3)), 0);
    }

    TEST_F (UploadStoreTest, AddUploadedRefusesNegativeBytesBadTrackIdsAndOverflow)
    {
        PassData store (file);
        constexpr auto largest = std::numeric_limits<std::int64_t>::max();
        store.uploads.add (keyFor (1), trackIdFor (1), largest - 10);

        EXPECT_THROW (store.uploads.add (keyFor (1), trackIdFor (1), -1), std::invalid_argument);
        EXPECT_THROW (store.uploads.add (keyFor (1), "not-a-track", 1), std::invalid_argument);
        EXPECT_THROW (store.uploads.add (keyFor (1), trackIdFor (1), 11), std::invalid_argument);
        EXPECT_EQ (store.uploads.uploadedTo (keyFor (1)), largest - 10) << "a refused add changes nothing";

        store.uploads.add (keyFor (1), trackIdFor (1), 10);
        EXPECT_EQ (store.uploads.uploadedTo (keyFor (1)), largest);
    }
} // namespace earshot
