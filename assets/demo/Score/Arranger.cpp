#include "Score/Arranger.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace earshot::demo
{
    Arranger::Arranger (const TrackScore& scoreToArrange)
        : score (scoreToArrange), random (static_cast<std::uint64_t> (scoreToArrange.number) * 1000003)
    {
    }

    Arranger::Result Arranger::arrange()
    {
        // chords first, so a bass line can lead into the next section's first chord
        const double bar = score.barSeconds();
        std::vector<std::size_t> firstChords;
        double start = 0.0;

        for (const auto& section : score.sections)
        {
            firstChords.push_back (chords.size());
            addChords (section, start);
            start += section.bars * bar;
        }

        firstChords.push_back (chords.size());
        result.musicSeconds = start;
        start = 0.0;

        for (std::size_t i = 0; i < score.sections.size(); ++i)
        {
            arrangeSection (score.sections[i], start, firstChords[i], firstChords[i + 1]);
            start += score.sections[i].bars * bar;
        }

        return std::move (result);
    }

    void Arranger::addChords (const Section& section, double start)
    {
        const double bar = score.barSeconds();
        const auto bars = splitBars (section.chords);

        for (int b = 0; b < section.bars; ++b)
        {
            const auto symbols = words (bars[static_cast<std::size_t> (b) % bars.size()]);

            if (symbols.empty())
                throw std::runtime_error ("section \"" + section.name + "\" has a bar without a chord");

            for (std::size_t i = 0; i < symbols.size(); ++i)
            {
                const double chordStart = start + (b + static_cast<double> (i) / static_cast<double> (symbols.size())) * bar;
                chords.push_back ({ chordStart, chordStart + bar / static_cast<double> (symbols.size()), parseChord (symbols[i]) });
            }
        }
    }

    void Arranger::arrangeSection (const Section& section, double start, std::size_t firstChord, std::size_t endChord)
    {
        const double bar = score.barSeconds();
        const double end = start + section.bars * bar;

        if (section.pad == "~")
        {
            for (auto i = firstChord; i < endChord; ++i)
                addChord (chords[i].chord, chords[i].start, chords[i].end - chords[i].start + 0.05, score.pad, Part::pad, brightnessAt (section, start, chords[i].start), 0.7f);
        }
        else if (! section.pad.empty())
        {
            for (const auto& segment : segmentsOf (steps (section, start, section.pad, false), end))
            {
                // a held chord that runs into a chord change is struck again on the new chord
                double t = segment.start;

                while (t < segment.end - 1.0e-6)
                {
                    const auto& span = chordAt (t);
                    const double until = std::min (segment.end, span.end);
                    addChord (span.chord, humanizeTime (t), until - t, score.pad, Part::pad, segment.brightness, humanizeVelocity (0.75f));
                    t = until;
                }
            }
        }

        if (! section.arp.empty())
        {
            for (const auto& segment : segmentsOf (steps (section, start, section.arp, false), end))
            {
                const auto voicing = chordAt (segment.start).chord.voicing (score.padCentre);
                const int index = segment.token[0] - '0';

                if (index < 0 || index > 9)
                    throw std::runtime_error ("section \"" + section.name + "\": unknown arpeggio step '" + segment.token + "'");

                const int size = static_cast<int> (voicing.size());
                const int pitch = voicing[static_cast<std::size_t> (index % size)] + 12 * (index / size) + score.arpShift;
                addTone (segment, pitch, score.arp, Part::arp, humanizeVelocity (segment.token == "0" ? 0.85f : 0.7f));
            }
        }

        if (! section.bass.empty())
        {
            for (const auto& segment : segmentsOf (steps (section, start, section.bass, false), end))
                addTone (segment, bassPitch (segment.token[0], segment.start, section), score.bass, Part::bass, humanizeVelocity (0.85f));
        }

        for (const auto* line : { &section.lead, &section.counter })
        {
            if (line->empty())
                continue;

            const bool isLead = line == &section.lead;

            for (const auto& segment : segmentsOf (steps (section, start, *line, true), end))
            {
                const int pitch = parseNote (segment.token);
                addTone (segment, pitch, isLead ? score.lead : score.counter, isLead ? Part::lead : Part::counter, humanizeVelocity (0.8f));

                if (isLead && section.leadDouble)
                    addTone (segment, pitch - 12, score.lead, Part::lead, 0.5f);
            }
        }

        const std::array<std::pair<const std::string*, Drum>, 6> drums { { { &section.kick, Drum::kick },
                                                                           { &section.snare, Drum::snare },
                                                                           { &section.clap, Drum::clap },
                                                                           { &section.hat, Drum::closedHat },
                                                                           { &section.openHat, Drum::openHat },
                                                                           { &section.rim, Drum::rim } } };

        for (const auto& [pattern, drum] : drums)
        {
            if (pattern->empty())
                continue;

            for (const auto& step : steps (section, start, *pattern, false))
            {
                const float velocity = drumVelocity (step.token[0], section);

                if (velocity > 0.0f)
                    result.hits.push_back ({ drum == Drum::kick ? step.start : humanizeTime (step.start), drum, drum == Drum::kick ? velocity : humanizeVelocity (velocity) });
            }
        }

        if (section.crash)
            result.hits.push_back ({ start, Drum::crash, 0.9f });

        if (section.riser)
            result.risers.push_back ({ end - bar, bar });
    }

    std::vector<std::string> Arranger::splitBars (const std::string& text)
    {
        std::vector<std::string> bars;
        std::stringstream stream (text);
        std::string bar;

        while (std::getline (stream, bar, '|'))
            bars.push_back (bar);

        return bars;
    }

    std::vector<std::string> Arranger::words (const std::string& text)
    {
        std::vector<std::string> out;
        std::stringstream stream (text);
        std::string word;

        while (stream >> word)
            out.push_back (word);

        return out;
    }

    std::vector<Arranger::Step> Arranger::steps (const Section& section, double start, const std::string& pattern, bool spaced) const
    {
        const auto bars = splitBars (pattern);
        const double bar = score.barSeconds();
        std::vector<Step> out;

        for (int b = 0; b < section.bars; ++b)
        {
            std::vector<std::string> tokens;

            if (spaced)
                tokens = words (bars[static_cast<std::size_t> (b) % bars.size()]);
            else
                for (char c : bars[static_cast<std::size_t> (b) % bars.size()])
                    if (c != ' ' && c != '\t' && c != '\n')
                        tokens.emplace_back (1, c);

            const auto count = tokens.size();

            if (count == 0 || (count % 4 != 0 && count > 2))
                throw std::runtime_error ("section \"" + section.name + "\": a bar of \"" + pattern + "\" has " + std::to_string (count) + " steps; use 1, 2 or a multiple of 4");

            const double stepSeconds = bar / static_cast<double> (count);
            const auto perBeat = count / 4;

            for (std::size_t i = 0; i < count; ++i)
            {
                double t = start + b * bar + static_cast<double> (i) * stepSeconds;

                if ((perBeat == 2 || perBeat == 4) && i % 2 == 1)
                    t += (score.swing - 0.5) * 2.0 * stepSeconds;

                out.push_back ({ t, tokens[i], brightnessAt (section, start, t) });
            }
        }

        return out;
    }

    std::vector<Arranger::Segment> Arranger::segmentsOf (const std::vector<Step>& steps, double end)
    {
        std::vector<Segment> out;
        bool open = false;

        for (const auto& step : steps)
        {
            if (step.token == "-")
                continue;

            if (open)
                out.back().end = step.start;

            open = step.token != ".";

            if (open)
                out.push_back ({ step.start, end, step.token, step.brightness });
        }

        return out;
    }

    float Arranger::brightnessAt (const Section& section, double start, double t) const
    {
        const double x = std::clamp ((t - start) / (section.bars * score.barSeconds()), 0.0, 1.0);
        return static_cast<float> (section.brightStart * std::pow (section.brightEnd / section.brightStart, x));
    }

    const Arranger::ChordSpan& Arranger::chordAt (double t) const
    {
        const auto after = std::upper_bound (chords.begin(), chords.end(), t + 1.0e-6, [] (double time, const ChordSpan& span)
                                             { return time < span.start; });
        return after == chords.begin() ? chords.front() : *(after - 1);
    }

    int Arranger::bassPitch (char degree, double t, const Section& section) const
    {
        const auto& chord = chordAt (t).chord;
        const auto inRange = [this] (int pitchClass)
        { return score.bassFloor + ((pitchClass - score.bassFloor) % 12 + 12) % 12; };
        const int root = inRange (chord.root);

        switch (degree)
        {
            case '1':
                return inRange (chord.bass);
            case '3':
                return root + chord.third();
            case '5':
                return root + chord.fifth();
            case '7':
                return root + chord.seventh();
            case '8':
                return root + 12;
            case 'L':
                return root + chord.fifth() - 12;
            case 'a':
            {
                const auto& current = chordAt (t);
                const auto next = std::find_if (chords.begin(), chords.end(), [&] (const ChordSpan& span)
                                                { return span.start > current.start + 1.0e-6; });
                const int target = next == chords.end() ? inRange (current.chord.bass) : inRange (next->chord.bass);
                return target - 1;
            }
            default:
                throw std::runtime_error ("section \"" + section.name + "\": unknown bass step '" + std::string (1, degree) + "'");
        }
    }

    float Arranger::drumVelocity (char symbol, const Section& section) const
    {
        switch (symbol)
        {
            case 'X':
                return 1.0f;
            case 'x':
                return 0.8f;
            case 'o':
                return 0.55f;
            case ',':
                return 0.3f;
            case '.':
            case '-':
                return 0.0f;
            default:
                throw std::runtime_error ("section \"" + section.name + "\": unknown drum step '" + std::string (1, symbol) + "'");
        }
    }

    double Arranger::humanizeTime (double t)
    {
        return std::max (0.0, t + score.humanize * 0.007 * random.bipolar());
    }

    float Arranger::humanizeVelocity (float velocity)
    {
        return velocity * (1.0f + (0.04f + 0.1f * score.humanize) * random.bipolar());
    }

    void Arranger::addTone (const Segment& segment, int pitch, const Patch& patch, Part part, float velocity)
    {
        result.tones.push_back ({ humanizeTime (segment.start), segment.end - segment.start, pitch, velocity, 0.0f, segment.brightness, &patch, part });
    }

    void Arranger::addChord (const Chord& chord, double start, double length, const Patch& patch, Part part, float brightness, float velocity)
    {
        const auto notes = chord.voicing (score.padCentre);
        const float perNote = velocity / std::sqrt (static_cast<float> (notes.size()) / 3.0f);

        for (std::size_t i = 0; i < notes.size(); ++i)
        {
            const double offset = patch.strum * static_cast<double> (i);
            result.tones.push_back ({ start + offset, std::max (0.05, length - offset), notes[i], perNote, 0.0f, brightness, &patch, part });
        }
    }
} // namespace earshot::demo
