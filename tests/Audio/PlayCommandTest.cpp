// `earshot play` as a user runs it: a track streamed from another daemon, rendered in real time into
// a WAV file, with time-to-first-audio and a seek's latency reported.

#include "Support/DaemonProcess.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <gtest/gtest.h>

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
    const auto run = runCommand (std::string (EARSHOT_CLI_BINARY) + " --api " + listener.apiAddress() + " play " + published.id.substr (0, 10)
                                 + " --for 4 --seek-at 2:60 --out " + wav.string());
    ASSERT_EQ (run.exitCode, 0) << run.output;
    EXPECT_NE (run.output.find ("time to first audio: "), std::string::npos) << run.output;
    EXPECT_NE (run.output.find ("seek to 60.0 s: audio after "), std::string::npos) << run.output;
    EXPECT_NE (run.output.find ("Playing"), std::string::npos) << run.output;
    EXPECT_NE (run.output.find ("stalls: "), std::string::npos) << run.output;

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

TEST (PlayCommand, AnUnknownTrackIsAClearErrorNamingIt)
{
    TemporaryDirectory root ("earshot-play-unknown");
    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();
    const auto run = runCommand (std::string (EARSHOT_CLI_BINARY) + " --api " + daemon.apiAddress() + " play 0123456789abcdef --out " + (root.path() / "x.wav").string());
    EXPECT_NE (run.exitCode, 0);
    EXPECT_NE (run.output.find ("0123456789abcdef"), std::string::npos) << run.output;
}
