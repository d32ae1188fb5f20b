#include "Core/NewsRules.h"
#include "Core/Error.h"

#include <gtest/gtest.h>

namespace earshot
{
    namespace
    {
        constexpr std::int64_t dayMs = 86'400'000;
        /** 2027-03-14T12:00Z. */
        constexpr std::int64_t march14Noon = 20'891 * dayMs + dayMs / 2;
    } // namespace

    TEST (NewsRules, DatesReadOnlyAsRealYyyyMmDdDays)
    {
        EXPECT_EQ (newsRules::dayOfDate ("1970-01-01"), 0);
        EXPECT_EQ (newsRules::dayOfDate ("2027-03-14"), 20'891);
        EXPECT_EQ (newsRules::dateOfDay (20'891), "2027-03-14");
        EXPECT_EQ (newsRules::dayOfDate ("2028-02-29"), newsRules::dayOfDate ("2028-02-28").value() + 1) << "a leap day";
        for (const auto* bad : { "2027-02-30", "2027-13-01", "2027-3-14", "14/03/2027", "2027-03-14T20:00", "", "abcd-ef-gh" })
            EXPECT_FALSE (newsRules::dayOfDate (bad).has_value()) << bad;
    }

    TEST (NewsRules, AShowIsPastOnlyOnceItsDayHasEndedEverywhere)
    {
        EXPECT_FALSE (newsRules::isPast ("2027-03-14", march14Noon));
        EXPECT_FALSE (newsRules::isPast ("2027-03-14", march14Noon + dayMs)) << "still the 14th west of UTC";
        EXPECT_TRUE (newsRules::isPast ("2027-03-14", march14Noon + 2 * dayMs));
        EXPECT_TRUE (newsRules::isPast ("not a date", march14Noon));
    }

    TEST (NewsRules, ATourDateNeedsAFutureDayACityAVenueAndAWebLink)
    {
        EXPECT_NO_THROW (newsRules::checkTourDate ({ "2027-03-20", "Lisbon", "Musicbox", "https://musicbox.pt" }, march14Noon));
        EXPECT_NO_THROW (newsRules::checkTourDate ({ "2027-03-14", "Lisbon", "Musicbox", "" }, march14Noon));
        EXPECT_THROW (newsRules::checkTourDate ({ "2027-03-01", "Lisbon", "Musicbox", "" }, march14Noon), Error);
        EXPECT_THROW (newsRules::checkTourDate ({ "2027-03-20", "", "Musicbox", "" }, march14Noon), Error);
        EXPECT_THROW (newsRules::checkTourDate ({ "2027-03-20", "Lisbon", "", "" }, march14Noon), Error);
        EXPECT_THROW (newsRules::checkTourDate ({ "2027-03-20", "Lisbon", "Musicbox", "javascript:alert(1)" }, march14Noon), Error);
        EXPECT_THROW (newsRules::checkTourDate ({ "2027-03-20", std::string (101, 'x'), "Musicbox", "" }, march14Noon), Error);
        try
        {
            newsRules::checkTourDate ({ "2027-03-01", "Lisbon", "Musicbox", "" }, march14Noon);
        }
        catch (const Error& error)
        {
            EXPECT_EQ (error.code(), ErrorCode::invalidArgument);
            EXPECT_NE (std::string (error.what()).find ("past"), std::string::npos) << error.what();
        }
    }

    TEST (NewsRules, ReleasePostsCarryTracksWithinLimits)
    {
        EXPECT_NO_THROW (newsRules::checkRelease ("Desfado", 12));
        EXPECT_THROW (newsRules::checkRelease ("Desfado", 0), Error);
        EXPECT_THROW (newsRules::checkRelease ("Desfado", newsRules::maxReleaseTracks + 1), Error);
        EXPECT_THROW (newsRules::checkRelease (std::string (newsRules::maxTitleBytes + 1, 't'), 1), Error);
        EXPECT_THROW (newsRules::checkPostHeader ("", "Ana"), Error);
        EXPECT_THROW (newsRules::checkPostHeader ("id", std::string (101, 'n')), Error);
    }
} // namespace earshot
