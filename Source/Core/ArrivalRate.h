#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>

namespace earshot
{
    /** How fast a stream's bytes are arriving: bytes over the last `window` of time. Until the
        bytes have come for `trustedAfter`, it counts from when the stream was asked for, so the
        wait for the first byte (dialling the peers, being unchoked) counts against the rate and a
        first burst from a slow swarm does not pass for a fast one. From then on it counts from the
        first byte: the wait says how long the start took, not how fast the swarm is, and counted
        on it made a swarm at 1.5x the bitrate look like 0.5x for its first seconds. The first
        arrival's own bytes are then left out (they end a wait of unknown length). A pause in the
        arrivals lowers the rate as it goes on. Time is passed in, so it is tested without waiting.

        Not thread-safe: the owner serialises calls. */
    class ArrivalRate final
    {
    public:
        using Clock = std::chrono::steady_clock;

        /** How much of the recent past the rate is taken over. */
        static constexpr auto window = std::chrono::seconds (10);
        /** Rates over less time than this are not given: one block is not a rate. */
        static constexpr auto shortest = std::chrono::milliseconds (50);
        /** How long after the first byte the rate stops counting the wait for it. */
        static constexpr auto trustedAfter = std::chrono::seconds (2);

        /** Starts counting afresh, at `asked`, when the bytes were first asked for. */
        void start (Clock::time_point asked);
        /** `bytes` more arrived at `now`. */
        void add (std::uint64_t bytes, Clock::time_point now);
        /** Bytes per second at `now`; nothing before start() or until `shortest` has passed. */
        [[nodiscard]] std::optional<double> bytesPerSecond (Clock::time_point now) const;

    private:
        struct Arrival
        {
            Clock::time_point at;
            std::uint64_t bytes = 0;
        };
        std::optional<Clock::time_point> startedAt;
        std::optional<Clock::time_point> firstByteAt;
        std::deque<Arrival> arrivals; // within window of the latest, oldest first
    };
} // namespace earshot
