#pragma once

// Where the swarm lab's figures go: tables to standard output and OUT/tables.txt, plot data and
// gnuplot scripts to OUT, and the PNGs gnuplot draws from them.

#include "BenchFigures.h"
#include "Support/DaemonProcess.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace earshot::bench
{
    /** The lab's output folder. Tables are printed as they come (a row waits for the rest of its
        table, so the columns line up); data files stay open until plot(). */
    class SwarmLabReport final
    {
    public:
        /** Creates the folder (and its parents); throws std::runtime_error naming it when it cannot. */
        explicit SwarmLabReport (std::filesystem::path outputFolder)
            : outFolder (std::move (outputFolder))
        {
            std::error_code error;
            std::filesystem::create_directories (outFolder, error);
            tables.open (outFolder / "tables.txt");
            if (error || ! tables)
                throw std::runtime_error ("cannot write the lab's output into " + outFolder.string() + (error ? ": " + error.message() : std::string()));
        }

        ~SwarmLabReport() { flushRows(); }

        SwarmLabReport (const SwarmLabReport&) = delete;
        SwarmLabReport& operator= (const SwarmLabReport&) = delete;

        [[nodiscard]] const std::filesystem::path& folder() const noexcept { return outFolder; }

        /** A line of text (ends the table above it). */
        void line (const std::string& text)
        {
            flushRows();
            for (auto& [name, file] : dataFiles)
                file->flush();
            emit (text + "\n");
        }

        /** One line about a track, as printTrack. */
        void track (const char* label, const TrackManifest& manifest) { line (trackLine (label, manifest)); }

        /** A row of a table; the first column is left-aligned, the rest right-aligned. */
        void row (std::vector<std::string> cells) { rows.push_back (std::move (cells)); }

        /** A data file in the folder for a plot, opened (with its header line) on first use. */
        std::ofstream& data (const std::string& name, const std::string& header)
        {
            auto& file = dataFiles[name];
            if (file == nullptr)
            {
                file = std::make_unique<std::ofstream> (outFolder / name);
                *file << header << '\n';
            }
            return *file;
        }

        /** Writes the gnuplot scripts, runs gnuplot on them and says which PNGs it wrote. The timeline's
            panels share their axes: 0 to timelineSeconds, and the torrent's pieceCount. */
        std::string plot (const std::string& gnuplot, const std::vector<std::string>& strategyNames, const std::vector<std::string>& formatNames, const std::vector<std::string>& timelineTitles, double timelineSeconds, int pieceCount)
        {
            for (auto& [name, file] : dataFiles)
                file->close();

            const auto quoted = [] (const std::vector<std::string>& words)
            {
                std::string list;
                for (const auto& word : words)
                    list += (list.empty() ? "'" : ", '") + word + "'";
                return list;
            };
            const auto lastStrategy = std::to_string (strategyNames.size() - 1);
            const auto lastFormat = std::to_string (formatNames.size() - 1);
            std::ofstream cdf (outFolder / "first-audio.gp");
            cdf << "# First audio per strategy, one panel per format (earshot_swarm_lab).\n"
                << "set terminal pngcairo size 1000,700 font ',10' noenhanced\n"
                << "set output 'first-audio.png'\n"
                << "array names[" << strategyNames.size() << "] = [" << quoted (strategyNames) << "]\n"
                << "array formats[" << formatNames.size() << "] = [" << quoted (formatNames) << "]\n"
                << "set multiplot layout 2,2 title 'AddTrack to first audio: share of trials heard within x ms (log scale), per format'\n"
                << "set logscale x\nset grid\nset xlabel 'ms'\nset yrange [0:1.05]\nset key bottom right\n"
                << "do for [f=0:" << lastFormat << "] {\n"
                << "    set title formats[f+1]\n"
                << "    plot for [s=0:" << lastStrategy << "] 'first-audio.dat' using (($1==s && $2==f) ? $3 : 1/0):(1) smooth cnormal with steps lw 2 lc s+1 title names[s+1]\n"
                << "}\nunset multiplot\n";
            cdf.close();

            std::ofstream timeline (outFolder / "timeline.gp");
            timeline << "# Pieces arriving against the playhead, one panel per strategy, at 1.1x the bitrate (earshot_swarm_lab).\n"
                     << "set terminal pngcairo size 1000,700 font ',10' noenhanced\n"
                     << "set output 'timeline.png'\n"
                     << "set multiplot layout 2,2 title 'Pieces verified (dots) against the piece under the playhead (line), aggregate upload 1.1x the bitrate'\n"
                     << "set xlabel 's after AddTrack'\nset ylabel 'piece'\nset grid\nset key bottom right\n";
            const char* flags[] = { "deadlines", "sequential", "rarest-first", "first-last" };
            for (std::size_t i = 0; i < std::size (flags); ++i)
            {
                // A panel with no data (a play that never started) keeps its axes: gnuplot cannot
                // autoscale an empty plot.
                timeline << "set title '" << (i < timelineTitles.size() ? timelineTitles[i] : std::string (flags[i])) << "'\n"
                         << "set xrange [0:" << std::ceil (timelineSeconds) << "]\nset yrange [0:" << pieceCount << "]\n"
                         << "plot 'timeline-" << flags[i] << ".dat' using 1:2 with points pt 7 ps 0.4 title 'piece verified', "
                         << "'playhead-" << flags[i] << ".dat' using 1:2 with lines lw 2 title 'playhead'\n";
            }
            timeline << "unset multiplot\n";
            timeline.close();

            std::string written;
            for (const char* script : { "first-audio", "timeline" })
            {
                const auto result = testing::runCommand ("cd '" + outFolder.string() + "' && '" + gnuplot + "' " + script + ".gp 2>&1");
                if (result.exitCode == 0)
                    written += (written.empty() ? "" : ", ") + (outFolder / (std::string (script) + ".png")).string();
                else
                    written += (written.empty() ? "" : ", ") + std::string ("gnuplot failed on ") + script + ".gp: " + result.output;
            }
            return written;
        }

    private:
        void emit (const std::string& text)
        {
            std::fputs (text.c_str(), stdout);
            tables << text;
            tables.flush();
        }

        void flushRows()
        {
            if (rows.empty())
                return;
            std::vector<std::size_t> widths;
            for (const auto& cells : rows)
                for (std::size_t i = 0; i < cells.size(); ++i)
                {
                    widths.resize (std::max (widths.size(), cells.size()), 0);
                    widths[i] = std::max (widths[i], cells[i].size());
                }
            for (const auto& cells : rows)
            {
                std::string text;
                for (std::size_t i = 0; i < cells.size(); ++i)
                {
                    const auto pad = std::string (widths[i] - cells[i].size(), ' ');
                    text += i == 0 ? cells[i] + pad : "  " + pad + cells[i];
                }
                while (! text.empty() && text.back() == ' ')
                    text.pop_back();
                emit (text + "\n");
            }
            rows.clear();
        }

        std::filesystem::path outFolder;
        std::ofstream tables;
        std::vector<std::vector<std::string>> rows;
        std::map<std::string, std::unique_ptr<std::ofstream>> dataFiles;
    };
} // namespace earshot::bench
