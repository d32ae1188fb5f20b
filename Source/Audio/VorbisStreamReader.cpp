#include "VorbisStreamReader.h"

#include <vorbis/vorbisfile.h>

#include <algorithm>
#include <cstring>

namespace earshot
{
    namespace
    {
        size_t readFromStream (void* buffer, size_t size, size_t count, void* source)
        {
            auto* stream = static_cast<juce::InputStream*> (source);
            const auto wanted = static_cast<int> (std::min<size_t> (size * count, 1 << 20));
            const auto got = stream->read (buffer, wanted);
            return got > 0 ? static_cast<size_t> (got) / size : 0;
        }

        /** A stream may fail (a hole in the pages) this many times in a row before the reader gives up. */
        constexpr int maxHolesInARow = 64;
    } // namespace

    struct VorbisStreamReader::State
    {
        OggVorbis_File file {};
        float** pcm = nullptr; ///< the last block vorbisfile decoded
        int pcmFrames = 0;
        int pcmUsed = 0;
        juce::int64 pcmStart = 0; ///< the track sample pcm[.][0] stands for
        bool positionKnown = false;
        std::uint64_t firstSample = 0;
    };

    VorbisStreamReader::VorbisStreamReader (juce::InputStream* inputToOwn, std::uint64_t totalSamples, std::uint64_t firstSample)
        : juce::AudioFormatReader (inputToOwn, "Ogg Vorbis stream")
        , state (std::make_unique<State>())
    {
        state->firstSample = firstSample;
        state->positionKnown = firstSample == 0;
        ov_callbacks callbacks { readFromStream, nullptr, nullptr, nullptr };
        if (ov_open_callbacks (input, &state->file, nullptr, 0, callbacks) != 0)
            return;
        const auto* info = ov_info (&state->file, -1);
        if (info == nullptr || info->rate <= 0 || info->channels <= 0)
        {
            ov_clear (&state->file);
            return;
        }
        opened = true;
        sampleRate = static_cast<double> (info->rate);
        numChannels = static_cast<unsigned int> (info->channels);
        bitsPerSample = 32;
        usesFloatingPointData = true;
        lengthInSamples = static_cast<juce::int64> (totalSamples);
    }

    VorbisStreamReader::~VorbisStreamReader()
    {
        if (opened)
            ov_clear (&state->file);
    }

    bool VorbisStreamReader::decodeMore()
    {
        for (int holes = 0; holes < maxHolesInARow; ++holes)
        {
            const auto before = ov_pcm_tell (&state->file);
            int section = 0;
            const auto frames = ov_read_float (&state->file, &state->pcm, 4096, &section);
            if (frames == OV_HOLE)
                continue; // the splice, or a page lost: vorbisfile goes on with the next packet
            if (frames <= 0)
                return false;
            const auto after = ov_pcm_tell (&state->file);
            // vorbisfile learns where its audio is when a page's last packet gives the granule:
            // its position then jumps from a count of what it returned to the real one. What it
            // returned before comes ahead of the page the stream was spliced at, so ahead of any
            // sample asked for.
            if (! state->positionKnown && (after != before + frames || after >= static_cast<juce::int64> (state->firstSample)))
                state->positionKnown = true;
            if (! state->positionKnown)
                continue;
            state->pcmFrames = static_cast<int> (frames);
            state->pcmUsed = 0;
            state->pcmStart = after - frames;
            return true;
        }
        return false;
    }

    bool VorbisStreamReader::hasMoreAudio()
    {
        if (! opened)
            return false;
        while (state->pcmUsed >= state->pcmFrames && ! ended)
            if (! decodeMore())
                ended = true;
        return state->pcmUsed < state->pcmFrames;
    }

    bool VorbisStreamReader::readSamples (int* const* destChannels, int numDestChannels, int startOffsetInDestBuffer, juce::int64 startSampleInFile, int numSamples)
    {
        auto at = startSampleInFile;
        int written = 0;
        while (written < numSamples && opened && ! ended)
        {
            const auto pcmPosition = state->pcmStart + state->pcmUsed;
            const auto available = state->pcmFrames - state->pcmUsed;
            if (available <= 0)
            {
                if (! decodeMore())
                    ended = true;
                continue;
            }
            if (pcmPosition < at)
            {
                // Decoded audio before the read position (after a splice): skipped.
                state->pcmUsed += static_cast<int> (std::min<juce::int64> (available, at - pcmPosition));
                continue;
            }
            if (pcmPosition > at)
                break; // asked for audio already passed: the caller made a reader for going back
            const auto take = std::min (available, numSamples - written);
            for (int channel = 0; channel < numDestChannels; ++channel)
                if (destChannels[channel] != nullptr)
                {
                    auto* dest = reinterpret_cast<float*> (destChannels[channel]) + startOffsetInDestBuffer + written;
                    if (channel < static_cast<int> (numChannels))
                        std::memcpy (dest, state->pcm[channel] + state->pcmUsed, sizeof (float) * static_cast<size_t> (take));
                    else
                        std::fill (dest, dest + take, 0.0f);
                }
            state->pcmUsed += take;
            written += take;
            at += take;
        }
        for (int channel = 0; channel < numDestChannels; ++channel)
            if (destChannels[channel] != nullptr && written < numSamples)
            {
                auto* dest = reinterpret_cast<float*> (destChannels[channel]) + startOffsetInDestBuffer + written;
                std::fill (dest, dest + (numSamples - written), 0.0f);
            }
        return true;
    }
} // namespace earshot
