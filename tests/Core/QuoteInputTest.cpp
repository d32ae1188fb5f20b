#include "Core/QuoteInput.h"

#include <gtest/gtest.h>

namespace earshot
{
    TEST (QuoteInputTest, ShortInputIsShownWholeInQuotes)
    {
        EXPECT_EQ (quoteInput ("abc"), "'abc'");
        EXPECT_EQ (quoteInput (""), "''");
        EXPECT_EQ (quoteInput ("Café Noir"), "'Café Noir'");
    }

    TEST (QuoteInputTest, LongInputIsCutAndItsSizeNamed)
    {
        const std::string huge (10 * 1024 * 1024, 'x');
        const auto shown = quoteInput (huge);
        EXPECT_EQ (shown, "'" + std::string (defaultQuoteBytes, 'x') + "…' (10485760 bytes)");
        EXPECT_LT (shown.size(), 120u);
    }

    TEST (QuoteInputTest, ACutNeverSplitsACharacter)
    {
        // "é" is two bytes: with room for 3 bytes only "aé" fits, never "a" and half an "é".
        EXPECT_EQ (quoteInput ("aéé", 3), "'aé…' (5 bytes)");
        EXPECT_EQ (quoteInput ("aéé", 4), "'aé…' (5 bytes)");
        EXPECT_EQ (quoteInput ("aéé", 5), "'aéé'");
    }

    TEST (QuoteInputTest, ControlCharactersAndBrokenSequencesAreEscaped)
    {
        EXPECT_EQ (quoteInput (std::string_view ("a\nb\0c", 5)), "'a\\x0ab\\x00c'");
        EXPECT_EQ (quoteInput ("\x1b[31m"), "'\\x1b[31m'");
        // A lead byte without its continuation, and a stray continuation byte.
        EXPECT_EQ (quoteInput ("\xc3x\x80"), "'\\xc3x\\x80'");
    }
} // namespace earshot
