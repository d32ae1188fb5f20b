#include "PlayerBar.h"

#include "CoverTile.h"
#include "EarshotLookAndFeel.h"
#include "Formatting.h"

namespace earshot
{
    namespace
    {
        using Palette = EarshotLookAndFeel::Palette;

        const juce::String dot (juce::CharPointer_UTF8 (" \xc2\xb7 "));

        juce::String clock (double seconds)
        {
            const auto whole = static_cast<int> (std::max (0.0, seconds));
            return juce::String (whole / 60) + ":" + juce::String (whole % 60).paddedLeft ('0', 2);
        }
    } // namespace

    PlayerBar::PlayerBar()
    {
        wave.setInterceptsMouseClicks (false, false);
        addAndMakeVisible (wave);
        map.onSeek = [this] (double fraction)
        { seekToFraction (fraction); };
        addAndMakeVisible (map);

        EarshotLookAndFeel::setIconImages (playPause, EarshotLookAndFeel::Icon::play);
        playPause.setTooltip ("Play or pause");
        playPause.onClick = [this]
        { if (onPlayPause) onPlayPause(); };
        addAndMakeVisible (playPause);

        EarshotLookAndFeel::setIconImages (stop, EarshotLookAndFeel::Icon::stop);
        stop.setTooltip ("Stop");
        stop.onClick = [this]
        { if (onStop) onStop(); };
        addAndMakeVisible (stop);

        volume.setRange (0.0, 1.5, 0.01);
        volume.setValue (1.0, juce::dontSendNotification);
        volume.setDoubleClickReturnValue (true, 1.0);
        volume.onValueChange = [this]
        { if (onVolumeChange) onVolumeChange (static_cast<float> (volume.getValue())); };
        addAndMakeVisible (volume);
    }

    PlayerBar::~PlayerBar()
    {
        if (covers != nullptr)
            covers->removeChangeListener (this);
    }

    void PlayerBar::setCovers (TrackCovers* cache)
    {
        if (covers != nullptr)
            covers->removeChangeListener (this);
        covers = cache;
        if (covers != nullptr)
            covers->addChangeListener (this);
    }

    void PlayerBar::changeListenerCallback (juce::ChangeBroadcaster*)
    {
        repaint (titleArea);
    }

    juce::Rectangle<int> PlayerBar::coverBounds() const
    {
        if (current.title.isEmpty())
            return {};
        return titleArea.withWidth (titleArea.getHeight());
    }

    void PlayerBar::setModel (Model newModel)
    {
        current = std::move (newModel);

        const auto duration = current.durationSeconds;
        const auto position = duration > 0.0 ? current.positionSeconds / duration : 0.0;
        const auto bufferedTo = duration > 0.0 ? (current.positionSeconds + current.bufferedSeconds) / duration : 0.0;
        map.setModel ({ current.status, position, bufferedTo });
        wave.setPeaks (current.peaks);
        wave.setPosition (position);

        if (! volume.isMouseButtonDown())
            volume.setValue (current.volume, juce::dontSendNotification);

        if (showsPause() != pauseIconShown)
        {
            pauseIconShown = showsPause();
            EarshotLookAndFeel::setIconImages (playPause, pauseIconShown ? EarshotLookAndFeel::Icon::pause : EarshotLookAndFeel::Icon::play);
        }
        repaint();
    }

    juce::String PlayerBar::stateLine (PlayerState state, double bufferedSeconds, const TrackStatus& status, const juce::String& failureReason)
    {
        if (state == PlayerState::failed)
            return "Failed: " + (failureReason.isNotEmpty() ? failureReason : juce::String ("the player stopped without a reason"));
        if (state == PlayerState::idle)
            return "Nothing playing";

        const auto swarm = dot + juce::String (status.peers) + (status.peers == 1 ? " peer" : " peers") + dot + formatting::rate (status.downloadRate);
        switch (state)
        {
            case PlayerState::connecting:
                return "Connecting" + swarm;
            case PlayerState::ended:
                return "Ended" + swarm;
            case PlayerState::buffering:
            case PlayerState::playing:
            case PlayerState::starving:
            case PlayerState::paused:
                break;
            case PlayerState::idle:
            case PlayerState::failed:
                return {};
        }
        const juce::String name = state == PlayerState::buffering ? "Buffering" : state == PlayerState::playing ? "Playing"
                                                                              : state == PlayerState::starving  ? "Starving"
                                                                                                                : "Paused";
        return name + " " + juce::String (std::max (0.0, bufferedSeconds), 1) + " s" + swarm;
    }

    juce::String PlayerBar::stateText() const
    {
        return stateLine (current.state, current.bufferedSeconds, current.status, current.failureReason);
    }

    bool PlayerBar::showsPause() const noexcept
    {
        switch (current.state)
        {
            case PlayerState::connecting:
            case PlayerState::buffering:
            case PlayerState::playing:
            case PlayerState::starving:
                return true;
            case PlayerState::idle:
            case PlayerState::paused:
            case PlayerState::ended:
            case PlayerState::failed:
                return false;
        }
        return false;
    }

    void PlayerBar::seekToFraction (double fraction)
    {
        if (onSeek && current.durationSeconds > 0.0)
            onSeek (std::clamp (fraction, 0.0, 1.0) * current.durationSeconds);
    }

    void PlayerBar::mouseDown (const juce::MouseEvent& event)
    {
        if (wave.getBounds().contains (event.getPosition()) && wave.getWidth() > 0)
            seekToFraction ((event.position.x - static_cast<float> (wave.getX())) / static_cast<double> (wave.getWidth()));
    }

    void PlayerBar::paint (juce::Graphics& g)
    {
        g.fillAll (juce::Colour (Palette::sidebar));
        g.setColour (juce::Colour (Palette::outline));
        g.fillRect (0, 0, getWidth(), 1);

        // What is playing.
        auto title = titleArea;
        if (const auto cover = coverBounds(); ! cover.isEmpty())
        {
            const auto image = covers != nullptr ? covers->find (current.trackId) : juce::Image();
            coverTile::paint (g, cover.toFloat(), image, current.title, current.title + current.artist, 5.0f);
            title.removeFromLeft (cover.getWidth() + 10);
        }
        g.setColour (juce::Colour (Palette::text));
        g.setFont (EarshotLookAndFeel::font (15.5f, true));
        g.drawText (current.title.isNotEmpty() ? current.title : juce::String ("Earshot"), title.removeFromTop (title.getHeight() / 2), juce::Justification::bottomLeft, true);
        g.setColour (juce::Colour (Palette::textDim));
        g.setFont (EarshotLookAndFeel::font (13.5f));
        g.drawText (current.title.isNotEmpty() ? current.artist : juce::String ("Pick a track to play"), title.withTrimmedTop (2), juce::Justification::topLeft, true);

        // The state line, coloured by how it is going.
        const auto stateColour = [this]
        {
            switch (current.state)
            {
                case PlayerState::playing:
                    return juce::Colour (Palette::positive);
                case PlayerState::starving:
                case PlayerState::buffering:
                case PlayerState::connecting:
                    return juce::Colour (Palette::warning);
                case PlayerState::failed:
                    return juce::Colour (Palette::danger);
                case PlayerState::idle:
                case PlayerState::paused:
                case PlayerState::ended:
                    break;
            }
            return juce::Colour (Palette::textDim);
        }();
        auto state = stateArea;
        g.setColour (stateColour);
        g.fillEllipse (state.removeFromLeft (14).withSizeKeepingCentre (7, 7).toFloat());
        g.setColour (juce::Colour (Palette::textDim));
        g.setFont (EarshotLookAndFeel::font (13.0f));
        g.drawFittedText (stateText(), state, juce::Justification::centredLeft, 2, 0.9f);

        // Position and length.
        g.setFont (EarshotLookAndFeel::font (12.0f));
        g.setColour (juce::Colour (Palette::textFaint));
        g.drawText (clock (current.positionSeconds), timeArea, juce::Justification::centredLeft);
        g.drawText (current.durationSeconds > 0.0 ? clock (current.durationSeconds) : juce::String ("-:--"), timeArea, juce::Justification::centredRight);

        if (auto icon = EarshotLookAndFeel::createIcon (EarshotLookAndFeel::Icon::volume, juce::Colour (Palette::textDim)))
            icon->drawWithin (g, volumeIconArea.toFloat(), juce::RectanglePlacement::centred, 1.0f);
    }

    void PlayerBar::resized()
    {
        auto area = getLocalBounds().reduced (16, 8);
        auto seek = area.removeFromTop (46);
        map.setBounds (seek.removeFromBottom (16)); // tall enough for the availability strip to show
        wave.setBounds (seek.withTrimmedBottom (2));
        timeArea = area.removeFromTop (16);

        auto controls = area;
        const int side = juce::jmax (150, (controls.getWidth() - 100) / 2);
        titleArea = controls.removeFromLeft (side).reduced (0, 2);
        auto right = controls.removeFromRight (side);
        auto transport = controls.withSizeKeepingCentre (juce::jmin (controls.getWidth(), 88), juce::jmin (36, controls.getHeight()));
        stop.setBounds (transport.removeFromLeft (36).reduced (9));
        transport.removeFromLeft (8);
        playPause.setBounds (transport.removeFromLeft (36).reduced (4));

        auto volumeArea = right.removeFromRight (juce::jmin (130, right.getWidth() / 3));
        volumeIconArea = volumeArea.removeFromLeft (20).withSizeKeepingCentre (16, 16);
        volume.setBounds (volumeArea.withSizeKeepingCentre (volumeArea.getWidth(), 20));
        stateArea = right.withTrimmedRight (8);
    }
} // namespace earshot
