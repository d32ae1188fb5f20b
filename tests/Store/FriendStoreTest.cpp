#include "PassFixtures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

namespace earshot
{
    namespace
    {
        using namespace test;
        using ::testing::ElementsAre;
        using ::testing::HasSubstr;

        class FriendStoreTest : public PassFileTest
        {
        };
    } // namespace

    TEST_F (FriendStoreTest, AFriendIsFoundByKeyAndByNameIgnoringCase)
    {
        PassData store (file);
        const auto alice = makeFriend (1, "Alice");

        EXPECT_TRUE (store.friends.add (alice));

        EXPECT_EQ (store.friends.findByKey (keyFor (1)), alice);
        EXPECT_EQ (store.friends.findByName ("Alice"), alice);
        EXPECT_EQ (store.friends.findByName ("aLiCe"), alice);
        EXPECT_FALSE (store.friends.findByName ("Alic").has_value());
        EXPECT_FALSE (store.friends.findByKey (keyFor (2)).has_value());
    }

    TEST_F (FriendStoreTest, AddingTheSameKeyAgainChangesNameAndAddressButNotWhenTheyWereAdded)
    {
        PassData store (file);
        ASSERT_TRUE (store.friends.add (makeFriend (1, "Alice")));

        auto moved = makeFriend (1, "ALICE at home");
        moved.host = "2001:db8::7";
        moved.port = 9999;
        moved.addedAtMs = t0 + 5000;

        EXPECT_FALSE (store.friends.add (moved)) << "an update, not a new friend";

        auto expected = moved;
        expected.addedAtMs = makeFriend (1, "").addedAtMs;
        EXPECT_THAT (store.friends.list(), ElementsAre (expected));
        EXPECT_FALSE (store.friends.findByName ("Alice").has_value());

        // A friend may change the case of their own name.
        moved.name = "alice at home";
        EXPECT_NO_THROW (store.friends.add (moved));
        EXPECT_EQ (store.friends.findByKey (keyFor (1))->name, "alice at home");
    }

    TEST_F (FriendStoreTest, ANameAnotherFriendHasIsRefusedIgnoringCaseAndTheErrorNamesIt)
    {
        PassData store (file);
        ASSERT_TRUE (store.friends.add (makeFriend (1, "Alice")));
        ASSERT_TRUE (store.friends.add (makeFriend (2, "Bob")));

        for (const auto* taken : { "Alice", "alice", "ALICE" })
        {
            try
            {
                store.friends.add (makeFriend (3, taken));
                ADD_FAILURE() << "expected std::invalid_argument for " << taken;
            }
            catch (const std::invalid_argument& e)
            {
                EXPECT_THAT (e.what(), HasSubstr (std::string ("\"") + taken + "\""));
                EXPECT_THAT (e.what(), HasSubstr ("choose another name"));
            }
        }

        // Renaming an existing friend to a taken name is refused too, and changes nothing.
        EXPECT_THROW (store.friends.add (makeFriend (2, "aLICE")), std::invalid_argument);

        EXPECT_FALSE (store.friends.findByKey (keyFor (3)).has_value());
        EXPECT_EQ (store.friends.findByKey (keyFor (2)), makeFriend (2, "Bob"));
        EXPECT_EQ (store.friends.list().size(), 2u);
    }

    TEST_F (FriendStoreTest, AFriendNeedsANameAHostAPortAndATime)
    {
        PassData store (file);
        auto noName = makeFriend (1, "");
        auto noHost = makeFriend (1, "Alice");
        noHost.host = "";
        auto noPort = makeFriend (1, "Alice");
        noPort.port = 0;
        auto badTime = makeFriend (1, "Alice");
        badTime.addedAtMs = -1;

        EXPECT_THROW (store.friends.add (noName), std::invalid_argument);
        EXPECT_THROW (store.friends.add (noHost), std::invalid_argument);
        EXPECT_THROW (store.friends.add (noPort), std::invalid_argument);
        EXPECT_THROW (store.friends.add (badTime), std::invalid_argument);
        EXPECT_TRUE (store.friends.list().empty());
    }

    TEST_F (FriendStoreTest, ListFriendsIsOrderedByNameIgnoringCase)
    {
        PassData store (file);
        store.friends.add (makeFriend (1, "carol"));
        store.friends.add (makeFriend (2, "Bob"));
        store.friends.add (makeFriend (3, "alice"));
        store.friends.add (makeFriend (4, "Dave"));

        std::vector<std::string> names;

        for (const auto& each : store.friends.list())
            names.push_back (each.name);

        EXPECT_THAT (names, ElementsAre ("alice", "Bob", "carol", "Dave"));
    }

    TEST_F (FriendStoreTest, PagesGoOnByNameIgnoringCaseFromTheLastFriendGiven)
    {
        PassData store (file);
        store.friends.add (makeFriend (1, "carol"));
        store.friends.add (makeFriend (2, "Bob"));
        store.friends.add (makeFriend (3, "alice"));
        store.friends.add (makeFriend (4, "Dave"));

        const auto first = store.friends.listPage (std::nullopt, 2);
        ASSERT_EQ (first.entries.size(), 2u);
        EXPECT_TRUE (first.more);
        EXPECT_EQ (first.entries.back().name, "Bob");

        store.friends.add (makeFriend (5, "ANNA")); // behind the page given
        store.friends.add (makeFriend (6, "bobby")); // ahead of it, in NOCASE order

        std::vector<std::string> names;
        const auto rest = store.friends.listPage (FriendStore::pageKeyOf (first.entries.back()), 10);
        for (const auto& each : rest.entries)
            names.push_back (each.name);
        EXPECT_THAT (names, ElementsAre ("bobby", "carol", "Dave"));
        EXPECT_FALSE (rest.more);
        EXPECT_EQ (store.friends.count(), 6u);
    }
} // namespace earshot
