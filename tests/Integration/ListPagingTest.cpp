// The daemon's lists a page at a time, against a real earshotd: a large library, many friends,
// follows and tour dates come page by page, each entry exactly once and in a stable order while
// entries are added between pages; page sizes are bounded, a page of large tracks stays within
// its byte budget, made-up and other lists' tokens are refused, and the command line still shows
// everything.

#include "Core/FriendCode.h"
#include "Core/Hex.h"
#include "Core/Paging.h"
#include "Support/DaemonProcess.h"
#include "Support/SyntheticWav.h"

#include "earshot/v1/library.grpc.pb.h"
#include "earshot/v1/news.grpc.pb.h"

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <tuple>

using namespace earshot;
using namespace earshot::testing;
using ::testing::HasSubstr;

namespace
{
    constexpr std::size_t pageBytes = 8 * 1024 * 1024;

    class ListPagingTest : public ::testing::Test
    {
    protected:
        void SetUp() override
        {
            daemon.start();
            // As DaemonClient does: a page of large tracks is more than gRPC's default 4 MiB.
            grpc::ChannelArguments arguments;
            arguments.SetMaxReceiveMessageSize (64 * 1024 * 1024);
            const auto channel = grpc::CreateCustomChannel (daemon.apiAddress(), grpc::InsecureChannelCredentials(), arguments);
            library = v1::Library::NewStub (channel);
            news = v1::News::NewStub (channel);
        }

        /** One call of a list on its stub. */
        template <typename Stub, typename Request, typename Response>
        grpc::Status call (Stub& stub, grpc::Status (Stub::*method) (grpc::ClientContext*, const Request&, Response*), const Request& request, Response& response)
        {
            grpc::ClientContext context;
            context.set_deadline (std::chrono::system_clock::now() + std::chrono::seconds (30));
            return (stub.*method) (&context, request, &response);
        }

        /** Every page of a list from the first, page_size at a time; between pages, betweenPages
            (page number from 1) may add entries. Each page is handed to onPage. Stops after
            maxPages, which a list that never ends would exceed. */
        template <typename Stub, typename Request, typename Response, typename OnPage>
        int readAllPages (Stub& stub, grpc::Status (Stub::*method) (grpc::ClientContext*, const Request&, Response*), Request request, int pageSize, OnPage onPage, const std::function<void (int)>& betweenPages = {})
        {
            request.set_page_size (pageSize);
            constexpr int maxPages = 100;
            for (int page = 1; page <= maxPages; ++page)
            {
                Response response;
                const auto status = call (stub, method, request, response);
                EXPECT_TRUE (status.ok()) << status.error_message();
                if (! status.ok())
                    return page;
                EXPECT_LE (static_cast<int> (response.GetReflection()->FieldSize (response, response.GetDescriptor()->field (0))), pageSize);
                onPage (response);
                if (response.next_page_token().empty())
                    return page;
                if (betweenPages)
                    betweenPages (page);
                request.set_page_token (response.next_page_token());
            }
            ADD_FAILURE() << "the list did not end within " << maxPages << " pages";
            return maxPages;
        }

        CommandResult runCli (const std::string& arguments) const
        {
            return runCommand (std::string (EARSHOT_CLI_BINARY) + " --api " + daemon.apiAddress() + " " + arguments + " 2>&1");
        }

        /** A folder of count short WAVs, each its own (a tone of its folder's and its own). */
        std::string wavFolder (const std::string& name, int count)
        {
            const auto tone = 200.0 + 1000.0 * static_cast<double> (++folders);
            const auto folder = root.path() / name;
            std::filesystem::create_directories (folder);
            for (int i = 0; i < count; ++i)
            {
                char number[16];
                std::snprintf (number, sizeof (number), "%03d", i);
                syntheticWav::write (folder / (std::string (number) + ".wav"), 0.02, [i, tone] (double t)
                                     { return 0.1 * std::sin (t * (tone + i)); });
            }
            return folder.string();
        }

        /** A code for a friend who is nobody: a random key at a closed port. */
        static std::string friendCodeOf (std::mt19937& random)
        {
            FriendCode code;
            for (auto& byte : code.publicKey)
                byte = static_cast<std::uint8_t> (random());
            code.host = "127.0.0.1";
            code.port = 9;
            return formatFriendCode (code);
        }

        static std::string randomKeyHex (std::mt19937& random)
        {
            std::string bytes (32, '\0');
            for (auto& byte : bytes)
                byte = static_cast<char> (random());
            return toHex (bytes);
        }

        /** A day in 2027 or later, when the test's dates are all upcoming. */
        static std::string futureDate (int index)
        {
            char date[16];
            std::snprintf (date, sizeof (date), "%04d-%02d-%02d", 2027 + index / 300, 1 + (index / 25) % 12, 1 + index % 25);
            return date;
        }

        /** A .torrent of an album of count audio files whose names are nameBytes long, one piece
            each: its dictionary names every file, so each of its tracks, which carries it, is
            large. */
        static std::string albumTorrent (int count, std::size_t nameBytes, std::mt19937& random)
        {
            constexpr int pieceLength = 16384;
            std::string files;
            std::string pieces;
            for (int i = 0; i < count; ++i)
            {
                char number[16];
                std::snprintf (number, sizeof (number), "%03d-", i);
                auto name = std::string (number);
                name += std::string (nameBytes - name.size() - 4, 'x') + ".ogg";
                files += "d6:lengthi" + std::to_string (pieceLength) + "e4:pathl" + std::to_string (name.size()) + ":" + name + "ee";
                for (int b = 0; b < 20; ++b)
                    pieces += static_cast<char> (random());
            }
            return "d4:infod5:filesl" + files + "e4:name5:album12:piece lengthi" + std::to_string (pieceLength) + "e6:pieces"
                   + std::to_string (pieces.size()) + ":" + pieces + "ee";
        }

        int folders = 0;
        TemporaryDirectory root { "earshot-list-paging" };
        DaemonProcess daemon { root.path() / "daemon" };
        std::unique_ptr<v1::Library::Stub> library;
        std::unique_ptr<v1::News::Stub> news;
    };

    /** Where a track stands in ListTracks' order: album, track number, title, id. */
    using TrackKey = std::tuple<std::string, std::uint32_t, std::string, std::string>;
    TrackKey keyOf (const v1::Track& track)
    {
        const auto& metadata = track.manifest().metadata();
        return { metadata.album(), metadata.track_number(), metadata.title(), track.id() };
    }

    /** The INVALID_ARGUMENT a refused token gives, and its message. */
    void expectRefusedToken (const grpc::Status& status, const std::string& list)
    {
        EXPECT_EQ (status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
        EXPECT_THAT (status.error_message(), HasSubstr ("is not one this daemon's " + list + " list gave"));
        EXPECT_THAT (status.error_message(), HasSubstr ("without a token"));
    }
} // namespace

TEST_F (ListPagingTest, TheLibraryComesPageByPageEachTrackOnceInOrderWhileTracksArePublished)
{
    const auto first = daemon.client().publish ({ wavFolder ("many", 250) });
    ASSERT_EQ (first.size(), 250u);
    std::set<std::string> published;
    for (const auto& track : first)
        published.insert (track.id);

    std::map<std::string, int> seen;
    std::vector<TrackKey> order;
    std::vector<std::string> added;
    v1::ListTracksResponse last;
    const auto pages = readAllPages (
        *library, &v1::Library::Stub::ListTracks, v1::ListTracksRequest(), 60, [&] (const v1::ListTracksResponse& page)
        {
        for (const auto& track : page.tracks())
        {
            ++seen[track.id()];
            order.push_back (keyOf (track));
        }
        last = page; },
        [&] (int page)
        {
        // Between pages, more tracks join the library: the pages go on where they were.
        if (page <= 2)
            for (const auto& track : daemon.client().publish ({ wavFolder ("more" + std::to_string (page), 10) }))
                added.push_back (track.id); });

    EXPECT_GE (pages, 5);
    for (const auto& id : published)
        EXPECT_EQ (seen[id], 1) << "track " << id << " was given " << seen[id] << " times";
    for (const auto& [id, times] : seen)
        EXPECT_EQ (times, 1) << id;
    EXPECT_TRUE (std::is_sorted (order.begin(), order.end()) && std::adjacent_find (order.begin(), order.end()) == order.end())
        << "the pages follow one order: album, track number, title, id";
    ASSERT_EQ (added.size(), 20u);
    EXPECT_EQ (last.total(), 270u);

    // Page sizes: 0 is the default of 100, a negative one is refused, a huge one is capped, and a
    // page of these large tracks stops at the byte budget however many were asked for.
    v1::ListTracksRequest request;
    v1::ListTracksResponse page;
    ASSERT_TRUE (call (*library, &v1::Library::Stub::ListTracks, request, page).ok());
    EXPECT_EQ (page.tracks_size(), 100);
    EXPECT_FALSE (page.next_page_token().empty());
    EXPECT_EQ (page.total(), 270u);

    request.set_page_size (-1);
    const auto negative = call (*library, &v1::Library::Stub::ListTracks, request, page);
    EXPECT_EQ (negative.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT (negative.error_message(), HasSubstr ("the page size -1 is negative"));

    request.set_page_size (1'000'000);
    page.Clear();
    ASSERT_TRUE (call (*library, &v1::Library::Stub::ListTracks, request, page).ok());
    EXPECT_EQ (page.tracks_size(), 270) << "small tracks: the page holds every one asked for, up to 1000";
    EXPECT_TRUE (page.next_page_token().empty());

    // A token is the list's own: made up, or another list's, it is refused.
    request.set_page_size (10);
    ASSERT_TRUE (call (*library, &v1::Library::Stub::ListTracks, request, page).ok());
    const auto tracksToken = page.next_page_token();
    ASSERT_FALSE (tracksToken.empty());
    request.set_page_token ("not-a-token");
    expectRefusedToken (call (*library, &v1::Library::Stub::ListTracks, request, page), "tracks");
    request.set_page_token (tracksToken.substr (0, tracksToken.size() - 2)); // cut short
    expectRefusedToken (call (*library, &v1::Library::Stub::ListTracks, request, page), "tracks");
    v1::ListFriendsRequest friendsRequest;
    v1::ListFriendsResponse friendsPage;
    friendsRequest.set_page_token (tracksToken);
    expectRefusedToken (call (*library, &v1::Library::Stub::ListFriends, friendsRequest, friendsPage), "friends");

    // The client, and so the command line, still has the whole library.
    EXPECT_EQ (daemon.client().listTracks().size(), 270u);
    const auto listed = runCli ("list");
    EXPECT_EQ (listed.exitCode, 0) << listed.output;
    EXPECT_EQ (std::count (listed.output.begin(), listed.output.end(), '\n'), 270) << listed.output.substr (0, 2000);
    for (const auto& id : added)
        EXPECT_THAT (listed.output, HasSubstr (id.substr (0, 12)));
}

TEST_F (ListPagingTest, ThePagesStayTrueAfterPublishingRemovingAndARestart)
{
    // The daemon keeps the listing in memory once listed: each change must show in the next list.
    std::set<std::string> expected;
    const auto pagedIds = [&]
    {
        std::vector<std::string> ids;
        (void) readAllPages (*library, &v1::Library::Stub::ListTracks, v1::ListTracksRequest(), 7, [&] (const v1::ListTracksResponse& page)
                             {
            for (const auto& track : page.tracks())
                ids.push_back (track.id());
            EXPECT_EQ (page.total(), static_cast<std::uint32_t> (expected.size())); });
        return std::set<std::string> (ids.begin(), ids.end());
    };

    for (const auto& track : daemon.client().publish ({ wavFolder ("first", 20) }))
        expected.insert (track.id);
    ASSERT_EQ (expected.size(), 20u);
    EXPECT_EQ (pagedIds(), expected);

    for (const auto& track : daemon.client().publish ({ wavFolder ("second", 5) }))
        expected.insert (track.id);
    EXPECT_EQ (pagedIds(), expected) << "published after a list";

    const std::vector<std::string> removed { *expected.begin(), *std::next (expected.begin(), 10) };
    for (const auto& id : removed)
    {
        daemon.client().removeTrack (id, false);
        expected.erase (id);
    }
    EXPECT_EQ (pagedIds(), expected) << "removed after a list";
    ASSERT_EQ (expected.size(), 23u);

    ASSERT_EQ (daemon.stop(), 0);
    SetUp(); // starts the daemon again on its folder, with new stubs
    EXPECT_EQ (pagedIds(), expected) << "after a restart";
}

TEST_F (ListPagingTest, APageOfLargeTracksStopsAtItsByteBudgetAndThePagesGiveThemAll)
{
    // An album of 250 files with long names: each of its tracks carries its ~60 KB dictionary,
    // so the album is more than a page's byte budget.
    std::mt19937 random (3);
    v1::AddTrackRequest add;
    add.set_torrent_file (albumTorrent (250, 220, random));
    v1::AddTrackResponse added;
    const auto addStatus = call (*library, &v1::Library::Stub::AddTrack, add, added);
    ASSERT_TRUE (addStatus.ok()) << addStatus.error_message();
    ASSERT_EQ (added.tracks_size(), 250);

    v1::ListTracksRequest request;
    request.set_page_size (paging::maxPageSize);
    v1::ListTracksResponse page;
    ASSERT_TRUE (call (*library, &v1::Library::Stub::ListTracks, request, page).ok());
    const auto largest = std::max_element (page.tracks().begin(), page.tracks().end(), [] (const v1::Track& a, const v1::Track& b)
                                           { return a.ByteSizeLong() < b.ByteSizeLong(); });
    ASSERT_NE (largest, page.tracks().end());
    EXPECT_GT (largest->ByteSizeLong(), 50'000u) << "each track carries the album's dictionary";
    EXPECT_LT (page.tracks_size(), 250) << "the page stopped at its byte budget";
    EXPECT_GE (page.ByteSizeLong(), pageBytes - largest->ByteSizeLong()) << "and not long before it";
    EXPECT_LE (page.ByteSizeLong(), pageBytes + 2 * largest->ByteSizeLong());
    EXPECT_FALSE (page.next_page_token().empty());
    EXPECT_EQ (page.total(), 250u);
    std::printf ("a page of large tracks, 1000 asked for: %d tracks, %zu bytes (budget %zu)\n", page.tracks_size(), page.ByteSizeLong(), pageBytes);

    std::map<std::string, int> seen;
    (void) readAllPages (*library, &v1::Library::Stub::ListTracks, v1::ListTracksRequest(), paging::maxPageSize, [&] (const v1::ListTracksResponse& each)
                         {
        for (const auto& track : each.tracks())
            ++seen[track.id()]; });
    EXPECT_EQ (seen.size(), 250u);
    for (const auto& [id, times] : seen)
        EXPECT_EQ (times, 1) << id;
    EXPECT_EQ (daemon.client().listTracks().size(), 250u);
}

TEST_F (ListPagingTest, FriendsComePageByPageByNameWhileFriendsAreAdded)
{
    std::mt19937 random (7);
    std::set<std::string> original;
    for (int i = 0; i < 150; ++i)
    {
        // Names in mixed case: the order ignores the case of ASCII letters.
        const auto name = std::string (i % 2 == 0 ? "Friend " : "friend ") + std::to_string (1000 + i * 7 % 150);
        (void) daemon.client().addFriend (friendCodeOf (random), name);
        original.insert (name);
    }

    std::map<std::string, int> seen;
    std::vector<std::string> order;
    std::vector<std::string> added;
    v1::ListFriendsResponse last;
    (void) readAllPages (
        *library, &v1::Library::Stub::ListFriends, v1::ListFriendsRequest(), 40, [&] (const v1::ListFriendsResponse& page)
        {
        for (const auto& each : page.friends())
        {
            ++seen[each.name()];
            auto folded = each.name();
            std::transform (folded.begin(), folded.end(), folded.begin(), [] (unsigned char c) { return static_cast<char> (std::tolower (c)); });
            order.push_back (folded);
        }
        last = page; },
        [&] (int page)
        {
        // Some sort before the pages given, some after.
        for (const auto* name : { "Aaron", "zoe" })
        {
            const auto newName = std::string (name) + " " + std::to_string (page);
            (void) daemon.client().addFriend (friendCodeOf (random), newName);
            added.push_back (newName);
        } });

    for (const auto& name : original)
        EXPECT_EQ (seen[name], 1) << name;
    for (const auto& [name, times] : seen)
        EXPECT_EQ (times, 1) << name;
    EXPECT_TRUE (std::is_sorted (order.begin(), order.end()) && std::adjacent_find (order.begin(), order.end()) == order.end());
    for (const auto& name : added)
        EXPECT_EQ (seen.count (name), name.starts_with ("zoe") ? 1u : 0u) << name << ": a friend added ahead of the pages is given, one behind them is not";
    EXPECT_EQ (last.total(), 150u + added.size());

    v1::ListFriendsRequest request;
    request.set_page_size (0);
    v1::ListFriendsResponse page;
    ASSERT_TRUE (call (*library, &v1::Library::Stub::ListFriends, request, page).ok());
    EXPECT_EQ (page.friends_size(), 100);
    request.set_page_size (5000);
    page.Clear();
    ASSERT_TRUE (call (*library, &v1::Library::Stub::ListFriends, request, page).ok());
    EXPECT_EQ (page.friends_size(), static_cast<int> (150 + added.size()));
    EXPECT_TRUE (page.next_page_token().empty());

    const auto clientFriends = daemon.client().listFriends();
    EXPECT_EQ (clientFriends.size(), 150u + added.size());
    const auto listed = runCli ("friends list");
    EXPECT_EQ (listed.exitCode, 0) << listed.output;
    for (const auto& name : original)
        EXPECT_THAT (listed.output, HasSubstr (name));
}

TEST_F (ListPagingTest, FollowsAndTourDatesComePageByPageWhileMoreAreAdded)
{
    std::mt19937 random (11);
    std::set<std::string> followed;
    for (int i = 0; i < 150; ++i)
        followed.insert (daemon.client().follow (randomKeyHex (random)).first.artistKeyHex);
    ASSERT_EQ (followed.size(), 150u);

    std::map<std::string, int> seen;
    std::vector<std::pair<std::int64_t, std::string>> order;
    std::vector<std::string> followedMeanwhile;
    v1::ListFollowingResponse lastFollowing;
    (void) readAllPages (
        *news, &v1::News::Stub::ListFollowing, v1::ListFollowingRequest(), 40, [&] (const v1::ListFollowingResponse& page)
        {
        for (const auto& each : page.artists())
        {
            ++seen[toHex (each.artist_key())];
            order.emplace_back (each.followed_at_ms(), each.artist_key());
        }
        lastFollowing = page; },
        [&] (int)
        { followedMeanwhile.push_back (daemon.client().follow (randomKeyHex (random)).first.artistKeyHex); });

    for (const auto& key : followed)
        EXPECT_EQ (seen[key], 1) << key;
    for (const auto& key : followedMeanwhile)
        EXPECT_EQ (seen[key], 1) << key << ": a follow begun meanwhile comes last, on a later page";
    EXPECT_TRUE (std::is_sorted (order.begin(), order.end()) && std::adjacent_find (order.begin(), order.end()) == order.end())
        << "oldest follow first";
    EXPECT_EQ (lastFollowing.total(), 150u + followedMeanwhile.size());

    const auto following = runCli ("following");
    EXPECT_EQ (following.exitCode, 0) << following.output;
    for (const auto& key : followed)
        EXPECT_THAT (following.output, HasSubstr (key));

    // Tour dates, soonest first; some posted between pages fall on earlier days, some later.
    std::set<std::string> posted;
    for (int i = 0; i < 150; ++i)
        posted.insert (daemon.client().addTourDate ({ futureDate (i * 37 % 150), "City " + std::to_string (i), "Venue", "" }));

    std::map<std::string, int> seenDates;
    std::vector<std::tuple<std::string, std::int64_t, std::string>> dateOrder;
    v1::ListTourDatesResponse lastDates;
    int postedMeanwhile = 0;
    (void) readAllPages (
        *news, &v1::News::Stub::ListTourDates, v1::ListTourDatesRequest(), 40, [&] (const v1::ListTourDatesResponse& page)
        {
        for (const auto& each : page.dates())
        {
            ++seenDates[each.post_id()];
            dateOrder.emplace_back (each.date().date(), each.posted_at_ms(), each.post_id());
        }
        lastDates = page; },
        [&] (int page)
        {
        (void) daemon.client().addTourDate ({ futureDate (0), "Early " + std::to_string (page), "Venue", "" });
        (void) daemon.client().addTourDate ({ futureDate (400), "Late " + std::to_string (page), "Venue", "" });
        postedMeanwhile += 2; });

    for (const auto& id : posted)
        EXPECT_EQ (seenDates[id], 1) << id;
    for (const auto& [id, times] : seenDates)
        EXPECT_EQ (times, 1) << id;
    EXPECT_TRUE (std::is_sorted (dateOrder.begin(), dateOrder.end()) && std::adjacent_find (dateOrder.begin(), dateOrder.end()) == dateOrder.end())
        << "by date, then in the order posted";
    EXPECT_EQ (lastDates.total(), 150u + static_cast<unsigned> (postedMeanwhile));

    // One list's token is no other's, and a page size below 0 is refused.
    v1::ListTourDatesRequest datesRequest;
    datesRequest.set_page_size (5);
    v1::ListTourDatesResponse datesPage;
    ASSERT_TRUE (call (*news, &v1::News::Stub::ListTourDates, datesRequest, datesPage).ok());
    ASSERT_FALSE (datesPage.next_page_token().empty());
    v1::ListFollowingRequest followingRequest;
    followingRequest.set_page_token (datesPage.next_page_token());
    v1::ListFollowingResponse followingPage;
    expectRefusedToken (call (*news, &v1::News::Stub::ListFollowing, followingRequest, followingPage), "following");
    v1::ListTracksRequest tracksRequest;
    tracksRequest.set_page_token (datesPage.next_page_token());
    v1::ListTracksResponse tracksPage;
    expectRefusedToken (call (*library, &v1::Library::Stub::ListTracks, tracksRequest, tracksPage), "tracks");
    datesRequest.set_page_size (-5);
    EXPECT_EQ (call (*news, &v1::News::Stub::ListTourDates, datesRequest, datesPage).error_code(), grpc::StatusCode::INVALID_ARGUMENT);

    EXPECT_EQ (daemon.client().tourDates().size(), 150u + static_cast<unsigned> (postedMeanwhile));
    const auto tour = runCli ("tour list");
    EXPECT_EQ (tour.exitCode, 0) << tour.output;
    for (const auto& id : posted)
        EXPECT_THAT (tour.output, HasSubstr (id));

    // The news answers a limit far past the largest page, with at most that page.
    v1::ListNewsRequest newsRequest;
    newsRequest.set_limit (4'000'000'000u);
    v1::ListNewsResponse newsResponse;
    const auto newsStatus = call (*news, &v1::News::Stub::ListNews, newsRequest, newsResponse);
    EXPECT_TRUE (newsStatus.ok()) << newsStatus.error_message();
    EXPECT_EQ (newsResponse.tour_dates_total(), static_cast<unsigned> (newsResponse.tour_dates_size()));
}
