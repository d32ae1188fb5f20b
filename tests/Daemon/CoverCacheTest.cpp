#include "Daemon/CoverCache.h"

#include <gtest/gtest.h>

namespace earshot
{
    namespace
    {
        /** A cover whose kept size (id, bytes and type) is exactly size bytes for a 2-letter id. */
        Cover coverOf (std::size_t size, char fill = 'x')
        {
            return { std::string (size - 2 - 10, fill), "image/jpeg" };
        }
    } // namespace

    TEST (CoverCacheTest, KeepsCoversByTrack)
    {
        CoverCache cache (1000);
        EXPECT_FALSE (cache.find ("t1").has_value());
        cache.put ("t1", coverOf (100, 'a'));
        cache.put ("t2", coverOf (100, 'b'));
        ASSERT_TRUE (cache.find ("t1").has_value());
        EXPECT_EQ (cache.find ("t1")->bytes, coverOf (100, 'a').bytes);
        EXPECT_EQ (cache.find ("t1")->mimeType, "image/jpeg");
        EXPECT_EQ (cache.find ("t2")->bytes, coverOf (100, 'b').bytes);
        EXPECT_EQ (cache.sizeBytes(), 200u);
    }

    TEST (CoverCacheTest, DropsTheLeastRecentlyUsedPastItsBound)
    {
        CoverCache cache (300);
        cache.put ("t1", coverOf (100));
        cache.put ("t2", coverOf (100));
        cache.put ("t3", coverOf (100));
        (void) cache.find ("t1"); // used: t2 is now the oldest
        cache.put ("t4", coverOf (100));
        EXPECT_TRUE (cache.find ("t1").has_value());
        EXPECT_FALSE (cache.find ("t2").has_value());
        EXPECT_TRUE (cache.find ("t3").has_value());
        EXPECT_TRUE (cache.find ("t4").has_value());
        EXPECT_EQ (cache.sizeBytes(), 300u);

        cache.put ("t5", coverOf (250)); // room for it alone
        EXPECT_TRUE (cache.find ("t5").has_value());
        EXPECT_FALSE (cache.find ("t1").has_value());
        EXPECT_LE (cache.sizeBytes(), 300u);
    }

    TEST (CoverCacheTest, ReplacesATracksCoverAndKeepsNoneLargerThanItsBound)
    {
        CoverCache cache (300);
        cache.put ("t1", coverOf (100, 'a'));
        cache.put ("t1", coverOf (150, 'b'));
        EXPECT_EQ (cache.find ("t1")->bytes, coverOf (150, 'b').bytes);
        EXPECT_EQ (cache.sizeBytes(), 150u);

        cache.put ("t2", coverOf (301));
        EXPECT_FALSE (cache.find ("t2").has_value());
        EXPECT_TRUE (cache.find ("t1").has_value()) << "a cover too large for the cache drops nothing";
    }
} // namespace earshot
