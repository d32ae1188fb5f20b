#include "Core/SearchFilters.h"

#include "Core/Error.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace earshot
{
    namespace
    {
        using namespace searchFilters;
        using ::testing::AllOf;
        using ::testing::HasSubstr;

        /** The message of the Error text gives, which must be an invalid argument. */
        template <typename Fn>
        std::string refusal (Fn parse)
        {
            try
            {
                (void) parse();
            }
            catch (const Error& error)
            {
                EXPECT_EQ (error.code(), ErrorCode::invalidArgument);
                return error.what();
            }
            ADD_FAILURE() << "accepted";
            return {};
        }
    } // namespace

    TEST (SearchFiltersTest, BpmTakesARangeOneValueOrOneEnd)
    {
        EXPECT_EQ (parseBpmRange ("120-128"), (FilterRange<double> { 120.0, 128.0 }));
        EXPECT_EQ (parseBpmRange ("120"), (FilterRange<double> { 120.0, 120.0 }));
        EXPECT_EQ (parseBpmRange ("120-"), (FilterRange<double> { 120.0, 0.0 }));
        EXPECT_EQ (parseBpmRange ("-128"), (FilterRange<double> { 0.0, 128.0 }));
        EXPECT_EQ (parseBpmRange ("87.5-90"), (FilterRange<double> { 87.5, 90.0 }));
    }

    TEST (SearchFiltersTest, BadBpmNamesTheOptionAndWhatItTakes)
    {
        for (const auto* bad : { "", "-", "fast", "120-128-130", "120 - 128", "0", "-0", "nan", "1e9", "+120" })
            EXPECT_THAT (refusal ([&]
                                  { return parseBpmRange (bad); }),
                         AllOf (HasSubstr ("--bpm"), HasSubstr ("120-128")))
                << bad;
        EXPECT_THAT (refusal ([]
                              { return parseBpmRange ("128-120"); }),
                     AllOf (HasSubstr ("--bpm"), HasSubstr ("backwards")));
    }

    TEST (SearchFiltersTest, LengthsInUnitsClockOrSeconds)
    {
        EXPECT_EQ (parseDurationMs ("90s"), 90'000u);
        EXPECT_EQ (parseDurationMs ("2m"), 120'000u);
        EXPECT_EQ (parseDurationMs ("2m30s"), 150'000u);
        EXPECT_EQ (parseDurationMs ("1h2m"), 3'720'000u);
        EXPECT_EQ (parseDurationMs ("3:15"), 195'000u);
        EXPECT_EQ (parseDurationMs ("1:02:03"), 3'723'000u);
        EXPECT_EQ (parseDurationMs ("95"), 95'000u);
    }

    TEST (SearchFiltersTest, DurationTakesARangeOneValueOrOneEnd)
    {
        EXPECT_EQ (parseDurationRange ("2m-5m"), (FilterRange<std::uint64_t> { 120'000, 300'000 }));
        EXPECT_EQ (parseDurationRange ("3:15"), (FilterRange<std::uint64_t> { 195'000, 195'000 }));
        EXPECT_EQ (parseDurationRange ("2m30s-"), (FilterRange<std::uint64_t> { 150'000, 0 }));
        EXPECT_EQ (parseDurationRange ("-4:00"), (FilterRange<std::uint64_t> { 0, 240'000 }));
    }

    TEST (SearchFiltersTest, BadLengthsNameTheOptionAndWhatItTakes)
    {
        for (const auto* bad : { "", "-", "2x", "m", "30s2m", "2m2m", "3:75", "3:5", ":15", "1:2:3:4", "2m-5m-6m", "0s", "2.5m", "-2m-" })
            EXPECT_THAT (refusal ([&]
                                  { return parseDurationRange (bad); }),
                         AllOf (HasSubstr ("--duration"), HasSubstr ("2m30s")))
                << bad;
        EXPECT_THAT (refusal ([]
                              { return parseDurationRange ("5m-2m"); }),
                     AllOf (HasSubstr ("--duration"), HasSubstr ("backwards")));
        EXPECT_THAT (refusal ([]
                              { return parseDurationMs ("soon", "--at"); }),
                     HasSubstr ("--at: 'soon'"));
    }
} // namespace earshot
