// The Earshot plugin as a host sees it: the built VST3 bundle and LV2 bundle are loaded through JUCE's
// own hosting classes (VST3PluginFormat, LV2PluginFormat), given a session state that selects a track,
// and driven like an audio device would drive them, from a real listener daemon streaming the track
// from an artist's daemon on loopback.
//
// Each test runs for both formats: the streamed audio comes out of processBlock (its envelope follows
// the source file's), the volume parameter scales it, the state saves and restores, sync to host
// follows the transport, playback comes back after the daemon restarts, and processBlock never
// allocates or takes a lock (counted by RealtimeGuard, as for the player).
//
// Without a daemon running (PluginWithoutDaemon), a host scanning the plugin (instantiating it,
// preparing it, running its audio, opening its editor) starts no earshotd and opens no port; a session
// that names a track starts the user's daemon once the host plays, and it plays from it.

#include "Core/DefaultLocations.h"
#include "RealtimeGuard.h"
#include "Support/DaemonProcess.h"
#include "Support/MessagePump.h"

#include <gtest/gtest.h>
#include <juce_audio_formats/juce_audio_formats.h>
#include <juce_audio_processors/juce_audio_processors.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <dlfcn.h>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <thread>
#include <unistd.h>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

namespace
{
    enum class Format
    {
        vst3,
        lv2
    };

    std::string nameOf (Format format) { return format == Format::vst3 ? "VST3" : "LV2"; }

    constexpr double hostRate = 48000.0;
    constexpr int hostBlock = 512;
    constexpr double envelopeWindowSeconds = 0.05;

    /** The artist publishes track 1 of the demo album; the listener (the daemon the plugin talks to,
        through EARSHOT_API) adds it and fetches it from the artist. */
    struct PluginSwarm
    {
        TemporaryDirectory root { "earshot-plugin" };
        DaemonProcess artist { root.path() / "artist", { "--upload-limit", "2048" } };
        DaemonProcess listener { root.path() / "listener" };
        std::filesystem::path source = demoAlbum ("flac") / "01-first-light.flac";
        std::string trackId;

        PluginSwarm()
        {
            artist.start();
            listener.start();
            const auto published = artist.client().publish ({ source.string() }).front();
            (void) listener.client().addTrack ({ published.manifest, std::nullopt, std::nullopt }, { artist.peerAddress() });
            trackId = published.id;
            ::setenv ("EARSHOT_API", listener.apiAddress().c_str(), 1);
            ::setenv ("EARSHOT_DATA_DIR", (root.path() / "never-started").c_str(), 1);
        }
    };

    /** Installs the built bundle as the README says (a copy in ~/.vst3 or ~/.lv2 of a temporary home)
        and loads it the way a host does. LV2 hosting finds plugins by URI in ~/.lv2. */
    std::filesystem::path installBundle (Format format, const std::filesystem::path& home)
    {
        const auto folder = home / (format == Format::vst3 ? ".vst3" : ".lv2");
        const auto bundle = folder / (format == Format::vst3 ? "Earshot.vst3" : "Earshot.lv2");
        if (! std::filesystem::exists (bundle))
        {
            std::filesystem::create_directories (folder);
            std::filesystem::copy (format == Format::vst3 ? EARSHOT_VST3_BUNDLE : EARSHOT_LV2_BUNDLE, bundle, std::filesystem::copy_options::recursive);
        }
        return bundle;
    }

    std::filesystem::path pluginBinaryIn (Format format, const std::filesystem::path& bundle)
    {
        return format == Format::vst3 ? bundle / "Contents" / "x86_64-linux" / "Earshot.so" : bundle / "libEarshot.so";
    }

    std::unique_ptr<juce::AudioPluginInstance> loadPlugin (Format format, const std::filesystem::path& home)
    {
        juce::OwnedArray<juce::PluginDescription> types;
        juce::String error;
        std::unique_ptr<juce::AudioPluginFormat> pluginFormat;
        const auto bundle = installBundle (format, home);
        if (format == Format::vst3)
        {
            pluginFormat = std::make_unique<juce::VST3PluginFormat>();
            pluginFormat->findAllTypesForFile (types, bundle.string());
        }
        else
        {
            ::setenv ("HOME", home.c_str(), 1);
            pluginFormat = std::make_unique<juce::LV2PluginFormat>();
            pluginFormat->findAllTypesForFile (types, EARSHOT_LV2_URI);
        }
        if (types.isEmpty())
            return nullptr;
        auto instance = pluginFormat->createInstanceFromDescription (*types[0], hostRate, hostBlock, error);
        EXPECT_NE (instance, nullptr) << error;
        return instance;
    }

    /** Where the loaded plugin's EarshotProcessor::processBlock lies in memory. The real-time guard
        counts only what happens under it, not JUCE's host code or the format wrapper around it (which
        takes JUCE's uncontended callback lock once per block, by JUCE's design). */
    std::pair<std::uintptr_t, std::uintptr_t> processBlockRange (Format format, const std::filesystem::path& home)
    {
        const auto binary = pluginBinaryIn (format, installBundle (format, home)).string();
        return RealtimeGuard::functionRange (binary, "earshot::EarshotProcessor::processBlock(juce::AudioBuffer<float>&, juce::MidiBuffer&)");
    }

    //==============================================================================
    /** The plugin's own state (an XML element) inside the host's state blob: JUCE's VST3 host keeps
        the component's state base64 in <IComponent>, its LV2 host keeps the plugin's state string in
        the LV2 state. Both wrappers hold the plugin's getStateInformation bytes, base64 as
        juce::MemoryBlock writes it. */
    struct SessionState
    {
        Format format;
        juce::MemoryBlock host;

        std::unique_ptr<juce::XmlElement> plugin() const
        {
            juce::MemoryBlock block;
            if (! pluginBytes (block, nullptr))
                return nullptr;
            return juce::AudioProcessor::getXmlFromBinary (block.getData(), static_cast<int> (block.getSize()));
        }

        /** The host state with the plugin's XML replaced. */
        juce::MemoryBlock with (const juce::XmlElement& xml) const
        {
            juce::MemoryBlock old;
            juce::String encoded;
            if (! pluginBytes (old, &encoded))
                return host;
            // What follows the plugin's XML (the VST3 wrapper's private data) is kept as it was.
            const auto xmlBytes = static_cast<std::size_t> (*static_cast<const std::uint32_t*> (juce::addBytesToPointer (old.getData(), 4)));
            const auto oldLength = std::min (old.getSize(), 8 + xmlBytes + 1);
            juce::MemoryBlock replaced;
            juce::AudioProcessor::copyXmlToBinary (xml, replaced);
            replaced.append (juce::addBytesToPointer (old.getData(), oldLength), old.getSize() - oldLength);

            if (format == Format::vst3)
            {
                auto outer = juce::AudioProcessor::getXmlFromBinary (host.getData(), static_cast<int> (host.getSize()));
                auto* component = outer->getChildByName ("IComponent");
                component->deleteAllTextElements();
                component->addTextElement (replaced.toBase64Encoding());
                juce::MemoryBlock result;
                juce::AudioProcessor::copyXmlToBinary (*outer, result);
                return result;
            }
            auto text = host.toString().replace (encoded, replaced.toBase64Encoding());
            return juce::MemoryBlock (text.toRawUTF8(), text.getNumBytesAsUTF8() + 1);
        }

    private:
        bool pluginBytes (juce::MemoryBlock& block, juce::String* encoded) const
        {
            juce::String base64;
            if (format == Format::vst3)
            {
                auto outer = juce::AudioProcessor::getXmlFromBinary (host.getData(), static_cast<int> (host.getSize()));
                if (outer == nullptr || outer->getChildByName ("IComponent") == nullptr)
                    return false;
                base64 = outer->getChildByName ("IComponent")->getAllSubText().trim();
            }
            else
            {
                // The one string literal of the form "<size>.<base64>" in the LV2 state's Turtle.
                const auto text = host.toString();
                for (int quote = text.indexOfChar ('"'); quote >= 0; quote = text.indexOfChar (quote + 1, '"'))
                {
                    const auto end = text.indexOfChar (quote + 1, '"');
                    if (end < 0)
                        break;
                    const auto literal = text.substring (quote + 1, end);
                    if (literal.upToFirstOccurrenceOf (".", false, false).containsOnly ("0123456789") && literal.contains (".") && literal.length() > 16)
                    {
                        base64 = literal;
                        break;
                    }
                    quote = end;
                }
            }
            if (encoded != nullptr)
                *encoded = base64;
            return base64.isNotEmpty() && block.fromBase64Encoding (base64);
        }
    };

    SessionState saveSession (Format format, juce::AudioPluginInstance& instance)
    {
        SessionState session { format, {} };
        instance.getStateInformation (session.host);
        return session;
    }

    juce::AudioProcessorParameter* parameterNamed (juce::AudioPluginInstance& instance, const juce::String& name);

    /** Sets up a session as a user would: the track and sync as a restored session selects them (the
        plugin's part of the host's state), play and volume through the host's parameters (as
        automation would; LV2 hosts own the parameters' values, as control ports). */
    void restoreSession (Format format, juce::AudioPluginInstance& instance, const std::string& trackId, bool play, bool sync, float volumeDecibels)
    {
        const auto session = saveSession (format, instance);
        auto xml = session.plugin();
        ASSERT_NE (xml, nullptr) << "the " << nameOf (format) << " state holds no Earshot state";
        xml->setAttribute ("track", juce::String (trackId));
        xml->setAttribute ("syncToHost", sync ? 1 : 0);
        const auto state = session.with (*xml);
        instance.setStateInformation (state.getData(), static_cast<int> (state.getSize()));

        auto* volume = parameterNamed (instance, "Volume");
        volume->setValueNotifyingHost (volume->getValueForText (juce::String (volumeDecibels, 1)));
        parameterNamed (instance, "Play")->setValueNotifyingHost (play ? 1.0f : 0.0f);
    }

    juce::AudioProcessorParameter* parameterNamed (juce::AudioPluginInstance& instance, const juce::String& name)
    {
        for (auto* parameter : instance.getParameters())
            if (parameter->getName (64) == name)
                return parameter;
        return nullptr;
    }

    //==============================================================================
    /** The host's transport, for sync to host. */
    class TestPlayHead final : public juce::AudioPlayHead
    {
    public:
        std::atomic<bool> playing { false };

        juce::Optional<PositionInfo> getPosition() const override
        {
            PositionInfo info;
            info.setIsPlaying (playing.load());
            info.setBpm (120.0);
            return info;
        }
    };

    /** Plays the part of the host's audio thread: processBlock in 512-frame stereo blocks at 48 kHz,
        paced in real time, each call inside a RealtimeGuard; the output is recorded (into memory
        allocated up front) so the test can compare it with the source. */
    class HostDriver final
    {
    public:
        HostDriver (juce::AudioPluginInstance& instanceToDrive, double maxSeconds)
            : instance (instanceToDrive), recording (static_cast<std::size_t> (maxSeconds * hostRate), 0.0f)
        {
            instance.setPlayHead (&playHead);
            instance.setRateAndBufferSizeDetails (hostRate, hostBlock);
            instance.prepareToPlay (hostRate, hostBlock);
            buffer.setSize (std::max (2, std::max (instance.getTotalNumInputChannels(), instance.getTotalNumOutputChannels())), hostBlock);
            thread = std::thread ([this]
                                  { run(); });
        }

        ~HostDriver()
        {
            stopping = true;
            thread.join();
            instance.releaseResources();
            instance.setPlayHead (nullptr);
        }

        TestPlayHead playHead;

        [[nodiscard]] std::uint64_t allocations() const noexcept { return allocationsInProcess.load(); }
        [[nodiscard]] std::uint64_t locks() const noexcept { return locksInProcess.load(); }
        [[nodiscard]] std::size_t recorded() const noexcept { return written.load(); }
        /** Frames since the driver started, up to now, that were audible. */
        [[nodiscard]] std::size_t audibleFramesSince (std::size_t from) const
        {
            std::size_t audible = 0;
            const auto to = recorded();
            for (auto i = from; i < to; ++i)
                audible += std::abs (recording[i]) > 1.0e-4f ? 1 : 0;
            return audible;
        }
        [[nodiscard]] const std::vector<float>& left() const noexcept { return recording; }

        static bool waitFor (const std::function<bool()>& predicate, std::chrono::milliseconds timeout)
        {
            const auto until = std::chrono::steady_clock::now() + timeout;
            while (std::chrono::steady_clock::now() < until)
            {
                if (predicate())
                    return true;
                std::this_thread::sleep_for (10ms);
            }
            return predicate();
        }

    private:
        void run()
        {
            const auto period = std::chrono::duration<double> (hostBlock / hostRate);
            auto next = std::chrono::steady_clock::now();
            while (! stopping)
            {
                buffer.clear();
                const auto before = RealtimeGuard::counts();
                {
                    RealtimeGuard guard;
                    instance.processBlock (buffer, midi);
                }
                const auto after = RealtimeGuard::counts();
                allocationsInProcess += after.allocations - before.allocations;
                locksInProcess += after.locks - before.locks;

                const auto at = written.load();
                const auto frames = std::min<std::size_t> (hostBlock, recording.size() - at);
                std::copy_n (buffer.getReadPointer (0), frames, recording.begin() + static_cast<std::ptrdiff_t> (at));
                written.store (at + frames);

                next += std::chrono::duration_cast<std::chrono::steady_clock::duration> (period);
                std::this_thread::sleep_until (next);
            }
        }

        juce::AudioPluginInstance& instance;
        juce::AudioBuffer<float> buffer;
        juce::MidiBuffer midi;
        std::vector<float> recording;
        std::atomic<std::size_t> written { 0 };
        std::atomic<bool> stopping { false };
        std::atomic<std::uint64_t> allocationsInProcess { 0 };
        std::atomic<std::uint64_t> locksInProcess { 0 };
        std::thread thread;
    };

    //==============================================================================
    /** RMS per 50 ms window, from the first audible sample on. */
    std::vector<double> envelope (const float* samples, std::size_t count, double rate, std::size_t windows)
    {
        std::size_t start = 0;
        while (start < count && std::abs (samples[start]) <= 1.0e-4f)
            ++start;
        const auto window = static_cast<std::size_t> (envelopeWindowSeconds * rate);
        std::vector<double> result;
        for (std::size_t w = 0; w < windows && start + (w + 1) * window <= count; ++w)
        {
            double sum = 0.0;
            for (std::size_t i = 0; i < window; ++i)
            {
                const double x = samples[start + w * window + i];
                sum += x * x;
            }
            result.push_back (std::sqrt (sum / static_cast<double> (window)));
        }
        return result;
    }

    /** The source file's left channel, decoded. */
    juce::AudioBuffer<float> decodeSource (const std::filesystem::path& file, double& rate)
    {
        juce::AudioFormatManager formats;
        formats.registerBasicFormats();
        std::unique_ptr<juce::AudioFormatReader> reader (formats.createReaderFor (juce::File (file.string())));
        if (reader == nullptr)
            return {};
        rate = reader->sampleRate;
        const auto frames = static_cast<int> (std::min<juce::int64> (reader->lengthInSamples, static_cast<juce::int64> (rate * 20)));
        juce::AudioBuffer<float> audio (static_cast<int> (reader->numChannels), frames);
        reader->read (&audio, 0, frames, 0, true, true);
        return audio;
    }

    struct Match
    {
        double correlation = 0.0;
        double gain = 0.0;
        std::size_t windows = 0;
    };

    /** How the recorded output's envelope follows the source's from their first audible samples:
        the correlation of the two, and the gain that best maps the source onto the output. */
    Match compareWithSource (const HostDriver& driver, std::size_t from, const std::filesystem::path& source, double seconds)
    {
        double rate = 0.0;
        const auto reference = decodeSource (source, rate);
        const auto windows = static_cast<std::size_t> (seconds / envelopeWindowSeconds);
        const auto out = envelope (driver.left().data() + from, driver.recorded() - from, hostRate, windows);
        const auto in = envelope (reference.getReadPointer (0), static_cast<std::size_t> (reference.getNumSamples()), rate, windows);
        Match match;
        match.windows = std::min (out.size(), in.size());
        if (match.windows < 4)
            return match;
        double meanOut = 0.0, meanIn = 0.0;
        for (std::size_t i = 0; i < match.windows; ++i)
        {
            meanOut += out[i];
            meanIn += in[i];
        }
        meanOut /= static_cast<double> (match.windows);
        meanIn /= static_cast<double> (match.windows);
        double covariance = 0.0, varianceOut = 0.0, varianceIn = 0.0, crossProduct = 0.0, inSquared = 0.0;
        for (std::size_t i = 0; i < match.windows; ++i)
        {
            covariance += (out[i] - meanOut) * (in[i] - meanIn);
            varianceOut += (out[i] - meanOut) * (out[i] - meanOut);
            varianceIn += (in[i] - meanIn) * (in[i] - meanIn);
            crossProduct += out[i] * in[i];
            inSquared += in[i] * in[i];
        }
        match.correlation = covariance / std::sqrt (varianceOut * varianceIn + 1.0e-30);
        match.gain = crossProduct / (inSquared + 1.0e-30);
        return match;
    }

    class PluginHost : public ::testing::TestWithParam<Format>
    {
    protected:
        juce::ScopedJuceInitialiser_GUI juce;
        PluginSwarm swarm;
        TemporaryDirectory home { "earshot-plugin-home" };
    };

    /** Lets Xlib errors pass, as a host does: it installs its own X error handler (JUCE installs one
        only in a JUCEApplication). Without one, Xlib's default exits on the first error, and Xvfb has
        no window manager, so JUCE's look-up of the WM_STATE property fails with BadAtom. */
    void installHostXErrorHandler()
    {
        if (void* x11 = ::dlopen ("libX11.so.6", RTLD_NOW)) // the library JUCE loads; kept loaded
        {
            using ErrorHandler = int (*) (void*, void*);
            using SetErrorHandler = ErrorHandler (*) (ErrorHandler);
            if (auto* setHandler = reinterpret_cast<SetErrorHandler> (::dlsym (x11, "XSetErrorHandler")))
                setHandler ([] (void*, void*)
                            { return 0; });
        }
    }

    //==============================================================================
    /** A socket in this network namespace that others can reach: TCP listening, or UDP bound and
        unconnected. */
    struct OpenPort
    {
        std::string table; ///< tcp, tcp6, udp or udp6
        std::string localAddress; ///< as /proc/net has it: hex address and port
        unsigned long inode = 0;
    };

    std::vector<OpenPort> openPorts()
    {
        std::vector<OpenPort> ports;
        for (const auto* table : { "tcp", "tcp6", "udp", "udp6" })
        {
            std::ifstream in (std::string ("/proc/net/") + table);
            std::string line;
            std::getline (in, line); // the header
            const std::string open = table[0] == 't' ? "0A" : "07"; // TCP_LISTEN; a UDP socket not connected
            while (std::getline (in, line))
            {
                std::istringstream fields (line);
                std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout;
                OpenPort port { table, {}, 0 };
                if (fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >> timeout >> port.inode && state == open)
                {
                    port.localAddress = local;
                    ports.push_back (port);
                }
            }
        }
        return ports;
    }

    /** A process's command line, its arguments joined by spaces; empty once it has gone. */
    std::string commandLineOf (int pid)
    {
        std::ifstream in ("/proc/" + std::to_string (pid) + "/cmdline", std::ios::binary);
        std::string text ((std::istreambuf_iterator<char> (in)), std::istreambuf_iterator<char>());
        std::replace (text.begin(), text.end(), '\0', ' ');
        return text;
    }

    std::vector<int> allProcesses()
    {
        std::vector<int> pids;
        for (const auto& entry : std::filesystem::directory_iterator ("/proc"))
        {
            const auto name = entry.path().filename().string();
            if (! name.empty() && std::all_of (name.begin(), name.end(), [] (char c)
                                               { return c >= '0' && c <= '9'; }))
                pids.push_back (std::stoi (name));
        }
        return pids;
    }

    /** The process holding a socket (by inode), or 0 when none is found (it has closed meanwhile). */
    int ownerOfSocket (unsigned long inode)
    {
        const auto wanted = "socket:[" + std::to_string (inode) + "]";
        for (const int pid : allProcesses())
        {
            std::error_code ec;
            for (std::filesystem::directory_iterator fd ("/proc/" + std::to_string (pid) + "/fd", ec), end; ! ec && fd != end; fd.increment (ec))
                if (std::filesystem::read_symlink (fd->path(), ec).string() == wanted)
                    return pid;
        }
        return 0;
    }

    /** A user's machine where no earshotd runs, as a host scanning plugins meets it: private
        $XDG_RUNTIME_DIR and $XDG_DATA_HOME (the default socket and library are this test's own, so no
        other daemon is found), no EARSHOT_API or EARSHOT_DATA_DIR, and for a daemon that is started,
        the built earshotd on loopback. The environment is put back and any earshotd running with this
        test's folders stopped when this goes. */
    class NoDaemonRunning final
    {
    public:
        NoDaemonRunning()
        {
            std::filesystem::create_directories (runtime);
            std::filesystem::permissions (runtime, std::filesystem::perms::owner_all);
            for (const auto* name : { "XDG_RUNTIME_DIR", "XDG_DATA_HOME", "EARSHOT_API", "EARSHOT_DATA_DIR", "EARSHOT_DAEMON", "EARSHOT_DAEMON_ARGS" })
                if (const char* value = std::getenv (name))
                    saved[name] = value;
                else
                    saved[name] = std::nullopt;
            ::setenv ("XDG_RUNTIME_DIR", runtime.c_str(), 1);
            ::setenv ("XDG_DATA_HOME", dataHome.c_str(), 1);
            ::unsetenv ("EARSHOT_API");
            ::unsetenv ("EARSHOT_DATA_DIR");
            ::setenv ("EARSHOT_DAEMON", DaemonProcess::binary().c_str(), 1);
            ::setenv ("EARSHOT_DAEMON_ARGS", "--bt-interface 127.0.0.1 --bt-port 0 --no-dht --friends-listen 127.0.0.1:0", 1);
            portsBefore = openPorts();
        }

        ~NoDaemonRunning()
        {
            for (const int pid : daemons())
                ::kill (pid, SIGTERM);
            (void) eventually ([this]
                               { return daemons().empty(); },
                               10s);
            for (const int pid : daemons())
                ::kill (pid, SIGKILL);
            for (const auto& [name, value] : saved)
                if (value)
                    ::setenv (name.c_str(), value->c_str(), 1);
                else
                    ::unsetenv (name.c_str());
        }

        /** The default API socket and library here. */
        [[nodiscard]] std::filesystem::path socket() const { return runtime / "earshot" / "earshotd.sock"; }
        [[nodiscard]] std::filesystem::path library() const { return dataHome / "earshot"; }

        /** Processes other than this one whose command line names this test's folders: an earshotd
            started by the plugin (it is given --data-dir), however detached. */
        [[nodiscard]] std::vector<int> daemons() const
        {
            std::vector<int> found;
            for (const int pid : allProcesses())
                if (pid != ::getpid() && commandLineOf (pid).find (root.path().string()) != std::string::npos)
                    found.push_back (pid);
            return found;
        }

        [[nodiscard]] std::string describe (const std::vector<int>& pids) const
        {
            std::string text;
            for (const int pid : pids)
                text += "\n  " + std::to_string (pid) + ": " + commandLineOf (pid);
            return text;
        }

        /** Ports opened since this was made by this process, or by a process that names this test's
            folders. (Other programs on the machine, other test suites among them, may open ports
            meanwhile: those are not the plugin's.) */
        [[nodiscard]] std::string portsOpenedByUs() const
        {
            std::string opened;
            for (const auto& port : openPorts())
            {
                const bool old = std::any_of (portsBefore.begin(), portsBefore.end(), [&] (const OpenPort& before)
                                              { return before.inode == port.inode; });
                if (old)
                    continue;
                const int owner = ownerOfSocket (port.inode);
                const auto command = commandLineOf (owner);
                if (owner == ::getpid() || command.find (root.path().string()) != std::string::npos)
                    opened += "\n  " + port.table + " " + port.localAddress + " by " + std::to_string (owner) + ": " + command;
            }
            return opened;
        }

    private:
        TemporaryDirectory root { "earshot-plugin-nodaemon" };
        std::filesystem::path runtime = root.path() / "run";
        std::filesystem::path dataHome = root.path() / "data";
        std::map<std::string, std::optional<std::string>> saved;
        std::vector<OpenPort> portsBefore;
    };

    /** No daemon at all: the plugin alone, as a host that scans it or opens a session meets it. */
    class PluginWithoutDaemon : public ::testing::TestWithParam<Format>
    {
    protected:
        juce::ScopedJuceInitialiser_GUI juce;
        NoDaemonRunning machine;
        TemporaryDirectory home { "earshot-plugin-home" };
    };
} // namespace

TEST_P (PluginHost, AnInstalledBundleNeedsNothingFromTheBuildTree)
{
    // The copy in ~/.vst3 or ~/.lv2 finds our one shared library inside the bundle, not in the build tree.
    const auto binary = pluginBinaryIn (GetParam(), installBundle (GetParam(), home.path()));
    const auto ldd = runCommand ("ldd '" + binary.string() + "'");
    ASSERT_EQ (ldd.exitCode, 0) << ldd.output;
    const auto line = ldd.output.substr (ldd.output.find ("libearshot_proto"));
    const auto resolved = line.substr (0, line.find ('\n'));
    EXPECT_NE (resolved.find (binary.parent_path().string()), std::string::npos) << resolved;
    EXPECT_EQ (ldd.output.find ("not found"), std::string::npos) << ldd.output;
}

TEST_P (PluginHost, ProcessBlockPlaysTheStreamedTrackIntoTheMixWithoutAllocatingOrLocking)
{
    auto plugin = loadPlugin (GetParam(), home.path());
    ASSERT_NE (plugin, nullptr) << "the built " << nameOf (GetParam()) << " plugin did not load";
    EXPECT_EQ (plugin->getName(), "Earshot");
    ASSERT_NE (parameterNamed (*plugin, "Play"), nullptr);
    ASSERT_NE (parameterNamed (*plugin, "Volume"), nullptr);
    EXPECT_TRUE (parameterNamed (*plugin, "Volume")->isAutomatable());
    EXPECT_TRUE (parameterNamed (*plugin, "Play")->isAutomatable());

    const auto range = processBlockRange (GetParam(), home.path());
    ASSERT_NE (range.first, 0u) << "EarshotProcessor::processBlock not found in the loaded plugin";
    RealtimeGuard::countOnlyWithin (range.first, range.second);

    restoreSession (GetParam(), *plugin, swarm.trackId, false, false, 0.0f);
    HostDriver host (*plugin, 60.0);

    // Nothing plays until Play is on: the host's automation turns it on.
    std::this_thread::sleep_for (500ms);
    EXPECT_EQ (host.audibleFramesSince (0), 0u);
    const auto startedAt = host.recorded();
    parameterNamed (*plugin, "Play")->setValueNotifyingHost (1.0f);

    ASSERT_TRUE (HostDriver::waitFor ([&]
                                      { return host.audibleFramesSince (startedAt) > hostRate * 4; },
                                      60s))
        << "no audio from the " << nameOf (GetParam()) << " plugin";
    const auto match = compareWithSource (host, startedAt, swarm.source, 3.0);
    EXPECT_GT (match.correlation, 0.9) << "the output does not follow the track (" << match.windows << " windows)";
    EXPECT_NEAR (match.gain, 1.0, 0.15);

    EXPECT_EQ (host.allocations(), 0u) << "processBlock allocated";
    EXPECT_EQ (host.locks(), 0u) << "processBlock took a lock or slept";
    RealtimeGuard::countOnlyWithin (0, 0);
}

TEST_P (PluginHost, ItsStateSavesAndRestoresTheTrackVolumeAndSync)
{
    std::unique_ptr<juce::AudioPluginInstance> first = loadPlugin (GetParam(), home.path());
    ASSERT_NE (first, nullptr);
    restoreSession (GetParam(), *first, swarm.trackId, true, true, -6.0f);
    {
        // A host runs its audio while the session is open (LV2 delivers parameter changes in run()).
        HostDriver running (*first, 2.0);
        std::this_thread::sleep_for (300ms);
    }

    // What the host saves from one instance...
    const auto saved = saveSession (GetParam(), *first);
    const auto xml = saved.plugin();
    ASSERT_NE (xml, nullptr);
    EXPECT_EQ (xml->getStringAttribute ("track").toStdString(), swarm.trackId);
    EXPECT_TRUE (xml->getBoolAttribute ("syncToHost"));
    first.reset();

    // ...a new instance (a reopened session) restores: the parameters, the track and sync.
    auto second = loadPlugin (GetParam(), home.path());
    ASSERT_NE (second, nullptr);
    second->setStateInformation (saved.host.getData(), static_cast<int> (saved.host.getSize()));
    // With sync on, the host's transport starts it; at -6 dB the preview is at half amplitude.
    const auto range = processBlockRange (GetParam(), home.path());
    RealtimeGuard::countOnlyWithin (range.first, range.second);
    HostDriver host (*second, 60.0);
    std::this_thread::sleep_for (700ms);

    // (Checked with the audio running, as in a host: the LV2 plugin reports its parameters in run().)
    auto* volume = parameterNamed (*second, "Volume");
    auto* play = parameterNamed (*second, "Play");
    EXPECT_NEAR (volume->getValue(), volume->getValueForText ("-6.0"), 1.0e-3) << volume->getCurrentValueAsText();
    EXPECT_EQ (play->getValue(), 1.0f);
    const auto again = saveSession (GetParam(), *second).plugin();
    ASSERT_NE (again, nullptr);
    EXPECT_EQ (again->getStringAttribute ("track").toStdString(), swarm.trackId);
    EXPECT_TRUE (again->getBoolAttribute ("syncToHost"));

    EXPECT_EQ (host.audibleFramesSince (0), 0u) << "it played with the host's transport stopped";
    const auto startedAt = host.recorded();
    host.playHead.playing = true;
    ASSERT_TRUE (HostDriver::waitFor ([&]
                                      { return host.audibleFramesSince (startedAt) > hostRate * 4; },
                                      60s));
    const auto match = compareWithSource (host, startedAt, swarm.source, 3.0);
    EXPECT_GT (match.correlation, 0.9);
    EXPECT_NEAR (match.gain, 0.5, 0.1);

    // The transport stops: so does the preview.
    host.playHead.playing = false;
    std::this_thread::sleep_for (300ms);
    const auto stoppedAt = host.recorded();
    std::this_thread::sleep_for (700ms);
    EXPECT_EQ (host.audibleFramesSince (stoppedAt), 0u) << "it kept playing after the host's transport stopped";

    EXPECT_EQ (host.allocations(), 0u);
    EXPECT_EQ (host.locks(), 0u);
    RealtimeGuard::countOnlyWithin (0, 0);
}

TEST_P (PluginHost, PlaybackComesBackAfterTheDaemonRestarts)
{
    auto plugin = loadPlugin (GetParam(), home.path());
    ASSERT_NE (plugin, nullptr);
    restoreSession (GetParam(), *plugin, swarm.trackId, true, false, 0.0f);
    const auto range = processBlockRange (GetParam(), home.path());
    RealtimeGuard::countOnlyWithin (range.first, range.second);
    HostDriver host (*plugin, 180.0);
    ASSERT_TRUE (HostDriver::waitFor ([&]
                                      { return host.audibleFramesSince (0) > hostRate * 2; },
                                      60s));

    // The listener daemon goes away: the preview plays what it had read ahead (up to 4 MiB, some 40 s
    // of this track) and then falls silent...
    swarm.listener.stop();
    std::size_t silentFrom = 0;
    ASSERT_TRUE (HostDriver::waitFor ([&]
                                      {
                                          const auto now = host.recorded();
                                          if (now < static_cast<std::size_t> (hostRate))
                                              return false;
                                          silentFrom = now - static_cast<std::size_t> (hostRate);
                                          return host.audibleFramesSince (silentFrom) == 0; },
                                      75s))
        << "the preview never stopped without its daemon";

    // ...and comes back by itself once the daemon is started again at the same address.
    swarm.listener.start();
    const auto restartedAt = host.recorded();
    ASSERT_TRUE (HostDriver::waitFor ([&]
                                      { return host.audibleFramesSince (restartedAt) > hostRate * 2; },
                                      60s))
        << "no audio after the daemon restarted";

    EXPECT_EQ (host.allocations(), 0u);
    EXPECT_EQ (host.locks(), 0u);
    RealtimeGuard::countOnlyWithin (0, 0);
}

TEST_P (PluginHost, TheEditorOpensInAHostWindowResizesAndClosesWhileTheAudioRuns)
{
    // Needs a display: CTest runs this under xvfb-run (earshot_plugin_editor_tests).
    if (std::getenv ("DISPLAY") == nullptr)
        GTEST_SKIP() << "no display; the xvfb-run test runs this";

    auto plugin = loadPlugin (GetParam(), home.path());
    ASSERT_NE (plugin, nullptr);
    restoreSession (GetParam(), *plugin, swarm.trackId, true, false, 0.0f);
    const auto range = processBlockRange (GetParam(), home.path());
    RealtimeGuard::countOnlyWithin (range.first, range.second);
    HostDriver host (*plugin, 60.0);

    installHostXErrorHandler();

    {
        // The host's window (a DAW's is up before any plugin's editor), then the plugin's editor in it.
        juce::DocumentWindow window ("Earshot", juce::Colours::black, 0, true);
        std::unique_ptr<juce::AudioProcessorEditor> editor (plugin->createEditorIfNeeded());
        ASSERT_NE (editor, nullptr) << "no editor";
        window.setContentNonOwned (editor.get(), true);
        window.setVisible (true);
        EXPECT_TRUE (pumpMessagesUntil ([&]
                                        { return editor->getWidth() >= 600 && editor->getHeight() >= 400; },
                                        5s))
            << editor->getWidth() << "x" << editor->getHeight();

        // It plays on while its view polls the daemon and redraws.
        EXPECT_TRUE (pumpMessagesUntil ([&]
                                        { return host.audibleFramesSince (0) > hostRate * 2; },
                                        30s))
            << "no audio with the editor open";

        // The host resizes it.
        editor->setSize (1200, 800);
        EXPECT_TRUE (pumpMessagesUntil ([&]
                                        { return editor->getWidth() == 1200 && editor->getHeight() == 800; },
                                        5s))
            << editor->getWidth() << "x" << editor->getHeight();
        pumpMessagesUntil ([]
                           { return false; },
                           1s);

        window.clearContentComponent();
        editor.reset();
        pumpMessagesUntil ([]
                           { return false; },
                           500ms);
    }
    const auto before = host.recorded();
    EXPECT_TRUE (pumpMessagesUntil ([&]
                                    { return host.audibleFramesSince (before) > hostRate; },
                                    10s))
        << "the audio stopped when the editor closed";

    EXPECT_EQ (host.allocations(), 0u);
    EXPECT_EQ (host.locks(), 0u);
    RealtimeGuard::countOnlyWithin (0, 0);
}

INSTANTIATE_TEST_SUITE_P (Formats, PluginHost, ::testing::Values (Format::vst3, Format::lv2), [] (const auto& info)
                          { return nameOf (info.param); });

//==============================================================================
TEST_P (PluginWithoutDaemon, AHostScanningItStartsNoDaemonAndOpensNoPort)
{
    {
        // What a host's scan does: load it (the VST3 look-up instantiates it too), read its state,
        // prepare it and run its audio for a while, then destroy it.
        auto plugin = loadPlugin (GetParam(), home.path());
        ASSERT_NE (plugin, nullptr) << "the built " << nameOf (GetParam()) << " plugin did not load";
        juce::MemoryBlock state;
        plugin->getStateInformation (state);
        plugin->setStateInformation (state.getData(), static_cast<int> (state.getSize()));
        HostDriver host (*plugin, 4.0);
        host.playHead.playing = true;
        std::this_thread::sleep_for (1500ms);
        EXPECT_EQ (host.audibleFramesSince (0), 0u);
    }
    // A daemon started in the background would be answering by now (and the old plugin waited for it
    // as it was destroyed).
    std::this_thread::sleep_for (1s);

    EXPECT_TRUE (machine.daemons().empty()) << "the scan started earshotd:" << machine.describe (machine.daemons());
    EXPECT_FALSE (std::filesystem::exists (machine.socket())) << "an earshotd socket appeared at " << machine.socket();
    EXPECT_FALSE (std::filesystem::exists (machine.library())) << "a library was made at " << machine.library();
    const auto opened = machine.portsOpenedByUs();
    EXPECT_TRUE (opened.empty()) << "the scan opened ports:" << opened;
}

TEST_P (PluginWithoutDaemon, TheEditorOpensWithNoDaemonRunningAndStartsNone)
{
    // Needs a display: CTest runs this under xvfb-run (PluginEditors.UnderXvfb).
    if (std::getenv ("DISPLAY") == nullptr)
        GTEST_SKIP() << "no display; the xvfb-run test runs this";

    auto plugin = loadPlugin (GetParam(), home.path());
    ASSERT_NE (plugin, nullptr);
    HostDriver host (*plugin, 10.0);
    installHostXErrorHandler();
    {
        // Opening the editor is looking, not asking for music: its view polls for a daemon (none
        // answers) and says how one starts.
        juce::DocumentWindow window ("Earshot", juce::Colours::black, 0, true);
        std::unique_ptr<juce::AudioProcessorEditor> editor (plugin->createEditorIfNeeded());
        ASSERT_NE (editor, nullptr) << "no editor";
        window.setContentNonOwned (editor.get(), true);
        window.setVisible (true);
        pumpMessagesUntil ([]
                           { return false; },
                           3s);
        window.clearContentComponent();
        editor.reset();
        pumpMessagesUntil ([]
                           { return false; },
                           500ms);
    }

    EXPECT_TRUE (machine.daemons().empty()) << "opening the editor started earshotd:" << machine.describe (machine.daemons());
    EXPECT_FALSE (std::filesystem::exists (machine.socket()));
    const auto opened = machine.portsOpenedByUs();
    EXPECT_TRUE (opened.empty()) << "opening the editor opened ports:" << opened;
}

TEST_P (PluginWithoutDaemon, ASessionThatNamesATrackStartsTheDaemonWhenTheHostPlays)
{
    // The user's library already holds the track: an earlier run of their daemon published it.
    const auto source = demoAlbum ("flac") / "01-first-light.flac";
    std::string trackId;
    {
        DaemonProcess earlier (machine.library());
        earlier.start();
        trackId = earlier.client().publish ({ source.string() }).front().id;
        earlier.stop();
    }

    // The session is restored: its track, sync to host, Play on. The host's transport is stopped.
    auto plugin = loadPlugin (GetParam(), home.path());
    ASSERT_NE (plugin, nullptr);
    restoreSession (GetParam(), *plugin, trackId, true, true, 0.0f);
    HostDriver host (*plugin, 60.0);
    std::this_thread::sleep_for (1500ms);
    EXPECT_TRUE (machine.daemons().empty()) << "a session started earshotd before the host played:" << machine.describe (machine.daemons());
    EXPECT_FALSE (std::filesystem::exists (machine.socket()));

    // The host plays: that asks for the track, so the user's daemon is started and plays it.
    const auto startedAt = host.recorded();
    host.playHead.playing = true;
    ASSERT_TRUE (HostDriver::waitFor ([&]
                                      { return host.audibleFramesSince (startedAt) > hostRate * 4; },
                                      60s))
        << "no audio after the host played; daemons:" << machine.describe (machine.daemons());
    const auto match = compareWithSource (host, startedAt, source, 3.0);
    EXPECT_GT (match.correlation, 0.9) << "the output does not follow the track (" << match.windows << " windows)";

    // It is the user's own daemon: one, at the default socket, with the default library.
    EXPECT_EQ (machine.daemons().size(), 1u) << machine.describe (machine.daemons());
    LibraryClient client (defaultApiAddress());
    ASSERT_TRUE (client.waitUntilReady (5s)) << "nothing answers at " << defaultApiAddress();
    EXPECT_EQ (client.daemonInfo().dataDirectory, machine.library().string());
    EXPECT_EQ (client.listTracks().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P (Formats, PluginWithoutDaemon, ::testing::Values (Format::vst3, Format::lv2), [] (const auto& info)
                          { return nameOf (info.param); });

TEST (PluginInstances, ManyInstancesInOneHostShareOneDaemonAndEachPlaysItsOwnTrack)
{
    // A host with three instances: two VST3 and one LV2, each previewing a track of its own.
    juce::ScopedJuceInitialiser_GUI juce;
    PluginSwarm swarm;
    TemporaryDirectory home ("earshot-plugin-home");
    const auto second = swarm.artist.client().publish ({ (demoAlbum ("flac") / "02-paper-lanterns.flac").string() });
    ASSERT_EQ (second.size(), 1u);
    (void) swarm.listener.client().addTrack ({ second.front().manifest, std::nullopt, std::nullopt }, { swarm.artist.peerAddress() });

    std::vector<std::unique_ptr<juce::AudioPluginInstance>> plugins;
    plugins.push_back (loadPlugin (Format::vst3, home.path()));
    plugins.push_back (loadPlugin (Format::vst3, home.path()));
    plugins.push_back (loadPlugin (Format::lv2, home.path()));
    const std::vector<Format> formats { Format::vst3, Format::vst3, Format::lv2 };
    const std::vector<std::string> tracks { swarm.trackId, second.front().id, swarm.trackId };
    std::vector<std::unique_ptr<HostDriver>> drivers;
    for (std::size_t i = 0; i < plugins.size(); ++i)
    {
        ASSERT_NE (plugins[i], nullptr);
        restoreSession (formats[i], *plugins[i], tracks[i], true, false, 0.0f);
        drivers.push_back (std::make_unique<HostDriver> (*plugins[i], 60.0));
    }
    for (std::size_t i = 0; i < drivers.size(); ++i)
        EXPECT_TRUE (HostDriver::waitFor ([&]
                                          { return drivers[i]->audibleFramesSince (0) > hostRate * 2; },
                                          60s))
            << "instance " << i << " is silent";

    // The second instance plays the second track, not the first one.
    const auto own = compareWithSource (*drivers[1], 0, demoAlbum ("flac") / "02-paper-lanterns.flac", 2.0);
    EXPECT_GT (own.correlation, 0.9);
    const auto other = compareWithSource (*drivers[0], 0, demoAlbum ("flac") / "02-paper-lanterns.flac", 2.0);
    EXPECT_LT (other.correlation, own.correlation - 0.2) << "the first instance's output follows the second track too well";

    // They all talk to the one daemon at EARSHOT_API: none of them started another.
    EXPECT_FALSE (std::filesystem::exists (swarm.root.path() / "never-started"));
    drivers.clear();
}
