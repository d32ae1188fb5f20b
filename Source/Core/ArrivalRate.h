#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>

namespace earshot
{
    /** How fast a stream's bytes are arriving: bytes over the last `window` of time, counted from
        the first byte's arrival, not from when the stream was asked for. The wait for the first
        byte (dialling the peers, being unchoked) says how long the start took, not how fast the
        swarm is: counted against the rate it made a swarm at 1.5x the bitrate look like 0.5x for
        its first seconds, and the player waited seconds to start. The first arrival's own bytes
        are left out too (they end a wait of unknown length), and no rate is given until the
        arrivals span `shortest`, so a burst of the first pieces does not pass for a fast swarm.
        A pause in the arrivals lowers the rate as it goes on. Time is passed in, so it is tested
        without waiting.

        Not thread-safe: the owner serialises calls. */
    class ArrivalRate final
    {
    public:
        using Clock = std::chrono::steady_clock;

        /** How much of the recent past the rate is taken over. */
        static constexpr auto window = std::chrono::seconds (10);
        /** No rate until this long after the first byte: a few pieces are not a rate. */
        static constexpr auto shortest = std::chrono::milliseconds (500);

        /** Starts counting afresh (a new stream was asked for at `asked`). */
        void start (Clock::time_point asked);
        /** `bytes` more arrived at `now`. */
        void add (std::uint64_t bytes, Clock::time_point now);
        /** Bytes per second at `now`; nothing before start(), before the first byte, or until
            `shortest` has passed since it. */
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
