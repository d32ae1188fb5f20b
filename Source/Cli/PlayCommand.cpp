#include "PlayCommand.h"

#include "ProgressView.h"

#include "Audio/AudioOutputs.h"
#include "Audio/PreviewPlayer.h"

#include <cstdio>
#include <thread>
#include <unistd.h>

namespace earshot
{
    namespace
    {
        double millisecondsBetween (std::chrono::steady_clock::time_point from, std::chrono::steady_clock::time_point to)
        {
            return std::chrono::duration<double, std::milli> (to - from).count();
        }

        std::string defaultWavName (const ClientTrack& track)
        {
            auto name = track.manifest.metadata.title.empty() ? track.id.substr (0, 12) : track.manifest.metadata.title;
            for (auto& c : name)
                if (! std::isalnum (static_cast<unsigned char> (c)))
                    c = '-';
            return "earshot-" + name + ".wav";
        }
    } // namespace

    int playTrack (const PlayOptions& options, const std::atomic<bool>& interrupted)
    {
        auto client = std::make_shared<DaemonClient> (options.apiAddress, options.token);
        const auto track = client->getTrack (options.track);
        const auto title = track.manifest.metadata.title.empty() ? track.manifest.fileName : track.manifest.metadata.title;

        // JUCE's device code posts change messages; a message manager must exist for them.
        juce::MessageManager::getInstance();
        struct MessageManagerGuard
        {
            ~MessageManagerGuard() { juce::MessageManager::deleteInstance(); }
        } messageManagerGuard;

        PreviewPlayer::Options playerOptions;
        playerOptions.stream.readTimeout = std::chrono::milliseconds (static_cast<std::int64_t> (options.stallSeconds * 1000.0));
        PreviewPlayer player (client, playerOptions);
        player.setVolume (options.volume);

        std::unique_ptr<DeviceOutput> device;
        std::unique_ptr<WavFileOutput> file;
        std::string output;
        if (! options.outFile)
        {
            std::string whyNot;
            device = DeviceOutput::open (player, whyNot);
            if (device != nullptr)
                output = device->description();
            else
                std::fprintf (stderr, "earshot: no audio device (%s); rendering in real time to a WAV file instead\n", whyNot.c_str());
        }
        if (device == nullptr)
        {
            const auto path = options.outFile.value_or (defaultWavName (track));
            file = std::make_unique<WavFileOutput> (player, juce::File::getCurrentWorkingDirectory().getChildFile (path));
            output = path + " (WAV, 48000 Hz, real time)";
        }

        std::printf ("playing %s (%s) from %.1f s on %s\n", title.c_str(), track.id.substr (0, 12).c_str(), options.seekSeconds, output.c_str());
        std::fflush (stdout);

        const auto playCalled = std::chrono::steady_clock::now();
        player.play (track.id, options.seekSeconds);

        const bool terminal = ::isatty (STDOUT_FILENO) != 0;
        std::optional<double> firstAudioMs;
        std::size_t nextSeek = 0;
        std::optional<std::pair<double, std::chrono::steady_clock::time_point>> pendingSeek;
        std::optional<TrackStatus> swarm;
        auto nextSwarmPoll = std::chrono::steady_clock::now();
        auto nextLine = std::chrono::steady_clock::now();
        int exitCode = 0;
        double secondsPlayed = 0.0; // time spent Playing: buffering after a seek does not count
        auto lastTick = std::chrono::steady_clock::now();

        for (;;)
        {
            std::this_thread::sleep_for (std::chrono::milliseconds (20));
            const auto now = std::chrono::steady_clock::now();
            const auto state = player.state();
            if (state == PlayerState::playing)
                secondsPlayed += std::chrono::duration<double> (now - lastTick).count();
            lastTick = now;

            if (! firstAudioMs && player.latestRequestToAudioMs() >= 0.0)
            {
                firstAudioMs = millisecondsBetween (options.commandStart, playCalled) + player.latestRequestToAudioMs();
                std::printf ("%stime to first audio: %.0f ms\n", terminal ? "\r\033[K" : "", *firstAudioMs);
                // In a log (not on a terminal): when it was, on the clock every process shares, for
                // a bench that times the launch from outside.
                if (! terminal)
                    std::printf ("first audio block rendered at steady clock %lld ns\n", static_cast<long long> (player.latestAudioSteadyNs()));
            }
            if (pendingSeek && player.latestRequestToAudioMs() >= 0.0)
            {
                std::printf ("%sseek to %.1f s: audio after %.0f ms\n", terminal ? "\r\033[K" : "", pendingSeek->first, player.latestRequestToAudioMs());
                pendingSeek.reset();
            }
            if (firstAudioMs && ! pendingSeek && nextSeek < options.seeks.size() && player.positionSeconds() >= options.seeks[nextSeek].first)
            {
                player.seek (options.seeks[nextSeek].second);
                pendingSeek = std::make_pair (options.seeks[nextSeek].second, now);
                ++nextSeek;
            }

            if (now >= nextSwarmPoll)
            {
                try
                {
                    swarm = client->getTrack (track.id).status;
                }
                catch (const Error&)
                {
                    swarm.reset(); // the player reports a daemon that went away
                }
                nextSwarmPoll = now + std::chrono::milliseconds (500);
            }

            const bool done = state == PlayerState::ended || state == PlayerState::failed || interrupted.load()
                              || (options.forSeconds > 0.0 && secondsPlayed >= options.forSeconds);
            if (now >= nextLine || done)
            {
                char line[512];
                std::snprintf (line, sizeof (line), "%-10s %6.1f / %.1f s  buffered %4.1f s  stalls %d  %s", toString (state), player.positionSeconds(), player.durationSeconds(), player.bufferedSeconds(), player.stalls(), swarm ? renderStatusLine (*swarm, 32).c_str() : "(no swarm status)");
                if (terminal)
                    std::printf ("\r\033[K%s", line);
                else
                    std::printf ("%s\n", line);
                std::fflush (stdout);
                nextLine = now + std::chrono::milliseconds (terminal ? 200 : 1000);
            }

            if (done)
            {
                if (terminal)
                    std::printf ("\n");
                if (state == PlayerState::failed)
                {
                    std::fprintf (stderr, "earshot: playing %s failed: %s\n", title.c_str(), player.failureReason());
                    exitCode = std::string_view (player.failureReason()).find ("daemon unavailable") != std::string_view::npos ? 3 : 1;
                }
                break;
            }
        }

        std::printf ("stalls: %d\n", player.stalls());
        // What was heard counts toward the passes of this track (a friend earns points past 30 s).
        try
        {
            for (const auto& passId : client->reportListening (track.id, std::chrono::milliseconds (static_cast<std::int64_t> (secondsPlayed * 1000.0))))
                std::printf ("listened past the threshold: a receipt for pass %s is on its way to the friend who passed it\n", passId.substr (0, 12).c_str());
        }
        catch (const Error&)
        {
            // The daemon is gone; the player said so already.
        }
        if (! firstAudioMs)
            std::printf ("time to first audio: none (no audio was played)\n");
        player.stop();
        return exitCode;
    }
} // namespace earshot
