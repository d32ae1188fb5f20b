/*
    Earshot demo album renderer.

    Renders "First Light" by The Earshot Ensemble, the three-track album that ships with Earshot,
    from its score (Score/, one file a track): a small deterministic synthesizer (Synth/: subtractive
    and FM voices, synthesized drums, a reverb, a ping-pong delay, a look-ahead limiter) driven by a
    tiny step sequencer (Score/Arranger). No samples, no downloads: every sound is computed here, so
    the album is the project's own work and is released under CC0 (see README.md beside this file).

    The audio is not committed; the build runs this program (see assets/CMakeLists.txt):

        earshot_demo_render OUTDIR                    writes OUTDIR/NN-slug.wav and OUTDIR/album.tsv
        earshot_demo_render --excerpt SECONDS OUTDIR  writes OUTDIR/excerpt.wav and OUTDIR/excerpt.tsv,
                                                      the first SECONDS of track 1
        earshot_demo_render --levels OUTDIR           also prints each part's level, to balance a mix

    Output is 44.1 kHz, 16-bit stereo PCM WAV, the same bytes on every run.

    Plain C++20 standard library only.
*/

#include "AlbumTags.h"
#include "Score/Album.h"
#include "Synth/Dsp.h"
#include "TrackRenderer.h"
#include "WavWriter.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace earshot::demo
{
    namespace
    {
        void writeText (const std::filesystem::path& path, const std::string& text)
        {
            std::ofstream file (path, std::ios::binary);
            file << text;

            if (! file)
                throw std::runtime_error ("cannot write " + path.string() + ": check that the folder is writable");
        }

        int run (int argc, char** argv)
        {
            std::vector<std::string> args (argv + 1, argv + argc);
            double excerptSeconds = 0.0;
            bool levels = false;
            std::filesystem::path outDir;

            bool understood = true;

            for (std::size_t i = 0; i < args.size(); ++i)
            {
                if (args[i] == "--excerpt" && i + 1 < args.size())
                {
                    std::size_t used = 0;
                    const auto& text = args[++i];

                    try
                    {
                        excerptSeconds = std::stod (text, &used);
                    }
                    catch (const std::exception&)
                    {
                        used = 0;
                    }

                    if (used != text.size() || excerptSeconds <= 0.0)
                        throw std::runtime_error ("--excerpt wants a number of seconds greater than 0, not \"" + text + "\"");
                }
                else if (args[i] == "--levels")
                    levels = true;
                else if (outDir.empty() && ! args[i].starts_with ("--"))
                    outDir = args[i];
                else
                    understood = false;
            }

            if (! understood || outDir.empty())
            {
                std::cerr << "usage: earshot_demo_render [--excerpt SECONDS] [--levels] OUTDIR\n"
                             "  renders the demo album \"First Light\" to OUTDIR/NN-slug.wav and OUTDIR/album.tsv,\n"
                             "  or with --excerpt the first SECONDS of track 1 to OUTDIR/excerpt.wav and OUTDIR/excerpt.tsv\n";
                return 2;
            }

            std::filesystem::create_directories (outDir);
            const auto tracks = album();
            const auto trackTotal = static_cast<int> (tracks.size());

            if (excerptSeconds > 0.0)
            {
                const auto& track = tracks.front();
                auto rendered = render (track);
                const std::size_t frames = std::min (rendered.left.size(), toSamples (excerptSeconds));
                const std::size_t fade = std::min (frames, toSamples (0.5));

                for (std::size_t n = 0; n < fade; ++n)
                {
                    const auto g = static_cast<float> (n) / static_cast<float> (fade);
                    rendered.left[frames - 1 - n] *= g;
                    rendered.right[frames - 1 - n] *= g;
                }

                const auto title = track.title + " (Excerpt)";
                writeWav (outDir / "excerpt.wav", rendered.left, rendered.right, frames, wavInfoTags (track, title), wavId3Tags (track, title, trackTotal));
                writeText (outDir / "excerpt.tsv", tsvHeader() + tsvRow (track, track.title + " (Excerpt)", "excerpt", trackTotal, static_cast<double> (frames) / sampleRate));
                std::printf ("excerpt.wav: %.1f s of \"%s\"\n", static_cast<double> (frames) / sampleRate, track.title.c_str());
                return 0;
            }

            std::string tsv = tsvHeader();

            for (const auto& track : tracks)
            {
                const auto started = std::chrono::steady_clock::now();
                const auto rendered = render (track);
                const auto path = outDir / (track.fileStem() + ".wav");
                writeWav (path, rendered.left, rendered.right, rendered.left.size(), wavInfoTags (track, track.title), wavId3Tags (track, track.title, trackTotal));
                const double seconds = static_cast<double> (rendered.left.size()) / sampleRate;
                const double took = std::chrono::duration<double> (std::chrono::steady_clock::now() - started).count();
                tsv += tsvRow (track, track.title, track.slug, trackTotal, seconds);
                std::printf ("%s: \"%s\", %d:%04.1f, %d bars at %g BPM, limiter %.1f dB, rendered in %.1f s\n",
                             path.filename().string().c_str(),
                             track.title.c_str(),
                             static_cast<int> (seconds) / 60,
                             std::fmod (seconds, 60.0),
                             track.totalBars(),
                             track.bpm,
                             rendered.gainReductionDb,
                             took);

                if (levels)
                    printLevels (rendered);
            }

            writeText (outDir / "album.tsv", tsv);
            return 0;
        }
    } // namespace
} // namespace earshot::demo

int main (int argc, char** argv)
{
    try
    {
        return earshot::demo::run (argc, argv);
    }
    catch (const std::exception& e)
    {
        std::cerr << "earshot_demo_render: " << e.what() << '\n';
        return 1;
    }
}
