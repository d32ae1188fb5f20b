// Earshot as Debian installs it. The suite makes the packages from this build (cpack -G DEB, once, into
// a scratch folder), unpacks them (dpkg-deb -x) into a scratch root, checks the packages' control fields
// and where each file lands, and runs what was installed from there, outside the build tree and with
// a clean environment: every program's --version, the installed command line starting the installed
// earshotd and talking to it, a C program built against the installed earshot.h and libearshot through
// pkg-config and playing from that daemon, the man pages, the bash completion against the command
// tree, the desktop entry through desktop-file-validate, and the installed VST3 and LV2 bundles loaded
// by JUCE's hosting classes. It prints each package's size.
//
// One CTest test runs the whole program (label `package`), so the packages are made once.

#include "Core/Version.h"
#include "Support/DaemonProcess.h"

#include <juce_audio_processors/juce_audio_processors.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace
{
    std::string quoted (const fs::path& path) { return "'" + path.string() + "'"; }

    std::string trimmed (std::string text)
    {
        while (! text.empty() && std::isspace (static_cast<unsigned char> (text.back())))
            text.pop_back();
        return text;
    }

    std::vector<std::string> wordsOf (const std::string& text)
    {
        std::istringstream in (text);
        std::vector<std::string> words;
        for (std::string word; in >> word;)
            words.push_back (word);
        return words;
    }

    std::string readText (const fs::path& file)
    {
        std::ifstream in (file, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    }

    double mebibytes (double bytes) { return bytes / (1024.0 * 1024.0); }

    /** The file ldd says the loader takes for library (a soname), with every link and ".." resolved;
        empty when ldd does not list it. */
    fs::path resolvedBy (const std::string& lddOutput, const std::string& library)
    {
        const auto at = lddOutput.find (library + " => ");
        if (at == std::string::npos)
            return {};
        const auto from = at + library.size() + 4;
        const auto path = lddOutput.substr (from, lddOutput.find (" (", from) - from);
        std::error_code ec;
        return fs::canonical (path, ec);
    }

    /** The two packages, made and unpacked once for the whole program. */
    struct Packages
    {
        TemporaryDirectory scratch { "earshot-package" };
        fs::path root = scratch.path() / "root";
        fs::path programs; ///< earshot_<version>_<arch>.deb
        fs::path plugins; ///< earshot-plugins_<version>_<arch>.deb
        std::string failure; ///< why they could not be made; empty when they were

        Packages()
        {
            const auto made = runCommand (std::string (EARSHOT_CPACK) + " -G DEB --config " + quoted (fs::path (EARSHOT_BUILD_DIR) / "CPackConfig.cmake")
                                          + " -B " + quoted (scratch.path() / "out"));
            if (made.exitCode != 0)
            {
                failure = "cpack -G DEB failed:\n" + made.output;
                return;
            }
            for (const auto& entry : fs::directory_iterator (scratch.path() / "out"))
            {
                const auto name = entry.path().filename().string();
                if (name.starts_with ("earshot_") && name.ends_with (".deb"))
                    programs = entry.path();
                else if (name.starts_with ("earshot-plugins_") && name.ends_with (".deb"))
                    plugins = entry.path();
            }
            if (programs.empty() || plugins.empty())
            {
                failure = "cpack did not write earshot_*.deb and earshot-plugins_*.deb:\n" + made.output;
                return;
            }
            for (const auto& deb : { programs, plugins })
            {
                const auto unpacked = runCommand ("dpkg-deb -x " + quoted (deb) + " " + quoted (root));
                if (unpacked.exitCode != 0)
                    failure += "dpkg-deb -x " + deb.filename().string() + " failed: " + unpacked.output;
            }
        }

        [[nodiscard]] fs::path usr() const { return root / "usr"; }

        [[nodiscard]] std::string field (const fs::path& deb, const std::string& name) const
        {
            return trimmed (runCommand ("dpkg-deb -f " + quoted (deb) + " " + name).output);
        }
    };

    Packages& packages()
    {
        static Packages made;
        return made;
    }

#define REQUIRE_PACKAGES() ASSERT_TRUE (packages().failure.empty()) << packages().failure

    /** A command line run as a user who installed the packages would run it: a clean environment
        whose PATH has no build tree in it, and a home folder of its own. */
    std::string asUser (const fs::path& home, const std::string& commandLine)
    {
        return "env -i HOME=" + quoted (home) + " PATH=/usr/bin:/bin LANG=C.UTF-8 XDG_RUNTIME_DIR=" + quoted (home / "run") + " " + commandLine;
    }

    /** An earshotd that the installed `earshot daemon` started (detached, so not this process's
        child); stopped with SIGTERM, waiting until it has gone, when this goes. */
    struct InstalledDaemon
    {
        fs::path home;
        fs::path dataDirectory = home / "data";
        std::string api = "unix:" + (home / "api.sock").string();
        int pid = 0;
        CommandResult started;

        explicit InstalledDaemon (const fs::path& homeFolder)
            : home (homeFolder)
        {
            fs::create_directories (home / "run");
            started = runCommand (asUser (home, quoted (packages().usr() / "bin" / "earshot") + " --api " + api + " daemon --data-dir " + quoted (dataDirectory) + " -- --bt-interface 127.0.0.1 --bt-port 0 --friends-listen 127.0.0.1:0 --no-dht"));
            const auto at = started.output.find ("(pid ");
            if (at != std::string::npos)
                pid = std::stoi (started.output.substr (at + 5));
        }

        ~InstalledDaemon()
        {
            if (pid <= 0)
                return;
            ::kill (pid, SIGTERM);
            for (int i = 0; i < 200 && ::kill (pid, 0) == 0; ++i)
                std::this_thread::sleep_for (100ms);
            if (::kill (pid, 0) == 0)
                ::kill (pid, SIGKILL);
        }

        [[nodiscard]] CommandResult earshot (const std::string& arguments) const
        {
            return runCommand (asUser (home, quoted (packages().usr() / "bin" / "earshot") + " --api " + api + " " + arguments));
        }
    };

    const std::vector<std::string> installedPrograms { "earshotd", "earshot", "earshot-hub", "earshot-app" };
} // namespace

//==============================================================================
TEST (Package, IsNamedVersionedAndDeclaresItsDependencies)
{
    REQUIRE_PACKAGES();
    const auto& made = packages();
    const auto architecture = trimmed (runCommand ("dpkg --print-architecture").output);

    for (const auto& [deb, name] : { std::pair { made.programs, std::string ("earshot") }, std::pair { made.plugins, std::string ("earshot-plugins") } })
    {
        SCOPED_TRACE (deb.filename().string());
        EXPECT_EQ (made.field (deb, "Package"), name);
        EXPECT_EQ (made.field (deb, "Version"), projectVersion);
        EXPECT_EQ (made.field (deb, "Architecture"), architecture);
        EXPECT_EQ (made.field (deb, "Maintainer"), "Earshot maintainers <maintainers@earshot.audio>");
        EXPECT_EQ (made.field (deb, "Section"), "sound");
        EXPECT_EQ (deb.filename().string(), name + "_" + projectVersion + "_" + architecture + ".deb");
        // dpkg-shlibdeps found what the binaries link.
        EXPECT_NE (made.field (deb, "Depends").find ("libc6 (>="), std::string::npos) << made.field (deb, "Depends");

        const auto size = static_cast<double> (fs::file_size (deb));
        const auto installedKiB = std::stod ("0" + made.field (deb, "Installed-Size"));
        std::cout << "[ package  ] " << deb.filename().string() << ": " << std::fixed << std::setprecision (1) << mebibytes (size) << " MiB, installed "
                  << installedKiB / 1024.0 << " MiB" << std::endl;
    }

    // Each Description's first line is the package's own synopsis.
    EXPECT_EQ (made.field (made.programs, "Description").substr (0, 56), "Hear, share and publish music over a peer-to-peer swarm\n");
    EXPECT_EQ (made.field (made.plugins, "Description").substr (0, 39), "Earshot as VST3, LV2 and Unity plugins\n");

    const auto programsDepends = made.field (made.programs, "Depends");
    for (const auto* library : { "libtorrent-rasterbar", "libgrpc++", "libprotobuf", "libsqlite3", "libasound2" })
        EXPECT_NE (programsDepends.find (library), std::string::npos) << library << " is not in Depends: " << programsDepends;
    // The plugins start the earshotd of the same version.
    EXPECT_NE (made.field (made.plugins, "Depends").find ("earshot (= " + std::string (projectVersion) + ")"), std::string::npos)
        << made.field (made.plugins, "Depends");
}

TEST (Package, PutsEveryFileWhereDebianExpectsIt)
{
    REQUIRE_PACKAGES();
    const auto usr = packages().usr();
    const fs::path lib = EARSHOT_INSTALL_LIBDIR; // lib/<multiarch>
    const std::vector<fs::path> expected {
        "bin/earshotd",
        "bin/earshot",
        "bin/earshot-hub",
        "bin/earshot-app",
        lib / "libearshot.so",
        lib / ("libearshot.so." + std::string (projectVersion)),
        lib / "pkgconfig/earshot.pc",
        lib / "earshot/libearshot_proto.so.0",
        "include/earshot.h",
        "share/man/man1/earshotd.1.gz",
        "share/man/man1/earshot.1.gz",
        "share/man/man1/earshot-hub.1.gz",
        "share/man/man1/earshot-app.1.gz",
        "share/bash-completion/completions/earshot",
        "share/applications/earshot.desktop",
        "share/icons/hicolor/scalable/apps/earshot.svg",
        "lib/systemd/user/earshotd.service",
        "lib/vst3/Earshot.vst3/Contents/x86_64-linux/Earshot.so",
        "lib/vst3/Earshot.vst3/Contents/x86_64-linux/libearshot_proto.so.0",
        "lib/lv2/Earshot.lv2/libEarshot.so",
        "lib/lv2/Earshot.lv2/libearshot_proto.so.0",
        "lib/lv2/Earshot.lv2/manifest.ttl",
        "lib/lv2/Earshot.lv2/dsp.ttl",
        "share/earshot/unity/audioplugin_Earshot.so",
        "share/earshot/unity/audioplugin_Earshot_UnityScript.cs",
        "share/earshot/unity/libearshot_proto.so.0",
    };
    for (const auto& file : expected)
        EXPECT_TRUE (fs::exists (usr / file)) << "/usr/" << file.string() << " is not in the packages";
    for (const auto* program : { "earshotd", "earshot", "earshot-hub", "earshot-app" })
        EXPECT_TRUE ((fs::status (usr / "bin" / program).permissions() & fs::perms::others_exec) != fs::perms::none) << program;

    // Everything is under /usr: nothing in /etc, /var, /home or /usr/local.
    for (const auto& deb : { packages().programs, packages().plugins })
    {
        const auto listing = runCommand ("dpkg-deb -c " + quoted (deb));
        ASSERT_EQ (listing.exitCode, 0) << listing.output;
        std::istringstream lines (listing.output);
        for (std::string line; std::getline (lines, line);)
        {
            const auto path = line.substr (line.find ("./"));
            EXPECT_TRUE (path == "./" || path.starts_with ("./usr/")) << deb.filename().string() << " installs " << path;
            EXPECT_FALSE (path.starts_with ("./usr/local")) << path;
        }
    }
}

TEST (Package, RemovingItLeavesUsersData)
{
    REQUIRE_PACKAGES();
    // The only maintainer scripts (earshot's, for libearshot) run ldconfig: nothing removes a user's
    // library (~/.local/share/earshot) or settings; dpkg takes away only the files the package listed.
    for (const auto& deb : { packages().programs, packages().plugins })
    {
        const auto control = packages().scratch.path() / ("control-" + deb.stem().string());
        const auto extracted = runCommand ("dpkg-deb -e " + quoted (deb) + " " + quoted (control));
        ASSERT_EQ (extracted.exitCode, 0) << extracted.output;
        for (const auto* script : { "prerm", "postrm", "preinst", "postinst" })
        {
            if (! fs::exists (control / script))
                continue;
            const auto text = readText (control / script);
            for (const auto* touch : { ".local", "HOME", "/home", "rm -" })
                EXPECT_EQ (text.find (touch), std::string::npos) << deb.filename().string() << "'s " << script << " mentions " << touch << ":\n"
                                                                 << text;
        }
    }
}

//==============================================================================
TEST (InstalledPrograms, PrintTheirVersion)
{
    REQUIRE_PACKAGES();
    TemporaryDirectory home ("earshot-package-home");
    for (const auto& program : installedPrograms)
    {
        const auto run = runCommand (asUser (home.path(), quoted (packages().usr() / "bin" / program) + " --version 2>/dev/null"));
        EXPECT_EQ (run.exitCode, 0) << program << ": " << run.output;
        EXPECT_EQ (run.output, program + " " + projectVersion + "\n");
    }
}

TEST (InstalledPrograms, NeedNothingFromTheBuildTree)
{
    REQUIRE_PACKAGES();
    const auto usr = packages().usr();
    const fs::path lib = EARSHOT_INSTALL_LIBDIR;
    std::vector<std::pair<fs::path, fs::path>> binaries; // binary, where its libearshot_proto must come from
    for (const auto& program : installedPrograms)
        binaries.emplace_back (usr / "bin" / program, usr / lib / "earshot");
    binaries.emplace_back (usr / lib / "libearshot.so", usr / lib / "earshot");
    binaries.emplace_back (usr / "lib/vst3/Earshot.vst3/Contents/x86_64-linux/Earshot.so", usr / "lib/vst3/Earshot.vst3/Contents/x86_64-linux");
    binaries.emplace_back (usr / "lib/lv2/Earshot.lv2/libEarshot.so", usr / "lib/lv2/Earshot.lv2");
    binaries.emplace_back (usr / "share/earshot/unity/audioplugin_Earshot.so", usr / "share/earshot/unity");

    for (const auto& [binary, protoFolder] : binaries)
    {
        SCOPED_TRACE (binary.string());
        const auto ldd = runCommand ("env -i ldd " + quoted (binary));
        ASSERT_EQ (ldd.exitCode, 0) << ldd.output;
        EXPECT_EQ (ldd.output.find ("not found"), std::string::npos) << ldd.output;
        EXPECT_EQ (ldd.output.find (EARSHOT_BUILD_DIR), std::string::npos) << ldd.output;
        EXPECT_EQ (resolvedBy (ldd.output, "libearshot_proto.so.0"), fs::canonical (protoFolder / "libearshot_proto.so.0")) << ldd.output;
        // Its RUNPATH is relative to itself: no folder of the machine that built it.
        const auto dynamic = runCommand ("readelf -d " + quoted (binary));
        const auto runpath = dynamic.output.find ("(RUNPATH)");
        ASSERT_NE (runpath, std::string::npos) << dynamic.output;
        const auto runpathLine = dynamic.output.substr (runpath, dynamic.output.find ('\n', runpath) - runpath);
        EXPECT_NE (runpathLine.find ("[$ORIGIN"), std::string::npos) << runpathLine;
        EXPECT_EQ (runpathLine.find (EARSHOT_BUILD_DIR), std::string::npos) << runpathLine;

        // Stripped, as Debian ships binaries, and so is the libearshot_proto beside it.
        for (const auto& shipped : { binary, protoFolder / "libearshot_proto.so.0" })
        {
            const auto file = runCommand ("file -L " + quoted (shipped));
            EXPECT_NE (file.output.find (", stripped"), std::string::npos) << file.output;
        }
    }
}

TEST (InstalledPrograms, TheCommandLineStartsTheInstalledDaemonAndTalksToIt)
{
    REQUIRE_PACKAGES();
    TemporaryDirectory home ("earshot-package-home");
    InstalledDaemon daemon (home.path());
    ASSERT_EQ (daemon.started.exitCode, 0) << daemon.started.output;
    ASSERT_GT (daemon.pid, 0) << daemon.started.output;

    // The earshotd that the installed earshot started is the one installed beside it.
    std::error_code ec;
    EXPECT_EQ (fs::read_symlink ("/proc/" + std::to_string (daemon.pid) + "/exe", ec), packages().usr() / "bin" / "earshotd");

    const auto info = daemon.earshot ("info");
    EXPECT_EQ (info.exitCode, 0) << info.output;
    EXPECT_NE (info.output.find ("earshotd " + std::string (projectVersion)), std::string::npos) << info.output;
    EXPECT_NE (info.output.find ("tracks 0"), std::string::npos) << info.output;

    const auto published = daemon.earshot ("publish " + quoted (testMedia ("excerpt.flac")));
    ASSERT_EQ (published.exitCode, 0) << published.output;
    const auto id = published.output.substr (0, 12);

    const auto list = daemon.earshot ("list");
    EXPECT_EQ (list.exitCode, 0) << list.output;
    EXPECT_EQ (list.output.rfind (id, 0), 0u) << list.output;

    // A published track is checked against its file, then seeded.
    CommandResult status;
    EXPECT_TRUE (eventually ([&]
                             {
        status = daemon.earshot ("status " + id + " --once");
        return status.output.find ("seeding") != std::string::npos; },
                             30s))
        << status.output;
    EXPECT_EQ (status.exitCode, 0) << status.output;
    EXPECT_NE (status.output.find (id), std::string::npos) << status.output;
}

//==============================================================================
TEST (InstalledLibrary, BuildsWithPkgConfigAndPlaysFromTheDaemon)
{
    REQUIRE_PACKAGES();
    TemporaryDirectory home ("earshot-package-home");
    const auto pkgConfig = "env PKG_CONFIG_PATH=" + quoted (packages().usr() / EARSHOT_INSTALL_LIBDIR / "pkgconfig") + " pkg-config ";

    const auto version = runCommand (pkgConfig + "--modversion earshot");
    EXPECT_EQ (version.output, std::string (projectVersion) + "\n");
    const auto flags = runCommand (pkgConfig + "--cflags --libs earshot");
    ASSERT_EQ (flags.exitCode, 0) << flags.output;
    EXPECT_NE (flags.output.find (packages().root.string()), std::string::npos) << "the flags do not point into the unpacked packages: " << flags.output;
    const auto libdir = trimmed (runCommand (pkgConfig + "--variable=libdir earshot").output);

    // tests/CApi's example, a game's use of earshot.h end to end, built only from what was installed.
    const auto program = home.path() / "capi_example";
    const auto built = runCommand ("cc -std=gnu11 -Wall -Werror -o " + quoted (program) + " " + quoted (fs::path (EARSHOT_SOURCE_DIR) / "tests/CApi/capi_example.c")
                                   + " " + trimmed (flags.output) + " -lm -Wl,-rpath," + libdir);
    ASSERT_EQ (built.exitCode, 0) << built.output;
    const auto ldd = runCommand ("env -i ldd " + quoted (program));
    EXPECT_EQ (resolvedBy (ldd.output, "libearshot.so.0"), fs::canonical (packages().usr() / EARSHOT_INSTALL_LIBDIR / "libearshot.so.0")) << ldd.output;

    InstalledDaemon daemon (home.path());
    ASSERT_GT (daemon.pid, 0) << daemon.started.output;
    const auto published = daemon.earshot ("publish " + quoted (testMedia ("excerpt.flac")));
    ASSERT_EQ (published.exitCode, 0) << published.output;

    const auto played = runCommand (asUser (home.path(), quoted (program) + " " + daemon.api + " ''"));
    EXPECT_EQ (played.exitCode, 0) << played.output;
    EXPECT_NE (played.output.find ("matched 1"), std::string::npos) << played.output;
    EXPECT_NE (played.output.find ("track " + published.output.substr (0, 12)), std::string::npos) << played.output;
    EXPECT_NE (played.output.find ("first audio after"), std::string::npos) << played.output;
    EXPECT_NE (played.output.find ("closed"), std::string::npos) << played.output;
}

//==============================================================================
TEST (InstalledDocs, EachProgramHasAManPage)
{
    REQUIRE_PACKAGES();
    for (const auto& program : installedPrograms)
    {
        const auto page = runCommand ("zcat " + quoted (packages().usr() / "share/man/man1" / (program + ".1.gz")));
        ASSERT_EQ (page.exitCode, 0) << page.output;
        auto upper = program;
        std::transform (upper.begin(), upper.end(), upper.begin(), [] (unsigned char c)
                        { return static_cast<char> (std::toupper (c)); });
        EXPECT_NE (page.output.find (".TH " + upper + " \"1\""), std::string::npos) << page.output.substr (0, 400);
        EXPECT_NE (page.output.find ("Earshot " + std::string (projectVersion)), std::string::npos) << program;
        EXPECT_NE (page.output.find (".SH NAME"), std::string::npos) << program;
        // The page is the program's --help: its options are in it.
        EXPECT_NE (page.output.find ("\\-\\-version"), std::string::npos) << program;
    }
}

TEST (InstalledDocs, BashCompletionCoversEveryCommand)
{
    REQUIRE_PACKAGES();
    TemporaryDirectory home ("earshot-package-home");
    const auto script = packages().usr() / "share/bash-completion/completions/earshot";
    const auto earshot = quoted (packages().usr() / "bin" / "earshot");

    // What bash offers after the words typed so far (the last one is being completed).
    const auto complete = [&] (const std::vector<std::string>& typed)
    {
        std::string words;
        for (const auto& word : typed)
            words += " \"" + word + "\"";
        const auto run = runCommand ("cd " + quoted (home.path()) + " && bash -c 'source \"$0\"; COMP_WORDS=(earshot" + words + "); COMP_CWORD=" + std::to_string (typed.size())
                                     + "; _earshot; printf \"%s\\n\" \"${COMPREPLY[@]}\"' " + quoted (script));
        EXPECT_EQ (run.exitCode, 0) << run.output;
        auto offered = wordsOf (run.output);
        return std::set<std::string> (offered.begin(), offered.end());
    };

    // The subcommands `earshot [command] --help` lists, as CLI11 prints them.
    const auto subcommandsInHelp = [&] (const std::string& command)
    {
        const auto help = runCommand (asUser (home.path(), earshot + " " + command + " --help"));
        std::set<std::string> names;
        const auto at = help.output.find ("Subcommands:");
        if (at == std::string::npos)
            return names;
        std::istringstream lines (help.output.substr (at));
        std::string line;
        std::getline (lines, line);
        while (std::getline (lines, line) && line.starts_with ("  "))
            names.insert (wordsOf (line).front());
        return names;
    };

    const auto top = subcommandsInHelp ("");
    ASSERT_GT (top.size(), 10u) << "earshot --help lists no subcommands";
    EXPECT_EQ (complete ({ "" }), top);
    for (const auto& command : top)
    {
        SCOPED_TRACE ("earshot " + command);
        const auto nested = subcommandsInHelp (command);
        if (! nested.empty())
        {
            EXPECT_EQ (complete ({ command, "" }), nested);
        }
    }

    EXPECT_EQ (complete ({ "fr" }), (std::set<std::string> { "friends" }));
    EXPECT_EQ (complete ({ "cat", "--st" }), (std::set<std::string> { "--stall-timeout" }));
    EXPECT_EQ (complete ({ "--ap" }), (std::set<std::string> { "--api" }));
    // An option's value is skipped while following the command: `--api x friends` is still `friends`.
    EXPECT_EQ (complete ({ "--api", "unix:/tmp/x.sock", "friends", "a" }), (std::set<std::string> { "add" }));
    // A numeric option's value gets nothing; a path gets files.
    EXPECT_TRUE (complete ({ "cat", "--stall-timeout", "" }).empty());
    std::ofstream (home.path() / "song.flac") << "x";
    EXPECT_EQ (complete ({ "publish", "so" }), (std::set<std::string> { "song.flac" }));
    // The hidden flag that writes the script is not offered.
    EXPECT_EQ (complete ({ "--b" }), (std::set<std::string> {}));
}

TEST (InstalledDesktopEntry, ValidatesAndOpensLinksAndTorrents)
{
    REQUIRE_PACKAGES();
    const auto entry = packages().usr() / "share/applications/earshot.desktop";
    const auto validated = runCommand ("desktop-file-validate " + quoted (entry));
    EXPECT_EQ (validated.exitCode, 0) << validated.output;
    EXPECT_EQ (validated.output, "") << "desktop-file-validate has warnings or hints";

    const auto text = readText (entry);
    EXPECT_NE (text.find ("\nExec=earshot-app %U\n"), std::string::npos) << text;
    EXPECT_NE (text.find ("\nMimeType=x-scheme-handler/magnet;x-scheme-handler/earshot;application/x-bittorrent;\n"), std::string::npos) << text;
    EXPECT_NE (text.find ("\nIcon=earshot\n"), std::string::npos) << text;
    // The icon the entry names is in the hicolor theme, and is an SVG.
    const auto icon = readText (packages().usr() / "share/icons/hicolor/scalable/apps/earshot.svg");
    EXPECT_NE (icon.find ("<svg"), std::string::npos);
}

TEST (InstalledUserUnit, StartsThePackagedDaemon)
{
    REQUIRE_PACKAGES();
    // The unit names the earshotd the package installs, whatever prefix the build was configured
    // with: systemd runs ExecStart's path as written.
    const auto text = readText (packages().usr() / "lib/systemd/user/earshotd.service");
    EXPECT_NE (text.find ("\nExecStart=/usr/bin/earshotd\n"), std::string::npos) << text;
    EXPECT_NE (text.find ("\nWantedBy=default.target\n"), std::string::npos) << text;
}

//==============================================================================
TEST (InstalledPlugins, LoadInAHostFromWhereTheyAreInstalled)
{
    REQUIRE_PACKAGES();
    juce::ScopedJuceInitialiser_GUI juceInitialiser;
    TemporaryDirectory home ("earshot-package-home");

    // VST3: by the bundle's path. LV2: JUCE's host looks plugins up by URI in ~/.lv2, /usr/lib/lv2
    // and /usr/local/lib/lv2, so the installed bundle is linked into the home folder's ~/.lv2.
    fs::create_directories (home.path() / ".lv2");
    fs::create_directory_symlink (packages().usr() / "lib/lv2/Earshot.lv2", home.path() / ".lv2" / "Earshot.lv2");
    const auto oldHome = juce::SystemStats::getEnvironmentVariable ("HOME", {});
    ::setenv ("HOME", home.path().c_str(), 1);

    juce::VST3PluginFormat vst3;
    juce::LV2PluginFormat lv2;
    for (auto* format : { static_cast<juce::AudioPluginFormat*> (&vst3), static_cast<juce::AudioPluginFormat*> (&lv2) })
    {
        SCOPED_TRACE (format->getName().toStdString());
        juce::OwnedArray<juce::PluginDescription> types;
        format->findAllTypesForFile (types, format == &vst3 ? (packages().usr() / "lib/vst3/Earshot.vst3").string() : EARSHOT_LV2_URI);
        ASSERT_EQ (types.size(), 1) << "the installed bundle was not found";
        EXPECT_EQ (types[0]->name, "Earshot");
        EXPECT_EQ (types[0]->manufacturerName, "Earshot");
        if (format == &vst3)
        {
            EXPECT_EQ (types[0]->version, projectVersion);
            EXPECT_EQ (types[0]->category, "Fx|Generator|Network");
            EXPECT_TRUE (types[0]->fileOrIdentifier.startsWith (packages().usr().string())) << types[0]->fileOrIdentifier;
        }

        juce::String error;
        auto instance = format->createInstanceFromDescription (*types[0], 48000.0, 512, error);
        ASSERT_NE (instance, nullptr) << error;
        if (format == &lv2)
        {
            EXPECT_EQ (instance->getNumPrograms(), 1);
            EXPECT_EQ (instance->getProgramName (0), "Swarm preview");
        }
        instance->prepareToPlay (48000.0, 512);
        juce::AudioBuffer<float> buffer (2, 512);
        juce::MidiBuffer midi;
        buffer.clear();
        instance->processBlock (buffer, midi);
        instance->releaseResources();
    }
    ::setenv ("HOME", oldHome.toRawUTF8(), 1);
}

TEST (InstalledPlugins, Lv2HostsReadTheInstalledBundle)
{
    REQUIRE_PACKAGES();
    const auto info = runCommand ("env LV2_PATH=" + quoted (packages().usr() / "lib/lv2") + " lv2info " + EARSHOT_LV2_URI);
    ASSERT_EQ (info.exitCode, 0) << info.output;
    EXPECT_NE (info.output.find ("Name:              Earshot"), std::string::npos) << info.output;
    EXPECT_NE (info.output.find ("Author Homepage:   https://earshot.audio"), std::string::npos) << info.output;
    EXPECT_NE (info.output.find ("Author Email:      mailto:maintainers@earshot.audio"), std::string::npos) << info.output;
    EXPECT_NE (info.output.find ("Swarm preview"), std::string::npos) << info.output;
}
