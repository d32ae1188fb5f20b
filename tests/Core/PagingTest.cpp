#include "Core/Paging.h"
#include "Core/Error.h"

#include <gtest/gtest.h>

namespace earshot
{
    TEST (PagingTest, APageHoldsTheDefaultForNoSizeAndNeverMoreThanTheMaximum)
    {
        EXPECT_EQ (paging::pageSizeOf (0), paging::defaultPageSize);
        EXPECT_EQ (paging::pageSizeOf (1), 1);
        EXPECT_EQ (paging::pageSizeOf (paging::maxPageSize), paging::maxPageSize);
        EXPECT_EQ (paging::pageSizeOf (1'000'000), paging::maxPageSize);
        EXPECT_THROW ((void) paging::pageSizeOf (-1), Error);
    }

    TEST (PagingTest, ATokenGivesBackItsCursorToItsOwnListOnly)
    {
        const PageCursor cursor { 1'750'000'000'123, 42 };
        const auto token = paging::tokenOf ("inbox", cursor);
        EXPECT_EQ (paging::cursorOf ("inbox", token), cursor);
        EXPECT_EQ (paging::cursorOf ("inbox", ""), std::nullopt) << "no token: the first page";
        EXPECT_EQ (paging::cursorOf ("inbox", paging::tokenOf ("inbox", { -5, 0 })), (PageCursor { -5, 0 }));

        try
        {
            (void) paging::cursorOf ("outbox", token);
            FAIL() << "the inbox's token was taken by the outbox";
        }
        catch (const Error& error)
        {
            EXPECT_EQ (error.code(), ErrorCode::invalidArgument);
            EXPECT_NE (std::string (error.what()).find ("ask again without a token"), std::string::npos) << error.what();
        }
    }

    TEST (PagingTest, AMadeUpTokenIsRefusedQuotingOnlyItsStart)
    {
        for (const std::string bad : { "zz", "abc", "696e626f783a31", "696e626f783a313a", "696e626f783a313a32783a" })
            EXPECT_THROW ((void) paging::cursorOf ("inbox", bad), Error) << bad;

        const std::string huge (1'000'000, 'a');
        try
        {
            (void) paging::cursorOf ("inbox", huge);
            FAIL();
        }
        catch (const Error& error)
        {
            EXPECT_LT (std::string (error.what()).size(), 400u) << "the error does not echo a megabyte";
        }
    }
} // namespace earshot
