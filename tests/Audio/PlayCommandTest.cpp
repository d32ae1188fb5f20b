// `earshot play` as a user runs it: a track streamed from another daemon, rendered in real time into
// a WAV file, with time-to-first-audio and a seek's latency reported.

#include "Support/DaemonProcess.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <gtest/gtest.h>

#include <cmath>
#include <regex>

using namespace earshot;
using namespace earshot::testing;

TEST (PlayCommand, PlaysAStreamingTrackIntoAWavFileAndReportsFirstAudioAndSeekLatency)
{
    TemporaryDirectory root ("earshot-play-cli");
    DaemonProcess artist (root.path() / "artist", { "--upload-limit", "256" });
    DaemonProcess listener (root.path() / "listener");
    artist.start();
    listener.start();
    const auto published = artist.client().publish ({ (demoAlbum ("ogg") / "02-paper-lanterns.ogg").string() }).front();
    (void) listener.client().addTrack ({ published.manifest, std::nullopt, std::nullopt }, { artist.peerAddress() });

    const auto wav = root.path() / "played.wav";
    const auto launched = std::chrono::steady_clock::now();
    const auto run = runCommand (std::string (EARSHOT_CLI_BINARY) + " --api " + listener.apiAddress() + " play " + published.id.substr (0, 10)
                                 + " --for 4 --seek-at 2:60 --out " + wav.string());
    const auto ended = std::chrono::steady_clock::now();
    ASSERT_EQ (run.exitCode, 0) << run.output;

    // Each report carries a value, and each value is the one the run produced.
    std::smatch firstAudio;
    ASSERT_TRUE (std::regex_search (run.output, firstAudio, std::regex ("time to first audio: ([0-9]+) ms\n"))) << run.output;
    EXPECT_GT (std::stod (firstAudio[1]), 0.0) << run.output;
    // Not on a terminal, the first block's time is also logged on the clock every process shares.
    std::smatch firstBlock;
    ASSERT_TRUE (std::regex_search (run.output, firstBlock, std::regex ("first audio block rendered at steady clock ([0-9]+) ns\n"))) << run.output;
    const std::chrono::steady_clock::time_point firstBlockAt { std::chrono::nanoseconds (std::stoll (firstBlock[1])) };
    EXPECT_GT (firstBlockAt, launched) << run.output;
    EXPECT_LT (firstBlockAt, ended) << run.output;
    std::smatch seek;
    ASSERT_TRUE (std::regex_search (run.output, seek, std::regex ("seek to 60\\.0 s: audio after ([0-9]+) ms\n"))) << run.output;
    EXPECT_GT (seek.position (0), firstAudio.position (0)) << "the seek was reported before the first audio: " << run.output;

    // The status lines: the state, the position and the track's duration, and the stalls so far.
    const std::regex statusLine ("(\\w+) +([0-9.]+) / ([0-9.]+) s  buffered +[0-9.]+ s  stalls ([0-9]+)");
    std::vector<std::smatch> lines;
    for (auto it = std::sregex_iterator (run.output.begin(), run.output.end(), statusLine); it != std::sregex_iterator(); ++it)
        lines.push_back (*it);
    ASSERT_FALSE (lines.empty()) << run.output;
    const auto& last = lines.back();
    // Four seconds played: two from the start, then the seek to 60 s, then two more.
    EXPECT_EQ (last[1].str(), "Playing") << run.output;
    EXPECT_GE (std::stod (last[2]), 60.0) << "the seek did not move the playhead: " << run.output;
    EXPECT_LT (std::stod (last[2]), 66.0) << run.output;
    EXPECT_NEAR (std::stod (last[3]), static_cast<double> (published.manifest.metadata.durationMs) / 1000.0, 0.2) << run.output;
    std::smatch stalls;
    ASSERT_TRUE (std::regex_search (run.output, stalls, std::regex ("\nstalls: ([0-9]+)\n"))) << run.output;
    EXPECT_EQ (stalls[1].str(), last[4].str()) << "the summary's stalls differ from the last status line's: " << run.output;

    // The file holds real audio: at least the four seconds asked for, and not silence.
    juce::AudioFormatManager formats;
    formats.registerBasicFormats();
    std::unique_ptr<juce::AudioFormatReader> reader (formats.createReaderFor (juce::File (wav.string())));
    ASSERT_NE (reader, nullptr);
    EXPECT_EQ (reader->sampleRate, 48000.0);
    EXPECT_GE (reader->lengthInSamples, 48000 * 4);
    juce::AudioBuffer<float> audio (2, static_cast<int> (reader->lengthInSamples));
    reader->read (&audio, 0, audio.getNumSamples(), 0, true, true);
    EXPECT_GT (audio.getMagnitude (0, 0, audio.getNumSamples()), 0.05f);
}

namespace
{
    /** A WAV file: quietSeconds of digital silence, then toneSeconds of a 440 Hz tone. */
    void writeQuietIntroWav (const std::filesystem::path& path, double quietSeconds, double toneSeconds)
    {
        constexpr double rate = 44100.0;
        const auto quietFrames = static_cast<int> (quietSeconds * rate);
        juce::AudioBuffer<float> audio (2, quietFrames + static_cast<int> (toneSeconds * rate));
        audio.clear();
        for (int frame = quietFrames; frame < audio.getNumSamples(); ++frame)
        {
            const auto sample = 0.5f * static_cast<float> (std::sin (2.0 * juce::MathConstants<double>::pi * 440.0 * frame / rate));
            audio.setSample (0, frame, sample);
            audio.setSample (1, frame, sample);
        }
        auto stream = juce::File (path.string()).createOutputStream();
        ASSERT_NE (stream, nullptr);
        juce::WavAudioFormat wav;
        std::unique_ptr<juce::AudioFormatWriter> writer (wav.createWriterFor (stream.get(), rate, 2, 16, {}, 0));
        ASSERT_NE (writer, nullptr);
        stream.release(); // the writer owns it
        ASSERT_TRUE (writer->writeFromAudioSampleBuffer (audio, 0, audio.getNumSamples()));
    }
} // namespace

TEST (PlayCommand, FirstAudioIsTheTracksFirstSampleEvenWhenTheTrackOpensInSilence)
{
    // Seven seconds of digital silence open the track: they are its audio, and playing them is
    // playing. First audio is when the player starts putting out the track, not when it gets loud,
    // and --seek-at counts from there, even into the silence.
    TemporaryDirectory root ("earshot-play-quiet");
    const auto track = root.path() / "quiet-intro.wav";
    writeQuietIntroWav (track, 7.0, 5.0);
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();
    const auto published = daemon.client().publish ({ track.string() }).front();

    const auto wav = root.path() / "played.wav";
    const auto run = runCommand (std::string (EARSHOT_CLI_BINARY) + " --api " + daemon.apiAddress() + " play " + published.id.substr (0, 10)
                                 + " --for 4 --seek-at 1:3 --out " + wav.string());
    ASSERT_EQ (run.exitCode, 0) << run.output;

    std::smatch firstAudio;
    ASSERT_TRUE (std::regex_search (run.output, firstAudio, std::regex ("time to first audio: ([0-9]+) ms"))) << run.output;
    EXPECT_LT (std::stod (firstAudio[1]), 4000.0) << "first audio was taken to be where the tone starts, at 7 s: " << run.output;
    EXPECT_NE (run.output.find ("seek to 3.0 s: audio after "), std::string::npos) << run.output;
}

TEST (PlayCommand, AnUnknownTrackIsAClearErrorNamingIt)
{
    TemporaryDirectory root ("earshot-play-unknown");
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();
    const auto run = runCommand (std::string (EARSHOT_CLI_BINARY) + " --api " + daemon.apiAddress() + " play 0123456789abcdef --out " + (root.path() / "x.wav").string());
    EXPECT_NE (run.exitCode, 0);
    EXPECT_NE (run.output.find ("0123456789abcdef"), std::string::npos) << run.output;
}
