#include "CoverTile.h"

#include "EarshotLookAndFeel.h"

namespace earshot::coverTile
{
    juce::Colour colourFor (const juce::String& seed)
    {
        const auto hash = static_cast<juce::uint32> (seed.hashCode());
        return juce::Colour::fromHSV (static_cast<float> (hash % 360) / 360.0f, 0.55f, 0.62f, 1.0f);
    }

    void paint (juce::Graphics& g, juce::Rectangle<float> area, const juce::Image& cover, const juce::String& title, const juce::String& seed, float cornerRadius)
    {
        if (cover.isValid())
        {
            juce::Graphics::ScopedSaveState state (g);
            juce::Path rounded;
            rounded.addRoundedRectangle (area, cornerRadius);
            g.reduceClipRegion (rounded);
            // drawImage takes the opacity of the context's colour, which whatever painted before
            // (a row's translucent background) may have left below 1.
            g.setOpacity (1.0f);
            g.drawImage (cover, area, juce::RectanglePlacement::centred | juce::RectanglePlacement::fillDestination);
            return;
        }

        const auto colour = colourFor (seed);
        g.setGradientFill (juce::ColourGradient (colour.brighter (0.25f), area.getTopLeft(), colour.darker (0.9f), area.getBottomRight(), false));
        g.fillRoundedRectangle (area, cornerRadius);
        g.setColour (juce::Colours::white.withAlpha (0.85f));
        g.setFont (EarshotLookAndFeel::font (area.getHeight() * 0.42f, true));
        g.drawText (title.substring (0, 1).toUpperCase(), area.reduced (area.getWidth() * 0.09f), juce::Justification::bottomLeft);
    }
} // namespace earshot::coverTile
