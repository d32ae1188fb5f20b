#include "Store/TrackStore.h"

#include "OlderSchemas.h"
#include "TemporaryDirectory.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <cstdio>
#include <limits>
#include <map>
#include <stdexcept>
#include <thread>

namespace earshot
{
    namespace
    {
        using ::testing::ElementsAre;
        using ::testing::HasSubstr;

        /** A distinct, well-formed 40-digit id for each seed, as real info-hashes are. */
        std::string idFor (int seed)
        {
            char tail[9];
            std::snprintf (tail, sizeof (tail), "%08x", static_cast<unsigned> (seed));
            return "c0ffee00d15ea5e0000000000000000b" + std::string (tail);
        }

        TrackRecord makeTrack (int seed, const std::string& album, std::uint32_t trackNumber, const std::string& title)
        {
            TrackRecord track;
            track.manifest.infoHashHex = idFor (seed);
            track.manifest.infoDict = "d6:lengthi" + std::to_string (1000 + seed) + "e4:name" + "5:a.mp3e";
            track.manifest.fileName = title + ".mp3";
            track.manifest.fileSize = 1000 + static_cast<std::uint64_t> (seed);
            track.manifest.format = AudioFormat::mp3;
            track.manifest.metadata.album = album;
            track.manifest.metadata.trackNumber = trackNumber;
            track.manifest.metadata.title = title;
            track.savePath = "/music";
            track.addedAtUnixMs = 1700000000000 + seed;
            return track;
        }

        /** Every field set to something other than its default, with binary and UTF-8 content. */
        TrackRecord makeRichTrack()
        {
            TrackRecord track;
            auto& manifest = track.manifest;
            manifest.infoHashHex = "0123456789abcdef0123456789abcdef01234567";
            // Bencoded "pieces" are raw SHA-1 bytes: NULs and high bytes must survive.
            manifest.infoDict = std::string ("d6:lengthi5e4:name5:x.ogg12:piece lengthi16384e6:pieces20:", 56)
                                + std::string ("\0\x01\xff\x80\0\0abc\0\xfe\x7f\0\0\0\x10\x20\x30\x40\x50\0", 20) + "e";
            manifest.fileName = "Sigur Rós – Hoppípolla (東京 live) 🎵.ogg";
            manifest.fileSize = std::numeric_limits<std::uint64_t>::max() - 3; // above INT64_MAX on purpose
            manifest.format = AudioFormat::oggVorbis;
            manifest.layout.headerBytes = 4321;
            manifest.layout.tailBytes = 65536;
            manifest.metadata.title = "Hoppípolla";
            manifest.metadata.artist = "Sigur Rós";
            manifest.metadata.album = "Takk… 東京";
            manifest.metadata.genre = "Post-rock";
            manifest.metadata.year = 2005;
            manifest.metadata.trackNumber = 3;
            manifest.metadata.durationMs = 268123;
            manifest.metadata.bitrateKbps = 320;
            manifest.metadata.sampleRate = 44100;
            manifest.metadata.channels = 2;
            manifest.bpm = 127.5;
            manifest.key = "F#m";
            track.savePath = "/home/ünïcode/Music/Earshot";
            track.published = true;
            track.addedAtUnixMs = 1732233600123;
            track.trackers = { "udp://tracker.example.org:6969/announce", "https://tracker.example.net/announce?key=%C3%BC" };
            return track;
        }

        class TrackStoreTest : public ::testing::Test
        {
        protected:
            test::TemporaryDirectory folder;
            std::filesystem::path file = folder.file ("library.sqlite");
        };
    } // namespace

    TEST_F (TrackStoreTest, RoundTripsEveryFieldIncludingBinaryInfoDictAndUtf8Tags)
    {
        TrackStore store (file);
        const auto track = makeRichTrack();
        ASSERT_EQ (track.manifest.infoDict.find ('\0') != std::string::npos, true);

        store.putTrack (track);
        const auto found = store.findTrack (track.manifest.infoHashHex);

        ASSERT_TRUE (found.has_value());
        EXPECT_EQ (found->manifest.infoDict, track.manifest.infoDict);
        EXPECT_EQ (found->manifest.infoDict.size(), track.manifest.infoDict.size());
        EXPECT_EQ (found->manifest.metadata, track.manifest.metadata);
        EXPECT_EQ (*found, track);
    }

    TEST_F (TrackStoreTest, EveryAudioFormatRoundTrips)
    {
        TrackStore store (file);
        const AudioFormat formats[] { AudioFormat::unknown, AudioFormat::flac, AudioFormat::oggVorbis, AudioFormat::mp3, AudioFormat::wav };

        for (int i = 0; i < 5; ++i)
        {
            auto track = makeTrack (i, "A", 1, "t");
            track.manifest.format = formats[i];
            store.putTrack (track);
            ASSERT_EQ (store.findTrack (track.manifest.infoHashHex)->manifest.format, formats[i]) << "format #" << i;
        }
    }

    TEST_F (TrackStoreTest, EmptyFieldsStayEmpty)
    {
        TrackStore store (file);
        TrackRecord track;
        track.manifest.infoHashHex = idFor (1);

        store.putTrack (track);

        EXPECT_EQ (store.findTrack (idFor (1)), track);
    }

    TEST_F (TrackStoreTest, UnknownTrackIsNotFound)
    {
        TrackStore store (file);
        store.putTrack (makeTrack (1, "A", 1, "t"));

        EXPECT_FALSE (store.findTrack (idFor (2)).has_value());
        EXPECT_FALSE (store.loadResumeData (idFor (2)).has_value());
        EXPECT_FALSE (store.removeTrack (idFor (2)));
        EXPECT_EQ (store.listTracks().size(), 1u);
    }

    TEST_F (TrackStoreTest, PutTrackReplacesTheTrackWithTheSameIdAndKeepsItsResumeData)
    {
        TrackStore store (file);
        auto track = makeTrack (1, "Old album", 1, "Old title");
        store.putTrack (track);
        store.saveResumeData (idFor (1), "d4:fileformat22:libtorrent resume filee");

        track.manifest.metadata.title = "New title";
        track.manifest.metadata.album = "New album";
        track.savePath = "/elsewhere";
        track.published = true;
        store.putTrack (track);

        EXPECT_THAT (store.listTracks(), ElementsAre (track));
        EXPECT_EQ (store.loadResumeData (idFor (1)), "d4:fileformat22:libtorrent resume filee");
    }

    TEST_F (TrackStoreTest, PutTrackRejectsAnIdThatIsNotALowerCaseInfoHash)
    {
        TrackStore store (file);
        auto track = makeTrack (1, "A", 1, "t");

        for (const auto* bad : { "", "0123", "0123456789ABCDEF0123456789ABCDEF01234567", "0123456789abcdef0123456789abcdef0123456z" })
        {
            track.manifest.infoHashHex = bad;
            EXPECT_THROW (store.putTrack (track), std::invalid_argument) << bad;
        }

        EXPECT_TRUE (store.listTracks().empty());
    }

    TEST_F (TrackStoreTest, ListTracksIsOrderedByAlbumThenTrackNumberThenTitle)
    {
        TrackStore store (file);
        // Inserted out of order; track 10 must follow track 2 (numeric, not text, order).
        store.putTrack (makeTrack (1, "B", 1, "b1"));
        store.putTrack (makeTrack (2, "A", 10, "a10"));
        store.putTrack (makeTrack (3, "A", 2, "a2-second"));
        store.putTrack (makeTrack (4, "A", 2, "a2-first"));
        store.putTrack (makeTrack (5, "", 0, "loose"));
        store.putTrack (makeTrack (6, "A", 1, "a1"));

        std::vector<std::string> titles;

        for (const auto& track : store.listTracks())
            titles.push_back (track.manifest.metadata.title);

        EXPECT_THAT (titles, ElementsAre ("loose", "a1", "a2-first", "a2-second", "a10", "b1"));
    }

    TEST_F (TrackStoreTest, PagesFollowListTracksOrderFromTheirKeyWhileTracksAreAdded)
    {
        TrackStore store (file);
        store.putTrack (makeTrack (1, "B", 1, "b1"));
        store.putTrack (makeTrack (2, "A", 10, "a10"));
        store.putTrack (makeTrack (3, "A", 2, "a2"));
        store.putTrack (makeTrack (4, "", 0, "loose"));
        auto preview = makeTrack (5, "A", 3, "a3-preview");
        preview.previewOrder = 1;
        store.putTrack (preview);

        const auto first = store.listPage (std::nullopt, 2);
        ASSERT_EQ (first.entries.size(), 2u);
        EXPECT_TRUE (first.more);
        EXPECT_EQ (first.entries[0].manifest.metadata.title, "loose");
        EXPECT_EQ (first.entries[1].manifest.metadata.title, "a2");

        // One track sorts before the page given, one after it: only the latter is on a later page.
        store.putTrack (makeTrack (6, "", 0, "before"));
        store.putTrack (makeTrack (7, "A", 5, "a5"));

        const auto second = store.listPage (TrackStore::pageKeyOf (first.entries.back()), 10);
        std::vector<std::string> titles;
        for (const auto& track : second.entries)
            titles.push_back (track.manifest.metadata.title);
        EXPECT_THAT (titles, ElementsAre ("a5", "a10", "b1")) << "the preview is left out, as listTracks leaves it";
        EXPECT_FALSE (second.more);
        EXPECT_EQ (store.libraryTrackCount(), 6u);

        EXPECT_THROW ((void) store.listPage (std::nullopt, 0), std::invalid_argument);
        EXPECT_THROW ((void) store.listPage (PageKey { std::int64_t { 1 } }, 1), std::invalid_argument);
    }

    namespace
    {
        /** Every page of the library, pageSize at a time: each track's title and trackers. */
        std::vector<std::pair<std::string, std::vector<std::string>>> listedPageByPage (const TrackStore& store, int pageSize)
        {
            std::vector<std::pair<std::string, std::vector<std::string>>> listed;
            std::optional<PageKey> after;
            for (int page = 0; page < 100; ++page)
            {
                const auto got = store.listPage (after, pageSize);
                for (const auto& track : got.entries)
                    listed.emplace_back (track.manifest.metadata.title, track.trackers);
                if (! got.more || got.entries.empty())
                    break;
                after = TrackStore::pageKeyOf (got.entries.back());
            }
            return listed;
        }

        /** The library as listTracks reads it from the file, previews left out. */
        std::vector<std::pair<std::string, std::vector<std::string>>> libraryOf (const TrackStore& store)
        {
            std::vector<std::pair<std::string, std::vector<std::string>>> library;
            for (const auto& track : store.listTracks())
                if (track.previewOrder == 0)
                    library.emplace_back (track.manifest.metadata.title, track.trackers);
            return library;
        }
    } // namespace

    TEST_F (TrackStoreTest, PagesStayTrueAcrossPublishRemovePlayTagChangesAndReopening)
    {
        using Listed = std::vector<std::pair<std::string, std::vector<std::string>>>;
        {
            TrackStore store (file);
            for (int i = 1; i <= 5; ++i)
                store.putTrack (makeTrack (i, "A", static_cast<std::uint32_t> (i), "a" + std::to_string (i)));
            auto preview = makeTrack (9, "A", 9, "a9-preview");
            preview.previewOrder = 1;
            store.putTrack (preview);
            EXPECT_EQ (listedPageByPage (store, 2), libraryOf (store));
            EXPECT_EQ (listedPageByPage (store, 2).size(), 5u);

            // New tags move a track in the order; new trackers are listed with it.
            auto retagged = makeTrack (2, "", 0, "loose");
            retagged.trackers = { "udp://127.0.0.1:6969/announce" };
            store.putTrack (retagged);
            // Published between the pages of a list: one ahead of the first page's key is given.
            const auto first = store.listPage (std::nullopt, 2);
            store.putTrack (makeTrack (6, "B", 1, "b1"));
            const auto rest = store.listPage (TrackStore::pageKeyOf (first.entries.back()), 10);
            ASSERT_EQ (first.entries.size(), 2u);
            EXPECT_EQ (first.entries[0].manifest.metadata.title, "loose");
            EXPECT_EQ (first.entries[0].trackers, retagged.trackers);
            ASSERT_EQ (rest.entries.size(), 4u);
            EXPECT_EQ (rest.entries.back().manifest.metadata.title, "b1");

            // A removed track is not listed, and a key naming it still says where to go on.
            const auto keyOfRemoved = TrackStore::pageKeyOf (makeTrack (3, "A", 3, "a3"));
            ASSERT_TRUE (store.removeTrack (idFor (3)));
            const auto afterRemoved = store.listPage (keyOfRemoved, 10);
            ASSERT_EQ (afterRemoved.entries.size(), 3u);
            EXPECT_EQ (afterRemoved.entries.front().manifest.metadata.title, "a4");

            // A preview that was played joins the list.
            ASSERT_TRUE (store.markPlayed (idFor (9)));
            EXPECT_EQ (store.libraryTrackCount(), 6u);
            const Listed expected { { "loose", retagged.trackers }, { "a1", {} }, { "a4", {} }, { "a5", {} }, { "a9-preview", {} }, { "b1", {} } };
            EXPECT_EQ (listedPageByPage (store, 4), expected);
            EXPECT_EQ (libraryOf (store), expected);
        }

        // A daemon started again lists what the file holds.
        TrackStore reopened (file);
        EXPECT_EQ (listedPageByPage (reopened, 4), libraryOf (reopened));
        EXPECT_EQ (listedPageByPage (reopened, 1).size(), 6u);
        EXPECT_EQ (reopened.libraryTrackCount(), 6u);
    }

    TEST_F (TrackStoreTest, ResumeDataRoundTripsBinaryAndIsReplacedBySaving)
    {
        TrackStore store (file);
        store.putTrack (makeTrack (1, "A", 1, "t"));
        const std::string first ("d6:piecesi3e4:blob3:\0\xff\0e", 24);
        const std::string second ("d11:file-formatI\0\0\0e", 20);

        EXPECT_FALSE (store.loadResumeData (idFor (1)).has_value());

        store.saveResumeData (idFor (1), first);
        EXPECT_EQ (store.loadResumeData (idFor (1)), first);

        store.saveResumeData (idFor (1), second);
        EXPECT_EQ (store.loadResumeData (idFor (1)), second);

        // Empty is a value (libtorrent wrote nothing), distinct from "never saved".
        store.saveResumeData (idFor (1), "");
        EXPECT_EQ (store.loadResumeData (idFor (1)), std::optional<std::string> (""));
    }

    TEST_F (TrackStoreTest, AllResumeDataComesInOneMapByTorrentByteForByte)
    {
        TrackStore store (file);
        for (int i = 1; i <= 3; ++i)
            store.putTrack (makeTrack (i, "A", i, "t" + std::to_string (i)));
        const std::string first ("d6:piecesi3e4:blob3:\0\xff\0e", 24);
        const std::string third ("d11:file-formatI\0\0\0e", 20);
        store.saveResumeData (idFor (1), first);
        store.saveResumeData (idFor (3), third);

        const auto all = store.loadAllResumeData();
        EXPECT_EQ (all, (std::map<std::string, std::string> { { idFor (1), first }, { idFor (3), third } })) << "none for the torrent that has none";
        for (int i = 1; i <= 3; ++i)
            EXPECT_EQ (all.count (idFor (i)) == 1 ? std::optional (all.at (idFor (i))) : std::nullopt, store.loadResumeData (idFor (i))) << "as loadResumeData gives it, track " << i;
    }

    TEST_F (TrackStoreTest, SavingResumeDataForAnUnknownTrackThrowsNamingTheTrack)
    {
        TrackStore store (file);

        try
        {
            store.saveResumeData (idFor (9), "d1:ai1ee");
            FAIL() << "expected a StoreError";
        }
        catch (const StoreError& e)
        {
            EXPECT_THAT (e.what(), HasSubstr (idFor (9)));
            EXPECT_THAT (e.what(), HasSubstr (file.string()));
        }

        EXPECT_FALSE (store.loadResumeData (idFor (9)).has_value());
    }

    TEST_F (TrackStoreTest, RemoveTrackAlsoDeletesItsResumeData)
    {
        TrackStore store (file);
        store.putTrack (makeTrack (1, "A", 1, "gone"));
        store.putTrack (makeTrack (2, "A", 2, "kept"));
        store.saveResumeData (idFor (1), "d1:ai1ee");
        store.saveResumeData (idFor (2), "d1:ai2ee");

        EXPECT_TRUE (store.removeTrack (idFor (1)));
        EXPECT_FALSE (store.removeTrack (idFor (1)));

        EXPECT_FALSE (store.findTrack (idFor (1)).has_value());
        EXPECT_FALSE (store.loadResumeData (idFor (1)).has_value());
        EXPECT_EQ (store.loadResumeData (idFor (2)), "d1:ai2ee");

        // Published again, the track starts without the old resume data.
        store.putTrack (makeTrack (1, "A", 1, "gone"));
        EXPECT_FALSE (store.loadResumeData (idFor (1)).has_value());
    }

    TEST_F (TrackStoreTest, AnAlbumTorrentsTracksAreKeptApartAndShareTheTorrentsResumeData)
    {
        TrackStore store (file);
        std::vector<TrackRecord> album;
        for (std::uint32_t index : { 1u, 4u })
        {
            auto track = makeTrack (7, "First Light", index, "Track " + std::to_string (index));
            track.manifest.fileIndex = index;
            track.manifest.filePath = "First Light/" + track.manifest.fileName;
            store.putTrack (track);
            album.push_back (track);
        }

        EXPECT_EQ (store.listTracks().size(), 2u) << "one torrent, two tracks";
        EXPECT_EQ (store.findTrack (idFor (7) + "-1"), album[0]);
        EXPECT_EQ (store.findTrack (idFor (7) + "-4"), album[1]);
        EXPECT_FALSE (store.findTrack (idFor (7)).has_value()) << "the album's hash alone names no track";

        store.saveResumeData (idFor (7), "d4:saved1:1e");
        EXPECT_TRUE (store.removeTrack (idFor (7) + "-1"));
        EXPECT_EQ (store.loadResumeData (idFor (7)), "d4:saved1:1e") << "another track of the torrent is still here";
        EXPECT_TRUE (store.removeTrack (idFor (7) + "-4"));
        EXPECT_FALSE (store.loadResumeData (idFor (7)).has_value()) << "gone with the torrent's last track";
        EXPECT_FALSE (store.removeTrack (idFor (7) + "-4"));
    }

    TEST_F (TrackStoreTest, AnAlbumTorrentsTracksShareItsTrackersInOrderUntilItsLastTrackGoes)
    {
        TrackStore store (file);
        const std::vector<std::string> trackers { "http://b.example/announce", "udp://a.example:6969", "http://c.example/announce" };
        for (std::uint32_t index : { 1u, 4u })
        {
            auto track = makeTrack (7, "First Light", index, "Track " + std::to_string (index));
            track.manifest.fileIndex = index;
            track.manifest.filePath = "First Light/" + track.manifest.fileName;
            track.trackers = trackers;
            store.putTrack (track);
        }
        auto other = makeTrack (8, "Other", 1, "Other");
        other.trackers = { "http://other.example/announce", "http://other.example/announce" };
        store.putTrack (other);

        EXPECT_EQ (store.findTrack (idFor (7) + "-1")->trackers, trackers) << "in the order given, not sorted";
        EXPECT_EQ (store.findTrack (idFor (7) + "-4")->trackers, trackers);
        EXPECT_EQ (store.findTrack (idFor (8))->trackers, std::vector<std::string> { "http://other.example/announce" }) << "a URL named twice is kept once";
        for (const auto& track : store.listTracks())
            EXPECT_EQ (track.trackers, track.manifest.infoHashHex == idFor (7) ? trackers : std::vector<std::string> { "http://other.example/announce" }) << "listed as found";

        EXPECT_TRUE (store.removeTrack (idFor (7) + "-1"));
        EXPECT_EQ (store.findTrack (idFor (7) + "-4")->trackers, trackers) << "another track of the torrent is still here";
        EXPECT_TRUE (store.removeTrack (idFor (7) + "-4"));

        // Gone with the torrent's last track: nothing of it is left in the file.
        sqlite3* connection = nullptr;
        ASSERT_EQ (sqlite3_open (file.c_str(), &connection), SQLITE_OK);
        sqlite3_stmt* count = nullptr;
        ASSERT_EQ (sqlite3_prepare_v2 (connection, "SELECT count(*) FROM torrent_trackers WHERE info_hash = ?1", -1, &count, nullptr), SQLITE_OK);
        const auto infoHash = idFor (7);
        sqlite3_bind_text (count, 1, infoHash.c_str(), -1, SQLITE_TRANSIENT);
        ASSERT_EQ (sqlite3_step (count), SQLITE_ROW);
        EXPECT_EQ (sqlite3_column_int (count, 0), 0);
        sqlite3_finalize (count);
        sqlite3_close (connection);
        EXPECT_EQ (store.findTrack (idFor (8))->trackers.size(), 1u) << "another torrent's are kept";
    }

    TEST_F (TrackStoreTest, EverythingIsThereAfterReopeningTheFile)
    {
        const auto rich = makeRichTrack();
        const auto plain = makeTrack (1, "Zzz", 1, "plain");
        const std::string resume ("d4:data3:\0\0\0e", 14);

        {
            TrackStore store (file);
            store.putTrack (rich);
            store.putTrack (plain);
            store.saveResumeData (plain.manifest.infoHashHex, resume);
        }

        TrackStore reopened (file);

        EXPECT_THAT (reopened.listTracks(), ElementsAre (rich, plain));
        EXPECT_EQ (reopened.loadResumeData (plain.manifest.infoHashHex), resume);
        EXPECT_FALSE (reopened.loadResumeData (rich.manifest.infoHashHex).has_value());
    }

    TEST_F (TrackStoreTest, ANewLibraryCountsAsCleanlyShutDown)
    {
        TrackStore store (file);
        EXPECT_TRUE (store.beginSession());
    }

    TEST_F (TrackStoreTest, SessionWithoutEndSessionIsReportedByTheNextBeginSession)
    {
        {
            TrackStore store (file);
            EXPECT_TRUE (store.beginSession());
            // The daemon "crashes": no endSession.
        }

        {
            TrackStore store (file);
            EXPECT_FALSE (store.beginSession()) << "the previous session never ended";
            store.endSession();
        }

        {
            TrackStore store (file);
            EXPECT_TRUE (store.beginSession()) << "the previous session ended cleanly";
            // Crash again, then a clean run.
        }

        TrackStore store (file);
        EXPECT_FALSE (store.beginSession());
        store.endSession();
        EXPECT_TRUE (store.beginSession());
    }

    TEST_F (TrackStoreTest, TwoStoresOnOneFileSeeEachOthersWrites)
    {
        TrackStore first (file);
        TrackStore second (file);

        first.putTrack (makeTrack (1, "A", 1, "t"));
        EXPECT_TRUE (second.findTrack (idFor (1)).has_value());

        second.saveResumeData (idFor (1), "d1:xi1ee");
        EXPECT_EQ (first.loadResumeData (idFor (1)), "d1:xi1ee");
    }

    TEST_F (TrackStoreTest, CallsFromSeveralThreadsAtOnceAllLand)
    {
        TrackStore store (file);
        constexpr int threadCount = 4;
        constexpr int tracksPerThread = 25;
        std::atomic<int> failures { 0 };
        std::vector<std::thread> threads;

        const auto work = [&] (int t)
        {
            try
            {
                for (int i = 0; i < tracksPerThread; ++i)
                {
                    const auto seed = t * tracksPerThread + i;
                    store.putTrack (makeTrack (seed, "Album " + std::to_string (t), static_cast<std::uint32_t> (i), "t"));
                    store.saveResumeData (idFor (seed), "d1:ni" + std::to_string (seed) + "ee");

                    if (store.listTracks().empty() || ! store.findTrack (idFor (seed)).has_value())
                        ++failures;
                }
            }
            catch (const std::exception& e)
            {
                ADD_FAILURE() << e.what();
                ++failures;
            }
        };

        for (int t = 0; t < threadCount; ++t)
            threads.emplace_back (work, t);

        for (auto& thread : threads)
            thread.join();

        EXPECT_EQ (failures.load(), 0);
        ASSERT_EQ (store.listTracks().size(), static_cast<std::size_t> (threadCount * tracksPerThread));

        for (int seed = 0; seed < threadCount * tracksPerThread; ++seed)
            EXPECT_EQ (store.loadResumeData (idFor (seed)), "d1:ni" + std::to_string (seed) + "ee");
    }

    TEST_F (TrackStoreTest, AGarbageFileIsRefusedWithAnErrorNamingItAndLeftUntouched)
    {
        const std::string garbage = "this is not a database, it is a shopping list: eggs, milk\n" + std::string (4096, '\x5a');
        test::writeWholeFile (file, garbage);

        try
        {
            TrackStore store (file);
            FAIL() << "expected a StoreError";
        }
        catch (const StoreError& e)
        {
            EXPECT_THAT (e.what(), HasSubstr (file.string()));
            EXPECT_THAT (e.what(), HasSubstr ("not a database"));
        }

        EXPECT_EQ (test::readWholeFile (file), garbage);
    }

    TEST_F (TrackStoreTest, ALibraryFromBeforeTempoAndKeyKeepsItsTracksWithBothUnknown)
    {
        const auto track = makeRichTrack();

        {
            TrackStore store (file);
            store.putTrack (track);
        }

        // Make it a version 2 file, as an earshotd from before tempo and key left it: version 3
        // only added the two columns.
        {
            sqlite3* connection = nullptr;
            ASSERT_EQ (sqlite3_open (file.c_str(), &connection), SQLITE_OK);
            auto result = sqlite3_exec (connection, test::undoSchemaVersion12, nullptr, nullptr, nullptr);
            EXPECT_EQ (result, SQLITE_OK) << sqlite3_errmsg (connection);
            sqlite3_close (connection);
            // The older undos on a connection of their own: run on the same one, the migration after
            // them found seek_index still there (seen with SQLite 3.40; the cause is not pinned down).
            ASSERT_EQ (sqlite3_open (file.c_str(), &connection), SQLITE_OK);
            result = sqlite3_exec (connection, test::undoSchemaVersion9, nullptr, nullptr, nullptr);
            EXPECT_EQ (result, SQLITE_OK) << sqlite3_errmsg (connection);
            result = sqlite3_exec (connection, test::undoSchemaVersion8, nullptr, nullptr, nullptr);
            EXPECT_EQ (result, SQLITE_OK) << sqlite3_errmsg (connection);
            result = sqlite3_exec (connection, test::undoSchemaVersion7, nullptr, nullptr, nullptr);
            EXPECT_EQ (result, SQLITE_OK) << sqlite3_errmsg (connection);
            result = sqlite3_exec (connection, test::undoSchemaVersion6, nullptr, nullptr, nullptr);
            EXPECT_EQ (result, SQLITE_OK) << sqlite3_errmsg (connection);
            result = sqlite3_exec (connection, test::undoSchemaVersion5, nullptr, nullptr, nullptr);
            EXPECT_EQ (result, SQLITE_OK) << sqlite3_errmsg (connection);
            result = sqlite3_exec (connection, test::undoSchemaVersion4, nullptr, nullptr, nullptr);
            EXPECT_EQ (result, SQLITE_OK) << sqlite3_errmsg (connection);
            result = sqlite3_exec (connection, "ALTER TABLE tracks DROP COLUMN bpm; ALTER TABLE tracks DROP COLUMN musical_key; PRAGMA user_version = 2;", nullptr, nullptr, nullptr);
            EXPECT_EQ (result, SQLITE_OK) << sqlite3_errmsg (connection);
            sqlite3_close (connection);
        }

        TrackStore store (file);
        auto found = store.findTrack (track.manifest.infoHashHex);
        ASSERT_TRUE (found.has_value());
        EXPECT_EQ (found->manifest.bpm, 0.0);
        EXPECT_EQ (found->manifest.key, "");
        EXPECT_EQ (found->manifest.metadata, track.manifest.metadata);

        store.putTrack (track);
        EXPECT_EQ (store.findTrack (track.manifest.infoHashHex), track) << "the new columns take values once migrated";
    }

    TEST_F (TrackStoreTest, ALibraryFromBeforeTrackersKeepsItsTracksAndResumeDataWithNoTrackers)
    {
        const auto track = makeRichTrack();
        ASSERT_FALSE (track.trackers.empty());

        {
            TrackStore store (file);
            store.putTrack (track);
            store.saveResumeData (track.manifest.infoHashHex, "d4:dataxe");
        }

        // Make it a version 4 file, as an earshotd from before trackers left it.
        {
            sqlite3* connection = nullptr;
            ASSERT_EQ (sqlite3_open (file.c_str(), &connection), SQLITE_OK);
            auto result = sqlite3_exec (connection, test::undoSchemaVersion12, nullptr, nullptr, nullptr);
            EXPECT_EQ (result, SQLITE_OK) << sqlite3_errmsg (connection);
            sqlite3_close (connection);
            // The older undos on a connection of their own: run on the same one, the migration after
            // them found seek_index still there (seen with SQLite 3.40; the cause is not pinned down).
            ASSERT_EQ (sqlite3_open (file.c_str(), &connection), SQLITE_OK);
            result = sqlite3_exec (connection, test::undoSchemaVersion9, nullptr, nullptr, nullptr);
            EXPECT_EQ (result, SQLITE_OK) << sqlite3_errmsg (connection);
            result = sqlite3_exec (connection, test::undoSchemaVersion8, nullptr, nullptr, nullptr);
            EXPECT_EQ (result, SQLITE_OK) << sqlite3_errmsg (connection);
            result = sqlite3_exec (connection, test::undoSchemaVersion7, nullptr, nullptr, nullptr);
            EXPECT_EQ (result, SQLITE_OK) << sqlite3_errmsg (connection);
            result = sqlite3_exec (connection, test::undoSchemaVersion6, nullptr, nullptr, nullptr);
            EXPECT_EQ (result, SQLITE_OK) << sqlite3_errmsg (connection);
            result = sqlite3_exec (connection, test::undoSchemaVersion5, nullptr, nullptr, nullptr);
            EXPECT_EQ (result, SQLITE_OK) << sqlite3_errmsg (connection);
            sqlite3_close (connection);
        }

        TrackStore store (file);
        auto found = store.findTrack (track.manifest.infoHashHex);
        ASSERT_TRUE (found.has_value());
        EXPECT_TRUE (found->trackers.empty());
        found->trackers = track.trackers;
        EXPECT_EQ (*found, track) << "every other field as it was";
        EXPECT_EQ (store.loadResumeData (track.manifest.infoHashHex), "d4:dataxe");

        store.putTrack (track);
        EXPECT_EQ (store.findTrack (track.manifest.infoHashHex)->trackers, track.trackers) << "trackers are kept once migrated";
    }
} // namespace earshot
