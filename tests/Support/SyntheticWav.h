#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numbers>

namespace earshot::testing
{
    /** Audio that tests make to a known measure: a tone at a known level, clicks at a known tempo. */
    namespace syntheticWav
    {
        constexpr int sampleRate = 44100;

        /** Writes a 16-bit stereo WAV of seconds of audio, both channels' sample from sampleAt
            (time in s), clamped to full scale. */
        inline void write (const std::filesystem::path& path, double seconds, const std::function<double (double)>& sampleAt)
        {
            const auto frames = static_cast<std::uint32_t> (seconds * sampleRate);
            const std::uint32_t dataBytes = frames * 4;
            std::ofstream out (path, std::ios::binary);
            const auto put32 = [&] (std::uint32_t v)
            { out.write (reinterpret_cast<const char*> (&v), 4); };
            const auto put16 = [&] (std::uint16_t v)
            { out.write (reinterpret_cast<const char*> (&v), 2); };
            out.write ("RIFF", 4);
            put32 (36 + dataBytes);
            out.write ("WAVEfmt ", 8);
            put32 (16);
            put16 (1);
            put16 (2);
            put32 (sampleRate);
            put32 (sampleRate * 4);
            put16 (4);
            put16 (16);
            out.write ("data", 4);
            put32 (dataBytes);
            for (std::uint32_t i = 0; i < frames; ++i)
            {
                const auto value = static_cast<std::int16_t> (std::lround (std::clamp (sampleAt (i / double (sampleRate)), -1.0, 1.0) * 32767.0));
                put16 (static_cast<std::uint16_t> (value));
                put16 (static_cast<std::uint16_t> (value));
            }
        }

        /** A kick-like click on every beat: a decaying 60 Hz burst. */
        inline double clickTrack (double t, double bpm)
        {
            const double beat = 60.0 / bpm;
            const double sinceBeat = std::fmod (t, beat);
            return 0.8 * std::exp (-sinceBeat * 40.0) * std::sin (2.0 * std::numbers::pi * 60.0 * sinceBeat);
        }

        /** A 997 Hz sine whose stereo pair measures lufs LUFS (EBU Tech 3341: a sine at -23 dBFS in
            both channels reads -23 LUFS). */
        inline double sineAtLufs (double t, double lufs)
        {
            return std::pow (10.0, lufs / 20.0) * std::sin (2.0 * std::numbers::pi * 997.0 * t);
        }
    } // namespace syntheticWav
} // namespace earshot::testing
