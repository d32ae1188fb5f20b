#include "HubStoreFixture.h"

namespace earshot::test
{
    namespace
    {
        [[nodiscard]] std::vector<std::string> trackIds (const SearchResult& result)
        {
            std::vector<std::string> ids;
            for (const auto& release : result.releases)
                ids.push_back (release.trackId);
            return ids;
        }
    } // namespace

    /** Four releases with words that are also search syntax in their titles. */
    class HubStoreSearchTest : public HubStoreTest
    {
    protected:
        void SetUp() override
        {
            HubStoreTest::SetUp();

            auto rock = release ("s1", 1, "Rock AND Roll Near Me");
            rock.album = "Highway";
            rock.bpm = 120.0;
            rock.durationMs = 180000;
            auto drive = release ("s2", 2, "Night Drive", "house");
            drive.artistName = "Nadia Kovač";
            drive.bpm = 128.0;
            drive.musicalKey = "Fm";
            auto quote = release ("s3", 3, "Say \"Hello\" * NOT (Goodbye)");
            quote.bpm.reset();
            quote.durationMs = 400000;
            auto nocturne = release ("s4", 4, "Nocturne");
            nocturne.album = "Night Works";
            nocturne.bpm = 90.0;

            for (const auto& each : { rock, drive, quote, nocturne })
                store->putRelease (each);
        }

        [[nodiscard]] SearchResult find (const std::string& text) { return store->search (textSearch (text)); }
    };

    TEST_P (HubStoreSearchTest, FindsEveryWordInTitleArtistOrAlbumWithTheLastAsAPrefix)
    {
        EXPECT_EQ (trackIds (find ("night")), (std::vector<std::string> { "s2", "s4" }));
        EXPECT_EQ (trackIds (find ("nadia")), std::vector<std::string> { "s2" });
        EXPECT_EQ (trackIds (find ("highway roll")), std::vector<std::string> { "s1" });
        EXPECT_EQ (trackIds (find ("noct")), std::vector<std::string> { "s4" });
        EXPECT_EQ (trackIds (find ("NIGHT wor")), std::vector<std::string> { "s4" });
        EXPECT_EQ (find ("night zzz").total, 0);
    }

    TEST_P (HubStoreSearchTest, SearchSyntaxInTheTextIsSearchedLiterallyAndNeverFails)
    {
        EXPECT_EQ (trackIds (find ("AND")), std::vector<std::string> { "s1" });
        EXPECT_EQ (trackIds (find ("NEAR(")), std::vector<std::string> { "s1" });
        EXPECT_EQ (trackIds (find ("\"hello\" NOT")), std::vector<std::string> { "s3" });
        EXPECT_EQ (trackIds (find ("goodbye)")), std::vector<std::string> { "s3" });

        for (const auto* hostile : { "\"", "\"\"\"", "*", "night*", "NEAR(rock roll", "AND OR NOT", "title:rock", "rock -roll", "(((", "'", "''; DROP TABLE hub_releases; --", "^", "rock & roll | !", "\\", "{}[]:", "\xc3\x28", "a:* & b", "NEAR(\"a\" \"b\", 2)" })
        {
            EXPECT_NO_THROW ((void) store->search (textSearch (hostile))) << hostile;
        }

        // Text without any word is no filter at all.
        EXPECT_EQ (find ("\"*(").total, 4);
        EXPECT_EQ (find ("").total, 4);
    }

    TEST_P (HubStoreSearchTest, FiltersCombineWithTextAndPagesCarryTheTotal)
    {
        SearchQuery query;
        query.bpmMin = 100.0;
        query.bpmMax = 130.0;
        EXPECT_EQ (trackIds (store->search (query)), (std::vector<std::string> { "s2", "s1" }));

        query = {};
        query.genre = "house";
        query.musicalKey = "Fm";
        EXPECT_EQ (trackIds (store->search (query)), std::vector<std::string> { "s2" });

        query = {};
        query.durationMinMs = 300000;
        EXPECT_EQ (trackIds (store->search (query)), std::vector<std::string> { "s3" });
        query.durationMinMs.reset();
        query.durationMaxMs = 200000;
        query.text = "rock";
        EXPECT_EQ (trackIds (store->search (query)), std::vector<std::string> { "s1" });

        // Title order: "Night Drive", "Nocturne", "Rock AND...", "Say ..."
        query = {};
        query.limit = 3;
        const auto first = store->search (query);
        EXPECT_EQ (first.total, 4);
        EXPECT_EQ (trackIds (first), (std::vector<std::string> { "s2", "s4", "s1" }));
        query.offset = 3;
        const auto second = store->search (query);
        EXPECT_EQ (second.total, 4);
        EXPECT_EQ (trackIds (second), std::vector<std::string> { "s3" });
    }

    TEST_P (HubStoreSearchTest, TheIndexFollowsAnUpdatedRelease)
    {
        auto renamed = release ("s4", 4, "Aubade");
        store->putRelease (renamed);
        EXPECT_EQ (find ("nocturne").total, 0);
        EXPECT_EQ (trackIds (find ("aubade")), std::vector<std::string> { "s4" });
        EXPECT_EQ (trackIds (reopen()->search (textSearch ("aubade"))), std::vector<std::string> { "s4" });
    }

    INSTANTIATE_TEST_SUITE_P (Backends, HubStoreSearchTest, ::testing::Values (Backend::sqlite, Backend::postgres), backendName);
} // namespace earshot::test
