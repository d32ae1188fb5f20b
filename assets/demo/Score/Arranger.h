#pragma once

#include "Score/Chord.h"
#include "Score/Score.h"
#include "Synth/Drums.h"
#include "Synth/Patch.h"
#include "Synth/Random.h"
#include "Synth/Textures.h"

#include <cstddef>
#include <string>
#include <vector>

namespace earshot::demo
{
    /** Turns a score into tones, drum hits and risers with absolute times. Its humanizing is seeded
        by the track number, so the same score always arranges the same way. */
    class Arranger final
    {
    public:
        struct Result
        {
            std::vector<Tone> tones;
            std::vector<Hit> hits;
            std::vector<Riser> risers;
            double musicSeconds = 0.0;
        };

        /** The score must outlive the arranger and the result (tones point at its patches). */
        explicit Arranger (const TrackScore& scoreToArrange);

        /** Arranges the whole score; call once. */
        Result arrange();

    private:
        struct ChordSpan
        {
            double start, end;
            Chord chord;
        };

        struct Step
        {
            double start;
            std::string token;
            float brightness;
        };

        struct Segment
        {
            double start, end;
            std::string token;
            float brightness;
        };

        const TrackScore& score;
        Random random;
        Result result;
        std::vector<ChordSpan> chords;

        void addChords (const Section& section, double start);
        void arrangeSection (const Section& section, double start, std::size_t firstChord, std::size_t endChord);

        [[nodiscard]] static std::vector<std::string> splitBars (const std::string& text);
        [[nodiscard]] static std::vector<std::string> words (const std::string& text);

        /** Lays a pattern out over a section, with swing on the off-steps of 8th and 16th grids. */
        [[nodiscard]] std::vector<Step> steps (const Section& section, double start, const std::string& pattern, bool spaced) const;

        /** Joins held steps into notes. */
        [[nodiscard]] static std::vector<Segment> segmentsOf (const std::vector<Step>& steps, double end);

        [[nodiscard]] float brightnessAt (const Section& section, double start, double t) const;
        [[nodiscard]] const ChordSpan& chordAt (double t) const;
        [[nodiscard]] int bassPitch (char degree, double t, const Section& section) const;
        [[nodiscard]] float drumVelocity (char symbol, const Section& section) const;

        double humanizeTime (double t);
        float humanizeVelocity (float velocity);
        void addTone (const Segment& segment, int pitch, const Patch& patch, Part part, float velocity);
        void addChord (const Chord& chord, double start, double length, const Patch& patch, Part part, float brightness, float velocity);
    };
} // namespace earshot::demo
