#pragma once

#include <juce_gui_basics/juce_gui_basics.h>

namespace earshot::coverTile
{
    /** A colour of its own for each track (the same on every machine), for its letter tile. */
    [[nodiscard]] juce::Colour colourFor (const juce::String& seed);

    /** Draws a track's cover in area: the cover image cropped to fill it when there is one, else
        the letter tile (the title's initial, large, on a gradient of colourFor (seed)) that stands
        for a track without cover art. */
    void paint (juce::Graphics& g, juce::Rectangle<float> area, const juce::Image& cover, const juce::String& title, const juce::String& seed, float cornerRadius);
} // namespace earshot::coverTile
