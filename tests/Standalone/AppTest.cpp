// The desktop app as a user meets it, under Xvfb: it starts the local earshotd itself (none is
// running at its address), plays a track of the library into a WAV file (the machine has no sound
// card), notices the daemon stopping and starting again and seeks afterwards (a new stream from the
// restarted daemon), and saves a screenshot of its window into the build tree.

#include "Support/DaemonProcess.h"

#include <gtest/gtest.h>
#include <juce_audio_formats/juce_audio_formats.h>
#include <juce_gui_basics/juce_gui_basics.h>

#include <csignal>
#include <fstream>
#include <regex>
#include <thread>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

namespace
{
    int daemonPid (const std::filesystem::path& dataDirectory)
    {
        std::ifstream lock (dataDirectory / "earshotd.lock");
        int pid = 0;
        lock >> pid;
        return pid;
    }

    bool processExists (int pid) { return pid > 0 && ::kill (pid, 0) == 0; }

    std::string shellQuote (const std::string& text) { return "'" + text + "'"; }

    /** RMS of the left channel over [from, to) seconds of a WAV file. */
    double loudness (juce::AudioFormatReader& reader, double from, double to)
    {
        const auto start = static_cast<juce::int64> (from * reader.sampleRate);
        const auto frames = static_cast<int> (std::max (0.0, (to - from) * reader.sampleRate));
        if (frames <= 0 || start + frames > reader.lengthInSamples)
            return 0.0;
        juce::AudioBuffer<float> audio (static_cast<int> (reader.numChannels), frames);
        reader.read (&audio, 0, frames, start, true, true);
        return audio.getRMSLevel (0, 0, frames);
    }
} // namespace

TEST (App, StartsItsDaemonPlaysATrackRidesOutADaemonRestartAndSavesAScreenshot)
{
    TemporaryDirectory root ("earshot-app");
    const auto library = root.path() / "library";
    std::string trackId;
    {
        // A library that already holds a track: published, then the daemon stopped.
        DaemonProcess seed (library);
        seed.start();
        trackId = seed.client().publish ({ (demoAlbum ("flac") / "01-first-light.flac").string() }).front().id;
        seed.stop();
    }

    const auto address = "unix:" + (root.path() / "app.sock").string();
    const auto wav = root.path() / "app.wav";
    const auto screenshot = std::filesystem::path (EARSHOT_UI_IMAGES) / "app-playing.png";
    const std::string daemonArgs = "--bt-interface 127.0.0.1 --bt-port 0 --no-dht --friends-listen 127.0.0.1:0";
    // The first start's question answered already ("share"), in a config folder of the test's own.
    const auto config = root.path() / "config";
    std::filesystem::create_directories (config / "earshot-app");
    std::ofstream (config / "earshot-app" / "earshot-app.settings") << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PROPERTIES>\n  <VALUE name=\"network\" val=\"share\"/>\n</PROPERTIES>\n";
    const auto environment = "XDG_CONFIG_HOME=" + shellQuote (config.string()) + " EARSHOT_API=" + shellQuote (address) + " EARSHOT_DATA_DIR=" + shellQuote (library.string())
                             + " EARSHOT_DAEMON_ARGS=" + shellQuote (daemonArgs);

    CommandResult app;
    const auto launched = std::chrono::steady_clock::now();
    std::thread running ([&]
                         { app = runCommand (environment + " xvfb-run -a -s '-screen 0 1600x1000x24' " + shellQuote (EARSHOT_APP_BINARY)
                                             + " --play " + trackId.substr (0, 12) + " --out " + shellQuote (wav.string())
                                             + " --screenshot " + shellQuote (screenshot.string()) + " --seek-at 17:100 --quit-after 24"); });

    // The app starts the daemon; once it has played for a while, the daemon is stopped and started again.
    int pid = 0;
    for (int i = 0; i < 200 && ! processExists (pid); ++i)
    {
        std::this_thread::sleep_for (50ms);
        pid = daemonPid (library);
    }
    ASSERT_TRUE (processExists (pid)) << "the app did not start earshotd";
    std::this_thread::sleep_for (7s);
    ::kill (pid, SIGTERM);
    for (int i = 0; i < 200 && processExists (pid); ++i)
        std::this_thread::sleep_for (50ms);
    std::this_thread::sleep_for (2s);
    const auto restart = runCommand ("EARSHOT_API=" + shellQuote (address) + " " + shellQuote (EARSHOT_CLI_BINARY) + " daemon --data-dir "
                                     + shellQuote (library.string()) + " -- " + daemonArgs);
    EXPECT_EQ (restart.exitCode, 0) << restart.output;

    running.join();
    const auto ended = std::chrono::steady_clock::now();
    ::kill (daemonPid (library), SIGTERM);

    EXPECT_EQ (app.exitCode, 0) << app.output;
    EXPECT_NE (app.output.find ("started earshotd at " + address), std::string::npos) << app.output;
    EXPECT_NE (app.output.find ("audio started after"), std::string::npos) << app.output;
    // When the first block went out, on the clock this process shares: after the launch, before its end.
    std::smatch firstBlock;
    ASSERT_TRUE (std::regex_search (app.output, firstBlock, std::regex ("first audio block rendered at steady clock ([0-9]+) ns\n"))) << app.output;
    const std::chrono::steady_clock::time_point firstBlockAt { std::chrono::nanoseconds (std::stoll (firstBlock[1])) };
    EXPECT_GT (firstBlockAt, launched) << app.output;
    EXPECT_LT (firstBlockAt, ended) << app.output;
    EXPECT_LT (static_cast<std::size_t> (firstBlock.position (0)), app.output.find ("earshotd went away")) << app.output;
    EXPECT_NE (app.output.find ("earshotd went away"), std::string::npos) << app.output;
    EXPECT_NE (app.output.find ("earshotd is back"), std::string::npos) << app.output;
    EXPECT_NE (app.output.find ("seeking to 100.0 s"), std::string::npos) << app.output;
    EXPECT_NE (app.output.find ("the player is Playing"), std::string::npos) << app.output;
    EXPECT_NE (app.output.find ("screenshot saved to"), std::string::npos) << app.output;

    // The WAV holds the track before the restart, and again after the seek that followed it.
    juce::AudioFormatManager formats;
    formats.registerBasicFormats();
    std::unique_ptr<juce::AudioFormatReader> reader (formats.createReaderFor (juce::File (wav.string())));
    ASSERT_NE (reader, nullptr) << "no WAV written";
    const double seconds = static_cast<double> (reader->lengthInSamples) / reader->sampleRate;
    ASSERT_GT (seconds, 20.0);
    EXPECT_GT (loudness (*reader, 2.0, 6.0), 0.02) << "no audio before the restart";
    EXPECT_GT (loudness (*reader, seconds - 4.0, seconds - 0.5), 0.02) << "no audio after the restart and the seek";

    // The screenshot is the window, with something drawn in it.
    const auto image = juce::ImageFileFormat::loadFrom (juce::File (screenshot.string()));
    ASSERT_TRUE (image.isValid());
    EXPECT_GE (image.getWidth(), 600);
    EXPECT_GE (image.getHeight(), 400);
    std::set<juce::uint32> colours;
    for (int y = 0; y < image.getHeight(); y += 7)
        for (int x = 0; x < image.getWidth(); x += 7)
            colours.insert (image.getPixelAt (x, y).getARGB());
    EXPECT_GT (colours.size(), 20u) << "the screenshot is nearly blank";
}
