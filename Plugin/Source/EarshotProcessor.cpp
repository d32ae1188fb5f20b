#include "EarshotProcessor.h"
#include "EarshotEditor.h"

#include "Core/DefaultLocations.h"
#include "Core/MusicalKey.h"
#include "Core/QuoteInput.h"

#include <cmath>

namespace earshot
{
    namespace
    {
        constexpr float silentDecibels = -48.0f;
        const juce::Identifier stateType ("EarshotPlugin");
        const juce::Identifier trackProperty ("track");
        const juce::Identifier syncProperty ("syncToHost");
        const juce::Identifier keyProperty ("sessionKey");
        const juce::Identifier loopStartProperty ("loopStart");
        const juce::Identifier loopEndProperty ("loopEnd");

        /** Frames from the start of a block to the host's next bar (0 when the block starts on one);
            nothing when the play head gives no musical position. */
        std::optional<double> framesToNextBar (const juce::AudioPlayHead::PositionInfo& position, double sampleRate) noexcept
        {
            const auto ppq = position.getPpqPosition();
            const auto bpm = position.getBpm();
            if (! ppq || ! bpm || *bpm <= 0.0)
                return std::nullopt;
            const auto signature = position.getTimeSignature().orFallback (juce::AudioPlayHead::TimeSignature {});
            const double quartersPerBar = signature.denominator > 0 ? 4.0 * signature.numerator / signature.denominator : 4.0;
            if (quartersPerBar <= 0.0)
                return std::nullopt;
            const double barStart = position.getPpqPositionOfLastBarStart().orFallback (std::floor (*ppq / quartersPerBar) * quartersPerBar);
            // Within a hair of a bar line counts as on it: hosts' positions carry rounding.
            double sinceBar = std::fmod (*ppq - barStart, quartersPerBar);
            if (sinceBar < 0.0)
                sinceBar += quartersPerBar;
            const double quartersToBar = sinceBar < 1.0e-6 ? 0.0 : quartersPerBar - sinceBar;
            return quartersToBar * 60.0 / *bpm * sampleRate;
        }
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
        , loopRenderer (daemon->client())
    {
        volumeDecibels = state.getRawParameterValue (volumeId);
        playValue = state.getRawParameterValue (playId);
        pitchSemitones = state.getRawParameterValue (pitchId);
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
        layout.add (std::make_unique<juce::AudioParameterInt> (juce::ParameterID { pitchId, 1 }, "Pitch", -TempoStretcher::maxSemitones, TempoStretcher::maxSemitones, 0, juce::AudioParameterIntAttributes().withLabel ("st")));
        return layout;
    }

    float EarshotProcessor::gainForDecibels (float decibels) noexcept
    {
        return decibels <= silentDecibels ? 0.0f : juce::Decibels::decibelsToGain (decibels);
    }

    //==============================================================================
    void EarshotProcessor::prepareToPlay (double newSampleRate, int maximumExpectedSamplesPerBlock)
    {
        const int block = std::max (maximumExpectedSamplesPerBlock, 64);
        sampleRate = newSampleRate;
        previewPlayer.prepare (newSampleRate, block);
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
        juce::Optional<juce::AudioPlayHead::PositionInfo> position;
        if (auto* head = getPlayHead())
            position = head->getPosition();
        const bool hostPlaying = position && position->getIsPlaying();
        const double bpm = position ? position->getBpm().orFallback (0.0) : 0.0;
        double quartersPerBar = 4.0;
        if (position)
            if (const auto signature = position->getTimeSignature(); signature && signature->numerator > 0 && signature->denominator > 0)
                quartersPerBar = 4.0 * signature->numerator / signature->denominator;
        hostBpm.store (bpm > 0.0 ? bpm : 0.0);

        const bool syncing = sync.load();
        const bool wanted = syncing ? hostPlaying : playValue->load() >= 0.5f;
        playback.setWantPlaying (wanted);
        previewPlayer.setVolume (gainForDecibels (volumeDecibels->load()));
        previewPlayer.followTempo (syncing, bpm, quartersPerBar);
        previewPlayer.setPitchShift (std::round (pitchSemitones->load()));

        const int outputs = getTotalNumOutputChannels();
        for (int channel = getTotalNumInputChannels(); channel < outputs; ++channel)
            buffer.clear (channel, 0, buffer.getNumSamples());

        // In sync the preview starts on a bar: when the host starts, and when a track starts
        // buffering (a new one, or a seek) while the host plays.
        if (syncing && hostPlaying)
        {
            const auto playerState = previewPlayer.state();
            if (! hostWasPlaying || playerState == PlayerState::connecting || playerState == PlayerState::buffering)
                waitingForBar = true;
        }
        else
            waitingForBar = false;
        hostWasPlaying = syncing && hostPlaying;

        int startFrame = 0;
        if (waitingForBar)
        {
            // Once there is audio to start with: at the next bar line, this block or a later one.
            const bool ready = previewPlayer.readyToStart();
            const auto toBar = ready ? framesToNextBar (*position, sampleRate) : std::optional<double> {};
            const bool startsHere = ready && (! toBar || *toBar < buffer.getNumSamples());
            if (! startsHere)
            {
                previewPlayer.hold();
                return;
            }
            startFrame = toBar ? juce::jlimit (0, buffer.getNumSamples() - 1, static_cast<int> (std::llround (*toBar))) : 0;
            waitingForBar = false;
        }

        // The preview is added to what comes in; a block longer than the prepared one is done in parts.
        const int channels = std::min (outputs, scratch.getNumChannels());
        for (int done = startFrame; done < buffer.getNumSamples();)
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
        saved.setProperty (keyProperty, sessionKey(), nullptr);
        if (const auto region = loopRegion())
        {
            saved.setProperty (loopStartProperty, region->first, nullptr);
            saved.setProperty (loopEndProperty, region->second, nullptr);
        }
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
        // A key this version cannot read (hand-edited, or from a later one) leaves none picked.
        if (setSessionKey (restored.getProperty (keyProperty, {}).toString()).failed())
            (void) setSessionKey ({});
        selectTrack (restored.getProperty (trackProperty, {}).toString());
        setLoopRegion (restored.getProperty (loopStartProperty, 0.0), restored.getProperty (loopEndProperty, 0.0));
    }

    //==============================================================================
    void EarshotProcessor::selectTrack (const juce::String& trackId)
    {
        if (trackId == selectedTrack())
            return;
        setLoopRegion (0.0, 0.0); // a loop is a stretch of one track
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

    void EarshotProcessor::setLoopRegion (double startSeconds, double endSeconds)
    {
        std::optional<std::pair<double, double>> region;
        if (std::isfinite (startSeconds) && std::isfinite (endSeconds) && endSeconds > std::max (0.0, startSeconds))
            region = std::make_pair (std::max (0.0, startSeconds), endSeconds);
        {
            std::lock_guard lock (sessionMutex);
            if (loop == region)
                return;
            loop = region;
        }
        if (region)
            previewPlayer.setLoop (region->first, region->second);
        else
            previewPlayer.clearLoop();
    }

    std::optional<std::pair<double, double>> EarshotProcessor::loopRegion() const
    {
        std::lock_guard lock (sessionMutex);
        return loop;
    }

    std::optional<LoopRender::Request> EarshotProcessor::loopRenderRequest() const
    {
        const auto region = loopRegion();
        const auto track = selectedTrack();
        if (! region || track.isEmpty())
            return std::nullopt;
        LoopRender::Request request;
        request.trackId = track.toStdString();
        request.startSeconds = region->first;
        request.endSeconds = region->second;
        const bool stretching = previewPlayer.stretchStatus() == StretchStatus::stretching;
        request.speed = stretching ? previewPlayer.playbackSpeed() : 1.0;
        request.hostBpm = stretching ? hostTempo() : 0.0;
        request.semitones = std::round (pitchSemitones->load());
        request.sampleRate = getSampleRate() > 0.0 ? getSampleRate() : 48000.0;
        request.folder = defaultExportDirectory();
        return request;
    }

    juce::String EarshotProcessor::sessionKey() const
    {
        std::lock_guard lock (sessionMutex);
        return key;
    }

    juce::Result EarshotProcessor::setSessionKey (const juce::String& newKey)
    {
        juce::String name;
        if (newKey.trim().isNotEmpty())
        {
            const auto parsed = musicalKey::parse (newKey.toStdString());
            if (! parsed)
                return juce::Result::fail ("Not a musical key: " + quoteInput (newKey.toStdString()) + " (write it as C, F#m, Bb or A minor)");
            name = musicalKey::nameOf (*parsed);
        }
        std::lock_guard lock (sessionMutex);
        key = name;
        return juce::Result::ok();
    }

    std::optional<int> EarshotProcessor::proposedPitchShift() const
    {
        return musicalKey::proposedShift (previewPlayer.currentTrackKey(), sessionKey().toStdString());
    }

    juce::String EarshotProcessor::tempoStatus() const
    {
        const auto trackBpm = previewPlayer.trackTempo();
        const auto host = hostTempo();
        const auto bpmText = [] (double bpm)
        { return juce::String (bpm, bpm == std::round (bpm) ? 0 : 1) + " BPM"; };
        switch (previewPlayer.stretchStatus())
        {
            case StretchStatus::off:
                return syncToHost() ? juce::String ("Tempo: waiting for a track") : juce::String ("Tempo: the track's own (sync to host is off)");
            case StretchStatus::stretching:
                return "Tempo: " + bpmText (trackBpm) + " stretched to the host's " + bpmText (host);
            case StretchStatus::noHostTempo:
                return "Unstretched: the host reports no tempo";
            case StretchStatus::noTrackTempo:
                return "Unstretched: the track has no known BPM (no tag, and the daemon could not estimate one)";
            case StretchStatus::outOfRange:
                return "Unstretched: " + bpmText (trackBpm) + " to " + bpmText (host) + " is beyond "
                       + juce::String (TempoStretcher::slowestSpeed, 1) + "x.." + juce::String (TempoStretcher::fastestSpeed, 1) + "x of the track's speed";
        }
        return {};
    }
} // namespace earshot

juce::AudioProcessor* JUCE_CALLTYPE createPluginFilter()
{
    return new earshot::EarshotProcessor();
}
