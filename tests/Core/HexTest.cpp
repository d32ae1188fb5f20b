#include "Core/Hex.h"
#include "Core/Error.h"

#include <gtest/gtest.h>

#include <array>

namespace earshot
{
    TEST (HexTest, BytesAreTwoLowerCaseDigitsEachHighHalfFirst)
    {
        const std::array<std::uint8_t, 5> bytes { 0x00, 0x0f, 0xa5, 0xf0, 0xff };
        EXPECT_EQ (toHex (bytes), "000fa5f0ff");
        EXPECT_EQ (toHex (std::string_view ("\x01\xab\x7f", 3)), "01ab7f");
        EXPECT_EQ (toHex (std::string_view()), "");
    }

    TEST (HexTest, EveryByteSurvivesTheRoundTrip)
    {
        std::string all;
        for (int i = 0; i < 256; ++i)
            all += static_cast<char> (i);
        const auto text = toHex (all);
        ASSERT_EQ (text.size(), 512u);
        EXPECT_TRUE (isLowerHex (text, 512));
        EXPECT_EQ (fromHex (text), all);
    }

    TEST (HexTest, DecodingTakesEitherCase)
    {
        EXPECT_EQ (fromHex ("ABcd09"), std::string ("\xab\xcd\x09", 3));
        EXPECT_EQ (fromHex (""), "");
    }

    TEST (HexTest, DecodingRefusesAnOddLengthAndSaysSo)
    {
        try
        {
            (void) fromHex ("abc");
            FAIL() << "an odd number of digits was taken";
        }
        catch (const Error& error)
        {
            EXPECT_EQ (error.code(), ErrorCode::invalidArgument);
            EXPECT_NE (std::string (error.what()).find ("odd number of digits"), std::string::npos) << error.what();
        }
    }

    TEST (HexTest, DecodingNamesTheFirstCharacterThatIsNotADigit)
    {
        for (const auto& [text, position, character] : { std::tuple { "zz00", "character 1", "'z'" }, std::tuple { "0g00", "character 2", "'g'" }, std::tuple { "00 1", "character 3", "' '" } })
        {
            try
            {
                (void) fromHex (text);
                FAIL() << text << " was taken for hex";
            }
            catch (const Error& error)
            {
                const std::string message = error.what();
                EXPECT_EQ (error.code(), ErrorCode::invalidArgument);
                EXPECT_NE (message.find (position), std::string::npos) << message;
                EXPECT_NE (message.find (character), std::string::npos) << message;
            }
        }
    }

    TEST (HexTest, DigitsAndTheirValues)
    {
        EXPECT_EQ (hex::digit (0), '0');
        EXPECT_EQ (hex::digit (10), 'a');
        EXPECT_EQ (hex::digit (0x1f), 'f'); // only the low four bits count
        EXPECT_EQ (hex::valueOf ('7'), 7);
        EXPECT_EQ (hex::valueOf ('b'), 11);
        EXPECT_EQ (hex::valueOf ('F'), 15);
        EXPECT_FALSE (hex::valueOf ('g').has_value());
        EXPECT_FALSE (hex::valueOf ('/').has_value());
    }

    TEST (HexTest, LowerHexOfALengthIsExactlyThat)
    {
        EXPECT_TRUE (isLowerHex ("0123456789abcdef", 16));
        EXPECT_FALSE (isLowerHex ("0123456789abcdef", 40)); // too short
        EXPECT_FALSE (isLowerHex ("0123456789ABCDEF", 16)); // upper case is not a track id
        EXPECT_FALSE (isLowerHex ("0123456789abcdeg", 16));
        EXPECT_TRUE (isLowerHex ("", 0));
    }
} // namespace earshot
