// The look-and-feel's embedded assets: Inter (from Debian's fonts-inter) draws every character the
// UI shows, through JUCE's own FreeType loader, and each icon in assets/icons is drawn in the colour
// asked for.

#include "UI/EarshotLookAndFeel.h"
#include "UiTestSupport.h"

#include <gtest/gtest.h>

using namespace earshot;
using namespace earshot::testing;

TEST (EarshotLookAndFeel, TheEmbeddedTypefaceDrawsEveryCharacterTheUiShows)
{
    juce::ScopedJuceInitialiser_GUI juce;
    EarshotLookAndFeel lookAndFeel;

    // ASCII, and the punctuation the UI writes: · — … “ ” ’ and the Latin-1 letters of names.
    juce::String characters;
    for (juce::juce_wchar c = 33; c < 127; ++c)
        characters << juce::String::charToString (c);
    characters << juce::String (juce::CharPointer_UTF8 ("\xc2\xb7\xe2\x80\x94\xe2\x80\xa6\xe2\x80\x9c\xe2\x80\x9d\xe2\x80\x99\xc3\xa9\xc3\xb6\xc3\xb1"));

    for (const bool semiBold : { false, true })
    {
        const auto typeface = EarshotLookAndFeel::typeface (semiBold);
        ASSERT_NE (typeface, nullptr);
        EXPECT_EQ (typeface->getName(), "Inter");
        for (const auto c : characters)
        {
            juce::Array<int> glyphs;
            juce::Array<float> offsets;
            typeface->getGlyphPositions (juce::String::charToString (c), glyphs, offsets);
            ASSERT_EQ (glyphs.size(), 1) << static_cast<int> (c);
            juce::Path outline;
            EXPECT_TRUE (typeface->getOutlineForGlyph (glyphs[0], outline) && ! outline.isEmpty())
                << "no outline for U+" << juce::String::toHexString (static_cast<int> (c)).toStdString() << (semiBold ? " (semi-bold)" : "");
        }
    }

    // Semi-bold is heavier: the same word covers more pixels.
    const auto inkOf = [] (bool semiBold)
    {
        juce::Image image (juce::Image::ARGB, 300, 60, true);
        juce::Graphics g (image);
        g.setColour (juce::Colours::white);
        g.setFont (EarshotLookAndFeel::font (32.0f, semiBold));
        g.drawText ("Earshot 0.4 s", image.getBounds(), juce::Justification::centredLeft);
        double ink = 0;
        for (int y = 0; y < image.getHeight(); ++y)
            for (int x = 0; x < image.getWidth(); ++x)
                ink += image.getPixelAt (x, y).getFloatAlpha();
        return ink;
    };
    EXPECT_GT (inkOf (false), 500.0);
    EXPECT_GT (inkOf (true), inkOf (false) * 1.1);
}

TEST (EarshotLookAndFeel, EveryIconIsDrawnFromItsSvgInTheColourAsked)
{
    juce::ScopedJuceInitialiser_GUI juce;
    using Icon = EarshotLookAndFeel::Icon;
    const juce::Colour colour (EarshotLookAndFeel::Palette::accentBright);

    juce::Image sheet (juce::Image::ARGB, 10 * 56, 56, true);
    int index = 0;
    for (const auto icon : { Icon::play, Icon::pause, Icon::stop, Icon::volume, Icon::pass, Icon::inbox, Icon::friends, Icon::library, Icon::discover, Icon::search, Icon::news, Icon::settings })
    {
        SCOPED_TRACE (EarshotLookAndFeel::fileNameOf (icon));
        const auto drawable = EarshotLookAndFeel::createIcon (icon, colour);
        ASSERT_NE (drawable, nullptr);

        juce::Image image (juce::Image::ARGB, 48, 48, true);
        {
            juce::Graphics g (image);
            drawable->drawWithin (g, image.getBounds().toFloat(), juce::RectanglePlacement::centred, 1.0f);
        }
        // Some of the square is covered, not all of it, and fully covered pixels are the colour.
        int covered = 0, solid = 0;
        for (int y = 0; y < 48; ++y)
            for (int x = 0; x < 48; ++x)
            {
                const auto pixel = image.getPixelAt (x, y);
                covered += pixel.getAlpha() > 0 ? 1 : 0;
                if (pixel.getAlpha() == 255)
                {
                    ++solid;
                    EXPECT_EQ (pixel.getARGB(), colour.getARGB());
                }
            }
        EXPECT_GT (solid, 48 * 48 / 20);
        EXPECT_LT (covered, 48 * 48 * 9 / 10);

        juce::Graphics g (sheet);
        g.drawImageAt (image, 4 + 56 * index++, 4);
    }
    savePng (sheet, "icons");
}
