#pragma once

// What the plugin suites share: the built bundles installed and loaded as a host loads them, the
// session state a host saves, a host's audio thread driving processBlock, and the comparison of what
// came out with the source file.

#include "RealtimeGuard.h"
#include "Support/DaemonProcess.h"

#include <juce_audio_processors/juce_audio_processors.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace earshot::testing
{
    enum class Format
    {
        vst3,
        lv2
    };

    inline std::string nameOf (Format format) { return format == Format::vst3 ? "VST3" : "LV2"; }

    constexpr double hostRate = 48000.0;
    constexpr int hostBlock = 512;

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
    std::filesystem::path installBundle (Format format, const std::filesystem::path& home);
    std::filesystem::path pluginBinaryIn (Format format, const std::filesystem::path& bundle);
    std::unique_ptr<juce::AudioPluginInstance> loadPlugin (Format format, const std::filesystem::path& home);

    /** Where the loaded plugin's EarshotProcessor::processBlock lies in memory. The real-time guard
        counts only what happens under it, not JUCE's host code or the format wrapper around it (which
        takes JUCE's uncontended callback lock once per block, by JUCE's design). */
    std::pair<std::uintptr_t, std::uintptr_t> processBlockRange (Format format, const std::filesystem::path& home);

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

    SessionState saveSession (Format format, juce::AudioPluginInstance& instance);

    /** Sets up a session as a user would: the track and sync as a restored session selects them (the
        plugin's part of the host's state), play and volume through the host's parameters (as
        automation would; LV2 hosts own the parameters' values, as control ports). */
    void restoreSession (Format format, juce::AudioPluginInstance& instance, const std::string& trackId, bool play, bool sync, float volumeDecibels);

    juce::AudioProcessorParameter* parameterNamed (juce::AudioPluginInstance& instance, const juce::String& name);

    //==============================================================================
    /** The host's transport, for sync to host. With a tempo (bpm > 0) it also gives the musical
        position, in 4/4 from the first block it played: quarter notes counted by the driver. */
    class TestPlayHead final : public juce::AudioPlayHead
    {
    public:
        std::atomic<bool> playing { false };
        /** The host's tempo; 0 for a host that reports none. */
        std::atomic<double> bpm { 0.0 };
        /** Quarter notes played, at the start of the block being processed (the driver counts them). */
        std::atomic<double> ppq { 0.0 };
        /** playing as the driver took it for the block being processed, so the plugin and the
            driver's count agree on the block where the transport started. */
        std::atomic<bool> blockPlaying { false };

        juce::Optional<PositionInfo> getPosition() const override
        {
            PositionInfo info;
            info.setIsPlaying (blockPlaying.load());
            if (const auto tempo = bpm.load(); tempo > 0.0)
            {
                info.setBpm (tempo);
                info.setTimeSignature (TimeSignature { 4, 4 });
                const auto quarters = ppq.load();
                info.setPpqPosition (quarters);
                info.setPpqPositionOfLastBarStart (std::floor (quarters / 4.0) * 4.0);
            }
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
                audible += std::abs (recording[i]) > 1.0e-4f ? 1u : 0u;
            return audible;
        }
        [[nodiscard]] const std::vector<float>& left() const noexcept { return recording; }
        /** Where in the recording the host's transport first played (its quarter note 0); the
            recording's size until then. */
        [[nodiscard]] std::size_t transportStartFrame() const noexcept { return transportStart.load(); }

        static bool waitFor (const std::function<bool()>& predicate, std::chrono::milliseconds timeout)
        {
            const auto until = std::chrono::steady_clock::now() + timeout;
            while (std::chrono::steady_clock::now() < until)
            {
                if (predicate())
                    return true;
                std::this_thread::sleep_for (std::chrono::milliseconds (10));
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
                playHead.blockPlaying.store (playHead.playing.load());
                const auto before = RealtimeGuard::counts();
                {
                    RealtimeGuard guard;
                    instance.processBlock (buffer, midi);
                }
                const auto after = RealtimeGuard::counts();
                allocationsInProcess += after.allocations - before.allocations;
                locksInProcess += after.locks - before.locks;

                const auto at = written.load();
                if (playHead.blockPlaying.load())
                {
                    if (transportStart.load() == std::numeric_limits<std::size_t>::max())
                        transportStart.store (at);
                    const auto tempo = playHead.bpm.load();
                    playHead.ppq.store (playHead.ppq.load() + hostBlock / hostRate * tempo / 60.0);
                }
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
        std::atomic<std::size_t> transportStart { std::numeric_limits<std::size_t>::max() };
        std::atomic<bool> stopping { false };
        std::atomic<std::uint64_t> allocationsInProcess { 0 };
        std::atomic<std::uint64_t> locksInProcess { 0 };
        std::thread thread;
    };

    struct Match
    {
        double correlation = 0.0;
        double gain = 0.0;
        std::size_t windows = 0;
    };

    /** How the recorded output's envelope follows the source's from their first audible samples:
        the correlation of the two, and the gain that best maps the source onto the output. */
    Match compareWithSource (const HostDriver& driver, std::size_t from, const std::filesystem::path& source, double seconds);

    /** Lets Xlib errors pass, as a host does: it installs its own X error handler (JUCE installs one
        only in a JUCEApplication). Without one, Xlib's default exits on the first error, and Xvfb has
        no window manager, so JUCE's look-up of the WM_STATE property fails with BadAtom. */
    void installHostXErrorHandler();

    /** A host's window (a DAW's is up before any plugin's editor) with the plugin's editor in it,
        shown; editor is null when the plugin made none. Closing: window.clearContentComponent(),
        then editor.reset(), as a host closes a plugin's window. */
    struct HostWindow
    {
        explicit HostWindow (juce::AudioProcessor& plugin)
            : editor (plugin.createEditorIfNeeded())
        {
            if (editor != nullptr)
            {
                window.setContentNonOwned (editor.get(), true);
                window.setVisible (true);
            }
        }

        juce::DocumentWindow window { "Earshot", juce::Colours::black, 0, true };
        std::unique_ptr<juce::AudioProcessorEditor> editor;
    };
} // namespace earshot::testing
