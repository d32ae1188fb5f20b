// What following a host's tempo costs and how long a producer waits for it.
//
// 1. Decode-thread CPU per second of audio with stretching off, then on (100 BPM to 120 BPM, +2
//    semitones, both): a 60 s stereo FLAC decoded block by block as the player's decode thread does,
//    through TempoStretcher, timed with the thread's own CPU clock (CLOCK_THREAD_CPUTIME_ID).
// 2. From pressing play in a synced host to the first beat heard on its grid: the built VST3 loaded
//    through JUCE's hosting (as tests/Plugin does), playing a 100 BPM click track that a real
//    listener daemon streams from an artist's daemon on loopback, the host's transport started at a
//    random point of a bar. A host at 120 BPM waits for the next bar; one without a tempo starts as
//    soon as the preview is buffered, which is "the rest": wait = synced - unsynced.
// Prints figures; it never passes or fails.
//
//   earshot_stretch_bench [--trials N] [--cpu-trials N] [--seed S]

#include "Audio/TempoStretcher.h"
#include "BenchFigures.h"
#include "PluginHostSupport.h"

#include <CLI/CLI.hpp>
#include <juce_audio_formats/juce_audio_formats.h>
#include <taglib/flacfile.h>
#include <taglib/xiphcomment.h>

#include <ctime>
#include <random>

using namespace earshot;
using namespace earshot::bench;
using namespace earshot::testing;

namespace
{
    constexpr double rate = 48000.0;

    double threadCpuSeconds()
    {
        timespec now {};
        clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
        return static_cast<double> (now.tv_sec) + static_cast<double> (now.tv_nsec) * 1.0e-9;
    }

    /** A 48 kHz stereo FLAC: a click on every beat at 100 BPM over a quiet chord, tagged BPM 100. */
    std::filesystem::path writeTrack (const std::filesystem::path& file, double seconds)
    {
        std::filesystem::create_directories (file.parent_path());
        const auto frames = static_cast<int> (seconds * rate);
        juce::AudioBuffer<float> audio (2, frames);
        for (int i = 0; i < frames; ++i)
        {
            const double t = i / rate;
            const double since = std::fmod (t, 0.6);
            double value = 0.05 * (std::sin (2.0 * juce::MathConstants<double>::pi * 220.0 * t) + std::sin (2.0 * juce::MathConstants<double>::pi * 277.2 * t));
            if (since < 0.005)
                value += 0.8 * std::exp (-since * 600.0) * std::sin (2.0 * juce::MathConstants<double>::pi * 2000.0 * since);
            audio.setSample (0, i, static_cast<float> (value));
            audio.setSample (1, i, static_cast<float> (value));
        }
        {
            juce::FlacAudioFormat flac;
            auto stream = std::make_unique<juce::FileOutputStream> (juce::File (file.string()));
            std::unique_ptr<juce::AudioFormatWriter> writer (flac.createWriterFor (stream.get(), rate, 2, 24, {}, 0));
            (void) stream.release();
            writer->writeFromAudioSampleBuffer (audio, 0, frames);
        }
        TagLib::FLAC::File tagged (file.c_str());
        tagged.xiphComment (true)->addField ("BPM", "100");
        tagged.save();
        return file;
    }

    /** CPU seconds the decode thread spends on the whole file at speed and semitones. */
    double decodeCpu (const std::filesystem::path& file, double speed, double semitones, double& audioSeconds)
    {
        juce::AudioFormatManager formats;
        formats.registerBasicFormats();
        std::unique_ptr<juce::AudioFormatReader> reader (formats.createReaderFor (juce::File (file.string())));
        constexpr int block = 4096; // TrackDecoder::blockFrames
        juce::AudioBuffer<float> source (2, block);
        TempoStretcher stretcher;
        const auto start = threadCpuSeconds();
        stretcher.reset (rate);
        stretcher.setTarget (speed, semitones);
        double produced = 0.0;
        for (juce::int64 position = 0; position < reader->lengthInSamples; position += block)
        {
            const auto frames = static_cast<int> (std::min<juce::int64> (block, reader->lengthInSamples - position));
            reader->read (&source, 0, frames, position, true, true);
            produced += stretcher.process (source, frames).frames;
        }
        produced += stretcher.finish().frames;
        audioSeconds = produced / rate;
        return threadCpuSeconds() - start;
    }

    /** Milliseconds from the host's play to the preview's first audible sample. */
    std::optional<double> pressToFirstBeat (const std::string& trackId, const std::filesystem::path& home, double hostBpm, double startQuarter)
    {
        auto plugin = loadPlugin (Format::vst3, home);
        if (plugin == nullptr)
            return std::nullopt;
        restoreSession (Format::vst3, *plugin, trackId, false, true, 0.0f);
        HostDriver host (*plugin, 40.0);
        host.playHead.bpm = hostBpm;
        host.playHead.ppq = startQuarter;
        std::this_thread::sleep_for (std::chrono::milliseconds (300));
        host.playHead.playing = true;
        if (! HostDriver::waitFor ([&]
                                   { return host.audibleFramesSince (0) > 0; },
                                   std::chrono::seconds (30)))
            return std::nullopt;
        std::size_t first = 0;
        while (std::abs (host.left()[first]) <= 1.0e-4f)
            ++first;
        return static_cast<double> (first - host.transportStartFrame()) / hostRate * 1000.0;
    }
} // namespace

int main (int argc, char** argv)
{
    CLI::App app ("Tempo-synced audition: decode-thread CPU with stretching, and time from play to the first beat");
    int trials = 8;
    int cpuTrials = 5;
    unsigned seed = 1;
    app.add_option ("--trials", trials, "Plays per host (120 BPM, no tempo)");
    app.add_option ("--cpu-trials", cpuTrials, "Decodes of the file per mode");
    app.add_option ("--seed", seed, "Seed for where in the bar the host starts");
    CLI11_PARSE (app, argc, argv);
    std::printf ("# %s\n", commandLineOf (argc, argv).c_str());

    juce::ScopedJuceInitialiser_GUI juce;
    TemporaryDirectory root ("earshot-stretch-bench");
    const auto file = writeTrack (root.path() / "music" / "clicks-100bpm.flac", 60.0);

    // 1. CPU.
    struct Mode
    {
        const char* name;
        double speed;
        double semitones;
    };
    const Mode modes[] = { { "off", 1.0, 0.0 }, { "tempo 100->120 BPM", 1.2, 0.0 }, { "pitch +2 st", 1.0, 2.0 }, { "tempo and pitch", 1.2, 2.0 } };
    std::printf ("\ndecode-thread CPU per second of audio out (60 s FLAC, 48 kHz stereo, median of %d):\n", cpuTrials);
    double offMs = 0.0;
    for (const auto& mode : modes)
    {
        std::vector<double> perSecond;
        for (int trial = 0; trial < cpuTrials; ++trial)
        {
            double seconds = 0.0;
            const auto cpu = decodeCpu (file, mode.speed, mode.semitones, seconds);
            perSecond.push_back (cpu / seconds * 1000.0);
        }
        const auto median = percentile (perSecond, 0.5);
        if (mode.speed == 1.0 && mode.semitones == 0.0)
            offMs = median;
        std::printf ("  %-20s %7.2f ms CPU per s (%.1fx off, %.2f%% of one core)\n", mode.name, median, median / offMs, median / 10.0);
    }

    // 2. Press play to first beat.
    DaemonProcess artist (root.path() / "artist");
    DaemonProcess listener (root.path() / "listener");
    artist.start();
    listener.start();
    const auto published = artist.client().publish ({ file.string() }).front();
    (void) listener.client().addTrack ({ published.manifest, std::nullopt, std::nullopt }, { artist.peerAddress() });
    ::setenv ("EARSHOT_API", listener.apiAddress().c_str(), 1);
    ::setenv ("EARSHOT_DATA_DIR", (root.path() / "never-started").c_str(), 1);
    TemporaryDirectory home ("earshot-stretch-bench-home");
    installBundle (Format::vst3, home.path());

    std::mt19937 random (seed);
    std::uniform_real_distribution<double> phase (0.0, 4.0);
    std::vector<double> synced, unsynced;
    for (int trial = 0; trial < trials; ++trial)
    {
        if (const auto ms = pressToFirstBeat (published.id, home.path(), 120.0, phase (random)))
            synced.push_back (*ms);
        if (const auto ms = pressToFirstBeat (published.id, home.path(), 0.0, 0.0))
            unsynced.push_back (*ms);
    }
    std::printf ("\npress play (sync on, VST3, track cached by the listener after the first trial) to first beat, %d trials:\n", trials);
    std::printf ("  host at 120 BPM (starts on its next bar): median %7.1f ms, p90 %7.1f ms (%zu heard)\n", percentile (synced, 0.5), percentile (synced, 0.9), synced.size());
    std::printf ("  host without a tempo (the rest: buffering): median %7.1f ms, p90 %7.1f ms (%zu heard)\n", percentile (unsynced, 0.5), percentile (unsynced, 0.9), unsynced.size());
    std::printf ("  waiting for the bar: median %7.1f ms (a bar at 120 BPM lasts 2000 ms; the start point is random in it)\n", percentile (synced, 0.5) - percentile (unsynced, 0.5));
    return 0;
}
