#include "Core/ChartRanking.h"

#include <gtest/gtest.h>

namespace earshot
{
    namespace
    {
        /** The titles of a chart, in its order. */
        std::vector<std::string> titlesOf (const Chart& chart, const std::vector<ChartTrack>& tracks)
        {
            std::vector<std::string> titles;
            for (const auto index : chart.ranked)
                titles.push_back (tracks[index].title);
            return titles;
        }

        /** Whole tracks, alike but for their genres. */
        std::vector<ChartTrack> tracksIn (std::initializer_list<std::string> genres)
        {
            std::vector<ChartTrack> tracks;
            for (const auto& genre : genres)
                tracks.push_back ({ genre, "Song " + std::to_string (tracks.size()), 1.0, 0 });
            return tracks;
        }

        using Pairs = std::initializer_list<std::pair<const char*, const char*>>;

        /** Each pair's first comes before its second in natural order, and the second after the first. */
        void expectInOrder (Pairs pairs)
        {
            for (const auto& [before, after] : pairs)
            {
                EXPECT_LT (compareNatural (before, after), 0) << before << " / " << after;
                EXPECT_GT (compareNatural (after, before), 0) << after << " / " << before;
            }
        }

        void expectLevel (Pairs pairs)
        {
            for (const auto& [a, b] : pairs)
                EXPECT_EQ (compareNatural (a, b), 0) << a << " / " << b;
        }
    } // namespace

    TEST (ChartRankingTest, AChartPerGenreTheBiggestFirst)
    {
        const auto charts = chartsByGenre (tracksIn ({ "Lo-Fi", "Downtempo", "Synthwave", "Downtempo" }));
        ASSERT_EQ (charts.size(), 3u);
        EXPECT_EQ (charts[0].genre, "Downtempo");
        EXPECT_EQ (charts[0].ranked.size(), 2u);
        // Genres of one size keep the order of their bytes.
        EXPECT_EQ (charts[1].genre, "Lo-Fi");
        EXPECT_EQ (charts[2].genre, "Synthwave");
    }

    TEST (ChartRankingTest, GenresAreTrimmedAndBlankOnesHaveAChartOfTheirOwn)
    {
        const auto charts = chartsByGenre (tracksIn ({ "  Jazz\t", "Jazz", "", " \n ", "\xc3\x89lectro " }));
        ASSERT_EQ (charts.size(), 3u);
        EXPECT_EQ (charts[0], (Chart { "Jazz", { 0, 1 } }));
        EXPECT_EQ (charts[1], (Chart { std::string (noGenre), { 2, 3 } }));
        EXPECT_EQ (charts[2], (Chart { "\xc3\x89lectro", { 4 } }));
    }

    TEST (ChartRankingTest, WhatIsHereFirstThenTheBiggerSwarmThenTheTitle)
    {
        // As the Discover view's own test: a whole track first, then the crowded half, the quieter
        // half, and the one barely begun.
        const std::vector<ChartTrack> tracks {
            { "Downtempo", "Half Here", 0.5, 9 },
            { "Downtempo", "Barely Here", 0.1, 2 },
            { "Downtempo", "First Light", 1.0, 0 },
            { "Downtempo", "Crowded", 0.5, 30 },
            { "Downtempo", "Track 10", 0.1, 2 },
            { "Downtempo", "track 2", 0.1, 2 },
        };
        const auto charts = chartsByGenre (tracks);
        ASSERT_EQ (charts.size(), 1u);
        EXPECT_EQ (titlesOf (charts[0], tracks), (std::vector<std::string> { "First Light", "Crowded", "Half Here", "Barely Here", "track 2", "Track 10" }));
    }

    TEST (ChartRankingTest, TracksLevelInEverythingKeepTheirOrder)
    {
        const std::vector<ChartTrack> tracks { { "", "Same", 0.5, 1 }, { "", "same", 0.5, 1 }, { "", "Same", 0.5, 1 } };
        EXPECT_EQ (chartsByGenre (tracks)[0].ranked, (std::vector<std::size_t> { 0, 1, 2 }));
        EXPECT_TRUE (chartsByGenre ({}).empty());
    }

    TEST (ChartRankingTest, NaturalOrderReadsNumbersAsNumbers)
    {
        // A leading zero compares digit by digit, as a fraction would ("v0.05" before "v0.5").
        expectInOrder ({ { "Track 2", "Track 10" }, { "Track 9", "Track 10" }, { "Opus 3 No 2", "Opus 3 No 11" }, { "v0.05", "v0.5" } });
        expectLevel ({ { "Track 7", "Track 7" } });
    }

    TEST (ChartRankingTest, NaturalOrderIgnoresCaseAndRunsOfSpace)
    {
        // A prefix comes first ("Neon" before "Neon Tide"), and nothing before anything.
        expectInOrder ({ { "apple", "Banana" }, { "Neon", "Neon Tide" }, { "", "a" } });
        expectLevel ({ { "first light", "First Light" }, { "Paper  Lanterns", "Paper Lanterns" }, { "", "" } });
    }

    TEST (ChartRankingTest, NaturalOrderPutsLettersAndDigitsAfterOtherCharacters)
    {
        // Text beyond ASCII is read a code point at a time: numbers after it still count as numbers.
        expectInOrder ({ { "(Intro)", "Act" }, { "-1", "1" }, { "Caf\xc3\xa9 2", "Caf\xc3\xa9 10" } });
        expectLevel ({ { "Caf\xc3\xa9", "Caf\xc3\xa9" } });
    }
} // namespace earshot
