#include "Core/Paging.h"
#include "Core/Error.h"
#include "Core/Hex.h"

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
        EXPECT_EQ (paging::cursorOf ("inbox", paging::tokenOf ("inbox", PageCursor { -5, 0 })), (PageCursor { -5, 0 }));

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

    TEST (PagingTest, AKeyTokenGivesBackItsKeyToItsOwnListAndShapeOnly)
    {
        // Text with the separators, a NUL and bytes of every value in it: the token carries it whole.
        std::string bytes (1, '\0');
        for (int c = 1; c < 256; ++c)
            bytes += static_cast<char> (c);
        const PageKey key { std::string ("Album: 1; s3:x"), std::int64_t { -7 }, bytes, std::string() };
        const auto token = paging::tokenOf ("tracks", key);
        EXPECT_EQ (paging::keyOf ("tracks", token, "siss"), key);
        EXPECT_EQ (paging::keyOf ("tracks", "", "siss"), std::nullopt) << "no token: the first page";

        EXPECT_THROW ((void) paging::keyOf ("friends", token, "siss"), Error) << "another list's token";
        EXPECT_THROW ((void) paging::keyOf ("tracks", token, "sis"), Error) << "a key of another shape";
        EXPECT_THROW ((void) paging::keyOf ("tracks", token, "ssss"), Error) << "an integer where text belongs";
        EXPECT_THROW ((void) paging::keyOf ("tracks", paging::tokenOf ("tracks", PageCursor { 1, 2 }), "ii"), Error)
            << "a cursor token is not a key token";
        EXPECT_THROW ((void) paging::cursorOf ("tracks", token), Error) << "nor the other way round";
    }

    TEST (PagingTest, AMadeUpKeyTokenIsRefused)
    {
        for (const std::string bad : { "tracks/s5:abc", "tracks/s-1:", "tracks/i12", "tracks/iab;", "tracks/q1;", "tracks/s99999999999999999999:x" })
            EXPECT_THROW ((void) paging::keyOf ("tracks", toHex (bad), "s"), Error) << bad;
        EXPECT_EQ (paging::keyOf ("tracks", toHex (std::string ("tracks/s3:abci4;")), "si"), (PageKey { std::string ("abc"), std::int64_t { 4 } }));
    }
} // namespace earshot
