#include "EarshotProcessor.h"
#include "EarshotEditor.h"

namespace earshot
{
    namespace
    {
        constexpr float silentDecibels = -48.0f;
        const juce::Identifier stateType ("EarshotPlugin");
        const juce::Identifier trackProperty ("track");
        const juce::Identifier syncProperty ("syncToHost");
    } // namespace

    EarshotProcessor::EarshotProcessor()
        : AudioProcessor (BusesProperties()
                              .withInput ("Input", juce::AudioChannelSet::stereo(), true)
                              .withOutput ("Output", juce::AudioChannelSet::stereo(), true))
        , previewPlayer (daemon->client())
        , playback (daemon->client(), previewPlayer, [this]
                    {
                        // A track is to play: the user asks for music, so the daemon may start now.
                        daemon->start();
                        return daemon->settled(); })
        , state (*this, nullptr, stateType, createLayout())
    {
        volumeDecibels = state.getRawParameterValue (volumeId);
        playValue = state.getRawParameterValue (playId);
        // In a host the preview is a source in a mix: its Volume parameter, which the host
        // automates and saves with the session, sets its level against the file's own, so no
        // loudness matching moves it from track to track.
        previewPlayer.setLoudnessMatching (false);
    }

    EarshotProcessor::~EarshotProcessor() = default;

    juce::AudioProcessorValueTreeState::ParameterLayout EarshotProcessor::createLayout()
    {
        juce::AudioProcessorValueTreeState::ParameterLayout layout;
        layout.add (std::make_unique<juce::AudioParameterFloat> (
            juce::ParameterID { volumeId, 1 },
            "Volume",
            juce::NormalisableRange<float> (silentDecibels, 6.0f, 0.1f, 2.0f),
            0.0f,
            juce::AudioParameterFloatAttributes().withLabel ("dB").withStringFromValueFunction ([] (float value, int)
                                                                                                { return value <= silentDecibels ? juce::String ("-inf") : juce::String (value, 1); })));
        layout.add (std::make_unique<juce::AudioParameterBool> (juce::ParameterID { playId, 1 }, "Play", false));
        return layout;
    }

    float EarshotProcessor::gainForDecibels (float decibels) noexcept
    {
        return decibels <= silentDecibels ? 0.0f : juce::Decibels::decibelsToGain (decibels);
    }

    //==============================================================================
    void EarshotProcessor::prepareToPlay (double sampleRate, int maximumExpectedSamplesPerBlock)
    {
        const int block = std::max (maximumExpectedSamplesPerBlock, 64);
        previewPlayer.prepare (sampleRate, block);
        scratch.setSize (2, block);
    }

    void EarshotProcessor::releaseResources() {}

    bool EarshotProcessor::isBusesLayoutSupported (const BusesLayout& layouts) const
    {
        const auto out = layouts.getMainOutputChannelSet();
        if (out != juce::AudioChannelSet::mono() && out != juce::AudioChannelSet::stereo())
            return false;
        const auto in = layouts.getMainInputChannelSet();
        return in.isDisabled() || in == out;
    }

    void EarshotProcessor::processBlock (juce::AudioBuffer<float>& buffer, juce::MidiBuffer&)
    {
        juce::ScopedNoDenormals noDenormals;

        // With sync on, the host's transport decides, block by block; otherwise the Play parameter.
        bool hostPlaying = false;
        if (auto* head = getPlayHead())
            if (const auto position = head->getPosition())
                hostPlaying = position->getIsPlaying();

        const bool wanted = sync.load() ? hostPlaying : playValue->load() >= 0.5f;
        playback.setWantPlaying (wanted);
        previewPlayer.setVolume (gainForDecibels (volumeDecibels->load()));

        const int outputs = getTotalNumOutputChannels();
        for (int channel = getTotalNumInputChannels(); channel < outputs; ++channel)
            buffer.clear (channel, 0, buffer.getNumSamples());

        // The preview is added to what comes in; a block longer than the prepared one is done in parts.
        const int channels = std::min (outputs, scratch.getNumChannels());
        for (int done = 0; done < buffer.getNumSamples();)
        {
            const int frames = std::min (buffer.getNumSamples() - done, scratch.getNumSamples());
            previewPlayer.render (scratch.getArrayOfWritePointers(), channels, frames);
            for (int channel = 0; channel < channels; ++channel)
                buffer.addFrom (channel, done, scratch, channel, 0, frames);
            done += frames;
        }
    }

    //==============================================================================
    juce::AudioProcessorEditor* EarshotProcessor::createEditor()
    {
        return new EarshotEditor (*this);
    }

    void EarshotProcessor::getStateInformation (juce::MemoryBlock& destData)
    {
        auto saved = state.copyState();
        saved.setProperty (trackProperty, selectedTrack(), nullptr);
        saved.setProperty (syncProperty, syncToHost(), nullptr);
        if (auto xml = saved.createXml())
            copyXmlToBinary (*xml, destData);
    }

    void EarshotProcessor::setStateInformation (const void* data, int sizeInBytes)
    {
        const auto xml = getXmlFromBinary (data, sizeInBytes);
        if (xml == nullptr || ! xml->hasTagName (stateType))
            return;
        const auto restored = juce::ValueTree::fromXml (*xml);
        state.replaceState (restored);
        setSyncToHost (restored.getProperty (syncProperty, false));
        selectTrack (restored.getProperty (trackProperty, {}).toString());
    }

    //==============================================================================
    void EarshotProcessor::selectTrack (const juce::String& trackId)
    {
        if (trackId != selectedTrack())
            playback.select (trackId.toStdString());
    }

    juce::String EarshotProcessor::selectedTrack() const
    {
        return playback.selected();
    }

    void EarshotProcessor::setSyncToHost (bool shouldSync)
    {
        sync.store (shouldSync);
    }
} // namespace earshot

juce::AudioProcessor* JUCE_CALLTYPE createPluginFilter()
{
    return new earshot::EarshotProcessor();
}
