#pragma once

#include <juce_audio_formats/juce_audio_formats.h>

#include <cstdint>
#include <memory>

namespace earshot
{
    /** Reads Ogg Vorbis front to back through libvorbisfile opened as on a pipe (no seek callback),
        so it never reads the file's last page: it opens once the header pages are here, where a
        seekable open (JUCE's reader) first waits for the tail to learn the length. The length comes
        from the track's seek index instead.

        It also reads a spliced stream (the header pages, then the pages from one a seek index
        names): the position of its audio is the Ogg granule position vorbisfile learns from the
        first page that completes a packet, and the audio decoded before that (before the page's
        granule, so before any sample a seek asks for) is dropped.

        Reads only forwards: a start before the read position gives silence (the decoder makes a
        new reader to go back). Used by one thread at a time. */
    class VorbisStreamReader final : public juce::AudioFormatReader
    {
    public:
        /** Takes ownership of input. firstSample: the granule position of the first page after
            the headers when the stream is spliced, 0 when it is the whole file. valid() says
            whether the headers were read. */
        VorbisStreamReader (juce::InputStream* input, std::uint64_t totalSamples, std::uint64_t firstSample);
        ~VorbisStreamReader() override;

        /** True when the stream began with Vorbis headers. */
        [[nodiscard]] bool valid() const noexcept { return opened; }

        /** Whether the stream holds audio after what has been read so far (decoding the next
            packets to find out, when none is decoded yet): the index's length is the publisher's
            word, and audio beyond it is not to be cut off. */
        [[nodiscard]] bool hasMoreAudio();

        bool readSamples (int* const* destChannels, int numDestChannels, int startOffsetInDestBuffer, juce::int64 startSampleInFile, int numSamples) override;

    private:
        struct State;
        bool decodeMore();

        std::unique_ptr<State> state;
        bool opened = false;
        bool ended = false;

        JUCE_DECLARE_NON_COPYABLE (VorbisStreamReader)
    };
} // namespace earshot
