// Bad input gets the right status and a message that names the problem, and damages nothing stored.

#include "Support/DaemonProcess.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    class BadInputTest : public ::testing::Test
    {
    protected:
        void SetUp() override
        {
            daemon.start();
            track = daemon.client().publish ({ testMedia ("excerpt.ogg").string() }).front();
        }

        /** Runs fn, expects an Error with code whose message contains every one of the words. */
        template <typename Fn>
        static void expectError (Fn&& fn, ErrorCode code, std::vector<std::string> words)
        {
            try
            {
                fn();
                ADD_FAILURE() << "no error";
            }
            catch (const Error& error)
            {
                EXPECT_EQ (error.code(), code) << error.what();
                for (const auto& word : words)
                    EXPECT_NE (std::string (error.what()).find (word), std::string::npos) << "'" << error.what() << "' does not mention '" << word << "'";
            }
        }

        /** The library still holds the published track, whole and streamable. */
        void expectLibraryIntact()
        {
            const auto tracks = daemon.client().listTracks();
            ASSERT_EQ (tracks.size(), 1u);
            EXPECT_EQ (tracks.front().manifest, track.manifest);
            EXPECT_TRUE (streamBytes (daemon.client(), track.id, 0) == readFileBytes (testMedia ("excerpt.ogg")));
        }

        TemporaryDirectory root { "earshot-bad" };
        DaemonProcess daemon { root.path() / "daemon" };
        ClientTrack track;
    };
} // namespace

TEST_F (BadInputTest, CorruptAndTruncatedTorrentsAreInvalidArguments)
{
    const auto torrent = daemon.client().torrentFile (track.id);
    expectError ([&]
                 { daemon.client().addTrack ({ std::nullopt, std::string ("this is not bencode"), std::nullopt }); },
                 ErrorCode::invalidArgument,
                 { ".torrent" });
    expectError ([&]
                 { daemon.client().addTrack ({ std::nullopt, torrent.substr (0, torrent.size() / 2), std::nullopt }); },
                 ErrorCode::invalidArgument,
                 { "not a valid torrent" });
    expectError ([&]
                 { daemon.client().addTrack ({ std::nullopt, std::string(), std::nullopt }); },
                 ErrorCode::invalidArgument,
                 { "empty" });
    expectError ([&]
                 { daemon.client().addTrack ({ std::nullopt, std::nullopt, std::string ("magnet:?dn=nothing") }); },
                 ErrorCode::invalidArgument,
                 { "magnet" });
    expectLibraryIntact();
}

TEST_F (BadInputTest, AManifestWhoseInfoHashDoesNotMatchItsInfoIsRejected)
{
    auto forged = track.manifest;
    forged.infoHashHex[0] = forged.infoHashHex[0] == 'a' ? 'b' : 'a';
    expectError ([&]
                 { daemon.client().addTrack ({ forged, std::nullopt, std::nullopt }); },
                 ErrorCode::invalidArgument,
                 { "does not match", forged.infoHashHex });

    auto tampered = track.manifest;
    tampered.infoDict[tampered.infoDict.size() / 2] ^= 0x01;
    expectError ([&]
                 { daemon.client().addTrack ({ tampered, std::nullopt, std::nullopt }); },
                 ErrorCode::invalidArgument,
                 {});

    auto resized = track.manifest;
    resized.fileSize += 1;
    expectError ([&]
                 { daemon.client().addTrack ({ resized, std::nullopt, std::nullopt }); },
                 ErrorCode::invalidArgument,
                 { "bytes" });
    expectLibraryIntact();
}

TEST_F (BadInputTest, FilesThatAreNotAudioOrCannotBeReadAreNotPublished)
{
    const auto text = root.path() / "notes.flac"; // the extension lies: the bytes decide
    std::ofstream (text) << "liner notes, not audio\n";
    expectError ([&]
                 { daemon.client().publish ({ text.string() }); },
                 ErrorCode::invalidArgument,
                 { "notes.flac", "not an audio file" });

    const auto missing = root.path() / "missing.ogg";
    expectError ([&]
                 { daemon.client().publish ({ missing.string() }); },
                 ErrorCode::invalidArgument,
                 { "missing.ogg" });

    // One bad file in a request publishes nothing, not even the good one beside it.
    expectError ([&]
                 { daemon.client().publish ({ testMedia ("excerpt.flac").string(), text.string() }); },
                 ErrorCode::invalidArgument,
                 { "notes.flac" });

    const auto empty = root.path() / "empty";
    std::filesystem::create_directories (empty);
    expectError ([&]
                 { daemon.client().publish ({ empty.string() }); },
                 ErrorCode::invalidArgument,
                 { "no audio files" });
    expectLibraryIntact();
}

TEST_F (BadInputTest, DevicesPipesAndSocketsAreNotRegularFilesAndTheErrorSaysSo)
{
    // None of these is opened: a FIFO with no writer would block a reader for ever.
    const auto fifo = root.path() / "pipe.flac";
    ASSERT_EQ (::mkfifo (fifo.c_str(), 0600), 0);
    const auto socketFile = root.path() / "socket.flac";
    const int fd = ::socket (AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address {};
    address.sun_family = AF_UNIX;
    std::strncpy (address.sun_path, socketFile.c_str(), sizeof (address.sun_path) - 1);
    ASSERT_EQ (::bind (fd, reinterpret_cast<sockaddr*> (&address), sizeof (address)), 0);

    expectError ([&]
                 { daemon.client().publish ({ "/dev/zero" }); },
                 ErrorCode::invalidArgument,
                 { "'/dev/zero' is not a regular file", "character device" });
    expectError ([&]
                 { daemon.client().publish ({ fifo.string() }); },
                 ErrorCode::invalidArgument,
                 { "'" + fifo.string() + "' is not a regular file", "FIFO" });
    expectError ([&]
                 { daemon.client().publish ({ socketFile.string() }); },
                 ErrorCode::invalidArgument,
                 { "'" + socketFile.string() + "' is not a regular file", "socket" });
    ::close (fd);

    // The command line shows the daemon's words as they are.
    const auto run = runCommand (std::string (EARSHOT_CLI_BINARY) + " --api " + daemon.apiAddress() + " publish /dev/zero");
    EXPECT_EQ (run.exitCode, 1) << run.output;
    EXPECT_NE (run.output.find ("'/dev/zero' is not a regular file (a character device)"), std::string::npos) << run.output;
    EXPECT_EQ (run.output.find ("no such file"), std::string::npos) << run.output;
    expectLibraryIntact();
}

TEST_F (BadInputTest, UnknownTracksAndOffsetsPastTheEndAreReported)
{
    expectError ([&]
                 { daemon.client().getTrack ("0123456789012345678901234567890123456789"); },
                 ErrorCode::notFound,
                 { "0123456789012345678901234567890123456789" });
    expectError ([&]
                 { (void) streamBytes (daemon.client(), "ffffffff", 0); },
                 ErrorCode::notFound,
                 { "ffffffff" });
    expectError ([&]
                 { daemon.client().removeTrack ("ffffffff", false); },
                 ErrorCode::notFound,
                 {});
    expectError ([&]
                 { (void) streamBytes (daemon.client(), track.id, track.manifest.fileSize + 1); },
                 ErrorCode::outOfRange,
                 { "past the end", std::to_string (track.manifest.fileSize) });
    expectError ([&]
                 { daemon.client().connectPeer ("not-an-address", track.id); },
                 ErrorCode::invalidArgument,
                 { "ip:port" });
    expectLibraryIntact();
}

TEST_F (BadInputTest, ASecondDaemonOnTheSameDataDirectoryRefusesToStart)
{
    DaemonProcess second (daemon.dataDirectory(), {}, "second.sock");
    try
    {
        second.start();
        FAIL() << "a second earshotd started on a data directory in use";
    }
    catch (const std::runtime_error& error)
    {
        const std::string message = error.what();
        EXPECT_NE (message.find ("already using the data directory"), std::string::npos) << message;
    }
    expectLibraryIntact();
}

TEST_F (BadInputTest, TheApiSocketIsPrivateAndRemoteTcpNeedsAToken)
{
    struct stat info
    {
    };
    ASSERT_EQ (::stat (daemon.apiAddress().substr (5).c_str(), &info), 0);
    EXPECT_EQ (info.st_mode & 0777, 0600);

    // A non-loopback address without --allow-remote and --token is refused before anything starts.
    const auto command = DaemonProcess::binary() + " --data-dir " + (root.path() / "remote").string() + " --listen 0.0.0.0:0 --no-dht --bt-port 0 2>&1";
    auto* pipe = ::popen (command.c_str(), "r");
    ASSERT_NE (pipe, nullptr);
    std::string output;
    char buffer[256];
    while (std::fgets (buffer, sizeof (buffer), pipe) != nullptr)
        output += buffer;
    const int status = ::pclose (pipe);
    EXPECT_NE (WEXITSTATUS (status), 0);
    EXPECT_NE (output.find ("--allow-remote"), std::string::npos) << output;
}

TEST_F (BadInputTest, RemovingAPublishedTrackNeverDeletesTheUsersFile)
{
    daemon.client().removeTrack (track.id, true);
    EXPECT_TRUE (std::filesystem::exists (testMedia ("excerpt.ogg")));
    EXPECT_TRUE (daemon.client().listTracks().empty());
}

namespace
{
    mode_t modeOf (const std::filesystem::path& path)
    {
        struct stat info
        {
        };
        return ::stat (path.c_str(), &info) == 0 ? info.st_mode & 07777 : 0;
    }
} // namespace

TEST (ApiSocket, ASocketPathTheUserGivesLeavesItsFolderAsItWasAndIsPrivateItself)
{
    // A folder shared with others (as /tmp is: 1777) or readable by them (755) keeps its mode: the
    // daemon makes only what it creates private, and the socket itself.
    TemporaryDirectory root ("earshot-socket-folder");
    for (const mode_t mode : { mode_t (0755), mode_t (01777) })
    {
        const auto folder = root.path() / ("shared-" + std::to_string (mode));
        std::filesystem::create_directories (folder);
        ASSERT_EQ (::chmod (folder.c_str(), mode), 0);

        DaemonProcess daemon (root.path() / ("data-" + std::to_string (mode)), {}, (folder / "x.sock").string());
        daemon.start();
        EXPECT_EQ (daemon.client().listTracks().size(), 0u);
        EXPECT_EQ (modeOf (folder), mode) << "earshotd changed the mode of " << folder;
        EXPECT_EQ (modeOf (folder / "x.sock") & 0777, 0600u);
    }

    // Folders it has to make for the socket are its own, and private.
    const auto made = root.path() / "made" / "deeper";
    DaemonProcess daemon (root.path() / "data-made", {}, (made / "x.sock").string());
    daemon.start();
    EXPECT_EQ (daemon.client().listTracks().size(), 0u);
    EXPECT_EQ (modeOf (made), 0700u);
    EXPECT_EQ (modeOf (made.parent_path()), 0700u);
    EXPECT_EQ (modeOf (made / "x.sock") & 0777, 0600u);
}
