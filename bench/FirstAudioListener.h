#pragma once

// A player on a daemon's API rendering in real time, as a device would, and how long a play()
// takes to be heard: shared by the benchmarks that measure first audio.

#include "Audio/PreviewPlayer.h"
#include "BenchFigures.h"
#include "RealTimeRenderer.h"

#include <memory>
#include <optional>
#include <string>

namespace earshot::bench
{
    /** A PreviewPlayer on one daemon's API, rendered in real time by a thread of its own. */
    class FirstAudioListener final
    {
    public:
        /** What one play() came to: when its first audible block was out, or why none was. */
        struct Heard
        {
            std::optional<Clock::time_point> audio;
            double playToAudioMs = -1.0; // play() -> first audio
            double connectingMs = -1.0; // play() until the player left Connecting (its header read)
            double playerMs = -1.0; // the player's own latestRequestToAudioMs(), a check on playToAudioMs
            std::string failure;
        };

        explicit FirstAudioListener (const std::string& apiAddress, Clock::duration patience = std::chrono::seconds (60))
            : timeout (patience)
            , client (std::make_shared<DaemonClient> (apiAddress))
            , player (std::make_unique<PreviewPlayer> (client))
            , output (std::make_unique<RealTimeRenderer> (*player))
        {
        }

        /** Output first, then the player, then the client. */
        ~FirstAudioListener()
        {
            output.reset();
            player.reset();
            client.reset();
        }

        FirstAudioListener (const FirstAudioListener&) = delete;
        FirstAudioListener& operator= (const FirstAudioListener&) = delete;

        /** play() at once and waits for the first audible block out of render(). */
        Heard playAndListen (const std::string& trackId)
        {
            Heard heard;
            output->watchForAudio (0.0, 1.0e9);
            std::optional<Clock::time_point> decoding;
            const auto playCalled = Clock::now();
            player->play (trackId);
            const bool came = waitUntil ([&]
                                         {
                                             if (! decoding && player->state() != PlayerState::connecting && player->state() != PlayerState::idle)
                                                 decoding = Clock::now(); // the header is read, the decoder runs
                                             return output->audioSeen().has_value() || player->state() == PlayerState::failed; },
                                         timeout,
                                         std::chrono::milliseconds (1));
            if (player->state() == PlayerState::failed)
            {
                heard.failure = std::string ("the player failed: ") + player->failureReason();
                return heard;
            }
            if (! came)
            {
                heard.failure = std::string ("no audio within ") + std::to_string (std::chrono::duration_cast<std::chrono::seconds> (timeout).count()) + " s of play() (state " + ::earshot::toString (player->state()) + ")";
                return heard;
            }
            heard.audio = *output->audioSeen();
            heard.playToAudioMs = millisecondsBetween (playCalled, *heard.audio);
            heard.connectingMs = decoding ? millisecondsBetween (playCalled, std::min (*decoding, *heard.audio)) : heard.playToAudioMs;
            // The player stamps its own figure on the audio thread, just before the block is out.
            waitUntil ([&]
                       { return player->latestRequestToAudioMs() >= 0.0; },
                       std::chrono::seconds (1));
            heard.playerMs = player->latestRequestToAudioMs();
            return heard;
        }

        /** seek() to targetSeconds and waits for the first audible block rendered at the target
            (within half a second before it and 30 s after); playToAudioMs is seek() -> that block. */
        Heard seekAndListen (double targetSeconds)
        {
            Heard heard;
            output->watchForAudio (targetSeconds - 0.5, targetSeconds + 30.0);
            const auto seekCalled = Clock::now();
            player->seek (targetSeconds);
            const bool came = waitUntil ([&]
                                         { return output->audioSeen().has_value() || player->state() == PlayerState::failed; },
                                         timeout,
                                         std::chrono::milliseconds (1));
            if (player->state() == PlayerState::failed)
                heard.failure = std::string ("the player failed after the seek: ") + player->failureReason();
            else if (! came)
                heard.failure = std::string ("no audio within ") + std::to_string (std::chrono::duration_cast<std::chrono::seconds> (timeout).count()) + " s of seek() (state " + ::earshot::toString (player->state()) + ")";
            else
            {
                heard.audio = *output->audioSeen();
                heard.playToAudioMs = millisecondsBetween (seekCalled, *heard.audio);
                heard.playerMs = player->latestRequestToAudioMs();
            }
            return heard;
        }

        /** The player, for a bench that follows a whole play (position, state, stalls). */
        [[nodiscard]] PreviewPlayer& previewPlayer() noexcept { return *player; }

    private:
        const Clock::duration timeout;
        std::shared_ptr<DaemonClient> client;
        std::unique_ptr<PreviewPlayer> player;
        std::unique_ptr<RealTimeRenderer> output;
    };
} // namespace earshot::bench
