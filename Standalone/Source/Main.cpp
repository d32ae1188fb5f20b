// The Earshot desktop app: finds or starts the local earshotd, shows the shared view, and plays
// through the default audio device (or into a WAV file, --out, where there is none).
//
//   earshot-app [--play TRACK] [--seek S] [--seek-at AT:TO] [--out FILE.wav] [--screenshot FILE.png]
//               [--quit-after S] [magnet:?xt=... | FILE.torrent | file:///...torrent | earshot:CODE ...]
//
// Magnet links and .torrent files on the command line are added to the library; a friend code opens
// the Add dialog, which asks for the friend's name (the desktop's .desktop entry runs
// `earshot-app %U` for magnet: and earshot: links and .torrent files). One app runs per daemon: a
// second launch hands its arguments to the running one (InstanceHandoff) and quits.
// The first start says what Earshot shares on the network and asks before earshotd is started
// (NetworkConsent, kept in $XDG_CONFIG_HOME/earshot-app/earshot-app.settings).
//
// The daemon is found at $EARSHOT_API (else the default socket); one that is started keeps its library
// in $EARSHOT_DATA_DIR (else the default data directory) and gets the options in $EARSHOT_DAEMON_ARGS.
// When the daemon restarts, the app reconnects and reopens what was playing where it stopped.

#include "Audio/AudioOutputs.h"
#include "Audio/PlaybackController.h"
#include "Client/DaemonLauncher.h"
#include "Core/Version.h"
#include "UI/AddInput.h"
#include "UI/EarshotView.h"
#include "UI/InstanceHandoff.h"
#include "UI/NetworkConsent.h"

#include <juce_gui_basics/juce_gui_basics.h>

#include <iostream>
#include <string_view>
#include <utility>

namespace earshot
{
    /** What the command line asks for, beyond the window. */
    struct AppOptions
    {
        juce::String play;
        double seekSeconds = 0.0;
        juce::File out;
        juce::File screenshot;
        double quitAfterSeconds = 0.0;
        /** A seek to make once the app has run this long (for trying seeks from the command line). */
        double seekAtSeconds = -1.0;
        double seekAtTarget = 0.0;

        /** The options above that take a value (the rest of the command line is what to open). */
        static juce::StringArray withValue() { return { "--play", "--seek", "--out", "--screenshot", "--quit-after", "--seek-at" }; }

        static AppOptions parse (const juce::StringArray& args)
        {
            AppOptions options;
            for (int i = 0; i < args.size(); ++i)
            {
                const auto next = [&]
                { return i + 1 < args.size() ? args[++i] : juce::String(); };
                const auto& arg = args[i];
                if (arg == "--play")
                    options.play = next();
                else if (arg == "--seek")
                    options.seekSeconds = next().getDoubleValue();
                else if (arg == "--out")
                    options.out = juce::File::getCurrentWorkingDirectory().getChildFile (next());
                else if (arg == "--screenshot")
                    options.screenshot = juce::File::getCurrentWorkingDirectory().getChildFile (next());
                else if (arg == "--quit-after")
                    options.quitAfterSeconds = next().getDoubleValue();
                else if (arg == "--seek-at")
                {
                    const auto value = next();
                    options.seekAtSeconds = value.upToFirstOccurrenceOf (":", false, false).getDoubleValue();
                    options.seekAtTarget = value.fromFirstOccurrenceOf (":", false, false).getDoubleValue();
                }
            }
            return options;
        }
    };

    void say (const juce::String& line)
    {
        std::cout << line << std::endl;
    }

    /** The main window: the shared view, resizable, remembering nothing yet. */
    class MainWindow final : public juce::DocumentWindow
    {
    public:
        MainWindow (std::unique_ptr<EarshotView> view)
            : DocumentWindow ("Earshot", juce::Colour (0xff101216), DocumentWindow::allButtons)
        {
            setUsingNativeTitleBar (false);
            setContentOwned (view.release(), true);
            setResizable (true, false);
            setResizeLimits (600, 400, 4000, 3000);
            centreWithSize (1180, 740);
            setVisible (true);
        }

        void closeButtonPressed() override { juce::JUCEApplication::getInstance()->systemRequestedQuit(); }

        [[nodiscard]] EarshotView& view() { return *static_cast<EarshotView*> (getContentComponent()); }
    };

    class EarshotApplication final : public juce::JUCEApplication,
                                     private juce::Timer
    {
    public:
        const juce::String getApplicationName() override { return "Earshot"; }
        const juce::String getApplicationVersion() override { return projectVersion; }
        /** True for JUCE: JUCE 7.0.5 cannot hand a second launch's command line over on Linux (its
            broadcastMessage is empty there), so InstanceHandoff does, one app per daemon. */
        bool moreThanOneInstanceAllowed() override { return true; }

        void initialise (const juce::String&) override
        {
            options = AppOptions::parse (getCommandLineParameterArray());
            properties = std::make_unique<juce::PropertiesFile> (propertiesFile(), juce::PropertiesFile::Options());
            auto launch = defaultLaunchOptions();
            // The data folder chosen in Settings, unless $EARSHOT_DATA_DIR names one.
            if (juce::SystemStats::getEnvironmentVariable ("EARSHOT_DATA_DIR", {}).isEmpty() && properties->containsKey ("dataFolder"))
                launch.dataDirectory = properties->getValue ("dataFolder").toStdString();
            const auto dataFolder = juce::String (launch.dataDirectory.string());
            daemon = std::make_unique<DaemonConnection> (launch);

            // One app per daemon: a later launch hands what it was opened with to the first, and quits.
            handoff = std::make_unique<InstanceHandoff> (handoffFolder (daemon->address()));
            if (! handoff->isFirstInstance())
            {
                juce::String whyNot;
                if (handoff->handOver (getCommandLineParameterArray(), whyNot))
                    say ("handed the command line to the earshot-app already running for " + juce::String (daemon->address()));
                else
                    say ("cannot hand the command line to the running earshot-app: " + whyNot);
                handoff.reset();
                daemon.reset();
                quit();
                return;
            }

            player = std::make_unique<PreviewPlayer> (daemon->client());
            controller = std::make_unique<PlaybackController> (daemon->client(), *player);

            auto view = std::make_unique<EarshotView> (daemon->client(), *player);
            // The controller keeps the player as wished, and reopens it after a daemon restart.
            EarshotView::Transport transport;
            transport.play = [this] (const std::string& id)
            {
                controller->select (id);
                controller->setWantPlaying (true);
            };
            transport.playPause = [this]
            { controller->setWantPlaying (! controller->wantPlaying()); };
            transport.stop = [this]
            {
                controller->setWantPlaying (false);
                controller->seek (0.0);
            };
            transport.seek = [this] (double seconds)
            { controller->seek (seconds); };
            view->setTransport (std::move (transport));
            view->setDaemonConnection (*daemon); // the banner says it is starting, or why it could not
            view->settings().setDataFolder (dataFolder, [this] (juce::String folder)
                                            {
                properties->setValue ("dataFolder", folder);
                properties->saveIfNeeded(); });
            view->settings().setAutostartExecutable (juce::File::getSpecialLocation (juce::File::currentExecutableFile));
            // The first start asks before anything listens; after a "share", a user who opens the app
            // is asking for music: the daemon is found or started at once.
            consent = std::make_unique<NetworkConsent> (*properties);
            view->setNetworkConsent (*consent);
            window = std::make_unique<MainWindow> (std::move (view));

            std::string whyNot;
            if (options.out != juce::File())
            {
                try
                {
                    fileOutput = std::make_unique<WavFileOutput> (*player, options.out);
                    say ("audio goes to " + options.out.getFullPathName());
                }
                catch (const std::exception& e)
                {
                    window->view().showMessage (e.what(), true, true);
                    say (juce::String ("cannot write audio: ") + e.what());
                }
            }
            else if ((deviceOutput = DeviceOutput::open (*player, whyNot)) != nullptr)
            {
                say ("audio goes to " + juce::String (deviceOutput->description()));
            }
            else
            {
                window->view().showMessage ("No audio output: " + juce::String (whyNot), true, true);
                say ("no audio output: " + juce::String (whyNot));
            }

            handoff->setOnArguments ([this] (const juce::StringArray& arguments)
                                     { openArguments (arguments, true); });
            // What the command line names is added once the daemon answers (it may be starting).
            pendingArguments = getCommandLineParameterArray();

            startedAtMs = juce::Time::getMillisecondCounterHiRes();
            startTimer (100);
        }

        /** The app's own settings (the data folder): $XDG_CONFIG_HOME (else ~/.config)
            /earshot-app/earshot-app.settings. */
        static juce::File propertiesFile()
        {
            const auto configHome = juce::SystemStats::getEnvironmentVariable ("XDG_CONFIG_HOME", {});
            const auto base = configHome.isNotEmpty() && juce::File::isAbsolutePath (configHome) ? juce::File (configHome) : juce::File ("~/.config");
            return base.getChildFile ("earshot-app").getChildFile ("earshot-app.settings");
        }

        /** Where the app's instances for a daemon meet: $XDG_RUNTIME_DIR (else ~/.config) /earshot-app/
            and a folder named after the daemon's address. */
        static juce::File handoffFolder (const std::string& address)
        {
            const auto runtime = juce::SystemStats::getEnvironmentVariable ("XDG_RUNTIME_DIR", {});
            const auto base = runtime.isNotEmpty() && juce::File::isAbsolutePath (runtime) ? juce::File (runtime)
                                                                                           : juce::File::getSpecialLocation (juce::File::userApplicationDataDirectory);
            return base.getChildFile ("earshot-app").getChildFile (juce::String::toHexString (juce::String (address).hashCode64()));
        }

        /** Opens what a command line names (magnet links, .torrent files, friend codes). */
        void openArguments (const juce::StringArray& arguments, bool fromAnotherLaunch)
        {
            const auto inputs = AddInput::fromCommandLine (arguments, AppOptions::withValue());
            for (const auto& input : inputs)
                say ("opening " + (input.kind == AddInput::Kind::torrentFile ? input.file.getFullPathName() : input.text) + (fromAnotherLaunch ? " (from another launch)" : ""));
            if (window != nullptr)
            {
                window->view().open (inputs);
                if (fromAnotherLaunch && ! inputs.empty())
                    window->toFront (true);
            }
        }

        void shutdown() override
        {
            stopTimer();
            if (handoff != nullptr)
                handoff->setOnArguments ({});
            window.reset();
            controller.reset();
            deviceOutput.reset();
            fileOutput.reset();
            player.reset();
            daemon.reset();
            handoff.reset();
            consent.reset();
            properties.reset();
        }

        void systemRequestedQuit() override { quit(); }
        /** Where JUCE hands a second launch over (on the platforms where it can). */
        void anotherInstanceStarted (const juce::String& commandLine) override
        {
            juce::StringArray arguments;
            arguments.addTokens (commandLine, true);
            arguments.trim();
            for (auto& argument : arguments)
                argument = argument.unquoted();
            openArguments (arguments, true);
        }

    private:
        void timerCallback() override
        {
            const auto elapsed = (juce::Time::getMillisecondCounterHiRes() - startedAtMs) / 1000.0;

            // Say once how the daemon was found, and start the track asked for once it answers.
            if (! announced)
            {
                if (const auto failure = daemon->startFailure(); ! failure.empty())
                {
                    announced = true;
                    say ("cannot reach or start earshotd: " + juce::String (failure));
                }
                else if (daemon->settled() && daemon->client()->waitUntilReady (std::chrono::milliseconds (0)))
                {
                    announced = true;
                    say (juce::String (daemon->startedDaemon() ? "started earshotd at " : "found earshotd at ") + daemon->address());
                    openArguments (std::exchange (pendingArguments, {}), false);
                    if (options.play.isNotEmpty())
                    {
                        controller->select (options.play.toStdString(), options.seekSeconds);
                        controller->setWantPlaying (true);
                        say ("playing " + options.play);
                    }
                }
            }

            // Report the daemon going away (unreachable for a second) and coming back. The client
            // reconnects by itself; the controller reopens a track whose stream broke meanwhile.
            if (announced && daemon->startFailure().empty())
            {
                const bool reachable = daemon->client()->waitUntilReady (std::chrono::milliseconds (0));
                if (reachable)
                    unreachableSince = -1.0;
                else if (unreachableSince < 0.0)
                    unreachableSince = elapsed;
                if (! daemonGone && unreachableSince >= 0.0 && elapsed - unreachableSince >= 1.0)
                {
                    daemonGone = true;
                    say ("earshotd went away; waiting for it to come back");
                }
                if (daemonGone && reachable)
                {
                    daemonGone = false;
                    say ("earshotd is back");
                }
            }
            const bool waiting = controller->waitingForDaemon();
            if (! waiting && reportedWaiting)
                say ("playback resumed at " + juce::String (player->positionSeconds(), 1) + " s");
            reportedWaiting = waiting;

            if (options.seekAtSeconds >= 0.0 && elapsed >= options.seekAtSeconds)
            {
                options.seekAtSeconds = -1.0;
                controller->seek (options.seekAtTarget);
                say ("seeking to " + juce::String (options.seekAtTarget, 1) + " s");
            }

            if (player->state() == PlayerState::playing && firstAudioAt < 0)
            {
                firstAudioAt = elapsed;
                say ("audio started after " + juce::String (elapsed, 2) + " s");
            }

            // For a bench timing launch -> sound from outside: when the first block of the track went
            // out, on the clock every process of the machine shares.
            if (! firstBlockReported)
            {
                if (const auto ns = player->latestAudioSteadyNs(); ns >= 0)
                {
                    firstBlockReported = true;
                    say ("first audio block rendered at steady clock " + juce::String (ns) + " ns");
                }
            }

            // The screenshot: a few seconds into playback, so the piece map and waveform have filled in.
            if (options.screenshot != juce::File() && ! screenshotTaken && firstAudioAt >= 0 && elapsed > firstAudioAt + 3.0)
                takeScreenshot();

            if (options.quitAfterSeconds > 0.0 && elapsed >= options.quitAfterSeconds)
            {
                if (options.screenshot != juce::File() && ! screenshotTaken)
                    takeScreenshot();
                say ("quitting after " + juce::String (elapsed, 1) + " s; the player is " + toString (player->state()));
                stopTimer();
                systemRequestedQuit();
            }
        }

        void takeScreenshot()
        {
            screenshotTaken = true;
            const auto image = window->createComponentSnapshot (window->getLocalBounds());
            options.screenshot.getParentDirectory().createDirectory();
            options.screenshot.deleteFile();
            juce::FileOutputStream out (options.screenshot);
            if (out.openedOk() && juce::PNGImageFormat().writeImageToStream (image, out))
                say ("screenshot saved to " + options.screenshot.getFullPathName() + " (" + juce::String (image.getWidth()) + "x" + juce::String (image.getHeight()) + ")");
            else
                say ("cannot write the screenshot to " + options.screenshot.getFullPathName());
        }

        AppOptions options;
        std::unique_ptr<juce::PropertiesFile> properties;
        std::unique_ptr<NetworkConsent> consent;
        std::unique_ptr<InstanceHandoff> handoff;
        std::unique_ptr<DaemonConnection> daemon;
        std::unique_ptr<PreviewPlayer> player;
        std::unique_ptr<PlaybackController> controller;
        std::unique_ptr<DeviceOutput> deviceOutput;
        std::unique_ptr<WavFileOutput> fileOutput;
        std::unique_ptr<MainWindow> window;
        double startedAtMs = 0.0;
        double firstAudioAt = -1.0;
        bool announced = false;
        bool reportedWaiting = false;
        bool daemonGone = false;
        double unreachableSince = -1.0;
        bool screenshotTaken = false;
        bool firstBlockReported = false;
        /** The command line's links and files, until the daemon answers. */
        juce::StringArray pendingArguments;
    };
} // namespace earshot

namespace earshot
{
    /** What `earshot-app --help` prints (help2man makes the man page from it). */
    constexpr const char* appHelp = R"(Usage: earshot-app [OPTIONS]

earshot-app: the Earshot desktop app. Finds the local earshotd (or starts one), shows the library,
friends, passes and news, and plays tracks while they stream from the swarm.

Options:
  -h, --help              Print this help and exit
  --version               Print the version and exit
  --play TRACK            Play this track (id or unique prefix) once the daemon answers
  --seek S                Start the track at S seconds
  --seek-at AT:TO         When the app has run AT seconds, seek to TO seconds
  --out FILE.wav          Render the audio into this WAV file instead of the audio device
  --screenshot FILE.png   Save a picture of the window a few seconds into playback
  --quit-after S          Quit after S seconds

Environment:
  EARSHOT_API             earshotd's API address (default: the daemon's default socket)
  EARSHOT_DATA_DIR        The data directory of a daemon the app starts
  EARSHOT_DAEMON_ARGS     More options for a daemon the app starts, separated by spaces
)";
} // namespace earshot

// main, rather than START_JUCE_APPLICATION's: --help and --version answer before JUCE starts, so they
// need no display and never reach an instance already running.
JUCE_CREATE_APPLICATION_DEFINE (earshot::EarshotApplication)

int main (int argc, char* argv[])
{
    for (int i = 1; i < argc; ++i)
    {
        const std::string_view arg (argv[i]);
        if (arg == "--version")
        {
            std::cout << "earshot-app " << earshot::projectVersion << std::endl;
            return 0;
        }
        if (arg == "--help" || arg == "-h")
        {
            std::cout << earshot::appHelp;
            return 0;
        }
    }
    juce::JUCEApplicationBase::createInstance = &juce_CreateApplication;
    return juce::JUCEApplicationBase::main (argc, const_cast<const char**> (argv));
}
