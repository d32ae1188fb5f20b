#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>

namespace earshot
{
    /** How fast a stream's bytes are arriving: bytes over the last `window` of time, counted from
        when the stream was asked for, so the wait for the first byte (connecting, being unchoked)
        counts against the rate until it is out of the window. A pause in the arrivals lowers the
        rate as it goes on. Time is passed in, so it is tested without waiting.

        Not thread-safe: the owner serialises calls. */
    class ArrivalRate final
    {
    public:
        using Clock = std::chrono::steady_clock;

        /** How much of the recent past the rate is taken over. */
        static constexpr auto window = std::chrono::seconds (10);
        /** Rates over less time than this are not given: one block is not a rate. */
        static constexpr auto shortest = std::chrono::milliseconds (50);

        /** Starts counting at `asked`, when the bytes were first asked for. */
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
        std::deque<Arrival> arrivals; // within window of the latest, oldest first
    };
} // namespace earshot
