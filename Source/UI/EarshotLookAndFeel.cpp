#include "EarshotLookAndFeel.h"

#include "EarshotAssets.h"

#include <map>

namespace earshot
{
    /** Loaded once while any look-and-feel (or font() call) needs them. */
    struct EarshotLookAndFeel::Typefaces
    {
        Typefaces()
            : regular (load ("Inter-Regular.otf")), semiBold (load ("Inter-SemiBold.otf"))
        {
        }

        static juce::Typeface::Ptr load (const char* fileName)
        {
            int size = 0;
            const auto* data = EarshotAssets::getNamedResource (mangle (fileName).toRawUTF8(), size);
            jassert (data != nullptr);
            return juce::Typeface::createSystemTypefaceFor (data, static_cast<std::size_t> (size));
        }

        /** juceaide's resource name for a file: letters and digits, '.' as '_'. */
        static juce::String mangle (const juce::String& fileName)
        {
            juce::String name;
            for (const auto c : fileName)
            {
                if (juce::CharacterFunctions::isLetterOrDigit (c))
                    name << juce::String::charToString (c);
                else if (c == '.')
                    name << "_";
            }
            return name;
        }

        juce::Typeface::Ptr regular, semiBold;
    };

    /** Each icon's SVG, parsed once while a look-and-feel lives (paint() asks for icons many times a second). */
    struct EarshotLookAndFeel::IconCache
    {
        std::map<EarshotLookAndFeel::Icon, std::unique_ptr<juce::Drawable>> parsed;
    };

    EarshotLookAndFeel::EarshotLookAndFeel()
    {
        using P = Palette;
        const auto c = [] (juce::uint32 argb)
        { return juce::Colour (argb); };

        setColourScheme ({ c (P::background), // windowBackground
                           c (P::surface), // widgetBackground
                           c (P::surfaceRaised), // menuBackground
                           c (P::outline), // outline
                           c (P::text), // defaultText
                           c (P::surfaceRaised), // defaultFill
                           c (P::text), // highlightedText
                           c (P::accent), // highlightedFill
                           c (P::text) }); // menuText

        setColour (juce::ResizableWindow::backgroundColourId, c (P::background));
        setColour (juce::TextButton::buttonColourId, c (P::surfaceRaised));
        setColour (juce::TextButton::buttonOnColourId, c (P::accent));
        setColour (juce::TextButton::textColourOffId, c (P::text));
        setColour (juce::TextButton::textColourOnId, c (P::text));
        setColour (juce::Label::textColourId, c (P::text));
        setColour (juce::TextEditor::backgroundColourId, c (P::surface));
        setColour (juce::TextEditor::textColourId, c (P::text));
        setColour (juce::TextEditor::highlightColourId, c (P::accent).withAlpha (0.4f));
        setColour (juce::TextEditor::outlineColourId, c (P::outline));
        setColour (juce::TextEditor::focusedOutlineColourId, c (P::accent));
        setColour (juce::CaretComponent::caretColourId, c (P::accentBright));
        setColour (juce::ListBox::backgroundColourId, c (P::background));
        setColour (juce::ListBox::outlineColourId, juce::Colours::transparentBlack);
        setColour (juce::TableHeaderComponent::backgroundColourId, c (P::background));
        setColour (juce::TableHeaderComponent::textColourId, c (P::textDim));
        setColour (juce::TableHeaderComponent::outlineColourId, c (P::outline));
        setColour (juce::TableHeaderComponent::highlightColourId, c (P::surface));
        setColour (juce::Slider::thumbColourId, c (P::text));
        setColour (juce::Slider::trackColourId, c (P::accent));
        setColour (juce::Slider::backgroundColourId, c (P::outline));
        setColour (juce::ComboBox::backgroundColourId, c (P::surface));
        setColour (juce::ComboBox::outlineColourId, c (P::outline));
        setColour (juce::ComboBox::textColourId, c (P::text));
        setColour (juce::ComboBox::arrowColourId, c (P::textDim));
        setColour (juce::PopupMenu::backgroundColourId, c (P::surfaceRaised));
        setColour (juce::PopupMenu::highlightedBackgroundColourId, c (P::accent));
        setColour (juce::PopupMenu::textColourId, c (P::text));
        setColour (juce::ScrollBar::thumbColourId, c (P::outline));
    }

    EarshotLookAndFeel::~EarshotLookAndFeel() = default;

    juce::Typeface::Ptr EarshotLookAndFeel::typeface (bool semiBold)
    {
        const juce::SharedResourcePointer<Typefaces> shared;
        return semiBold ? shared->semiBold : shared->regular;
    }

    void EarshotLookAndFeel::drawDialogCard (juce::Graphics& g, juce::Rectangle<int> bounds)
    {
        g.setColour (juce::Colour (Palette::surfaceRaised));
        g.fillRoundedRectangle (bounds.toFloat(), 12.0f);
        g.setColour (juce::Colour (Palette::outline));
        g.drawRoundedRectangle (bounds.toFloat().reduced (0.5f), 12.0f, 1.0f);
    }

    juce::Font EarshotLookAndFeel::font (float height, bool semiBold)
    {
        return juce::Font (typeface (semiBold)).withHeight (height);
    }

    const char* EarshotLookAndFeel::fileNameOf (Icon icon) noexcept
    {
        switch (icon)
        {
            case Icon::play:
                return "play.svg";
            case Icon::pause:
                return "pause.svg";
            case Icon::stop:
                return "stop.svg";
            case Icon::volume:
                return "volume.svg";
            case Icon::pass:
                return "pass.svg";
            case Icon::inbox:
                return "inbox.svg";
            case Icon::friends:
                return "friends.svg";
            case Icon::library:
                return "library.svg";
            case Icon::discover:
                return "discover.svg";
            case Icon::search:
                return "search.svg";
            case Icon::news:
                return "news.svg";
            case Icon::settings:
                return "settings.svg";
        }
        return "play.svg";
    }

    std::unique_ptr<juce::Drawable> EarshotLookAndFeel::createIcon (Icon icon, juce::Colour colour)
    {
        const juce::SharedResourcePointer<IconCache> cache;
        auto& parsed = cache->parsed[icon];
        if (parsed == nullptr)
        {
            int size = 0;
            const auto* data = EarshotAssets::getNamedResource (Typefaces::mangle (fileNameOf (icon)).toRawUTF8(), size);
            jassert (data != nullptr);
            parsed = juce::Drawable::createFromImageData (data, static_cast<std::size_t> (size));
            if (parsed == nullptr)
                return nullptr;

            // drawWithin() fits a drawable's painted bounds, which would blow a small stop square up to
            // the size of a wide volume icon: an invisible frame over the SVG's viewBox keeps every icon
            // at the same scale. The composite owns its children and deletes them.
            if (auto* composite = dynamic_cast<juce::DrawableComposite*> (parsed.get()))
            {
                auto frame = std::make_unique<juce::DrawableRectangle>();
                frame->setRectangle (juce::Parallelogram<float> (composite->getContentArea()));
                frame->setFill (juce::Colours::transparentBlack);
                composite->addAndMakeVisible (frame.release());
            }
        }
        auto drawable = parsed->createCopy();
        drawable->replaceColour (juce::Colours::black, colour);
        return drawable;
    }

    void EarshotLookAndFeel::setIconImages (juce::DrawableButton& button, Icon icon)
    {
        const auto normal = createIcon (icon, juce::Colour (Palette::textDim));
        const auto over = createIcon (icon, juce::Colour (Palette::text));
        const auto down = createIcon (icon, juce::Colour (Palette::accentBright));
        button.setImages (normal.get(), over.get(), down.get());
    }

    //==============================================================================
    juce::Typeface::Ptr EarshotLookAndFeel::getTypefaceForFont (const juce::Font& f)
    {
        if (f.getTypefaceName() == juce::Font::getDefaultSansSerifFontName())
            return f.isBold() ? typefaces->semiBold : typefaces->regular;
        return LookAndFeel_V4::getTypefaceForFont (f);
    }

    juce::Font EarshotLookAndFeel::getLabelFont (juce::Label& label)
    {
        const auto requested = label.getFont();
        return font (requested.getHeight(), requested.isBold());
    }

    juce::Font EarshotLookAndFeel::getTextButtonFont (juce::TextButton&, int buttonHeight)
    {
        return font (juce::jmin (15.0f, static_cast<float> (buttonHeight) * 0.5f), true);
    }

    juce::Font EarshotLookAndFeel::getComboBoxFont (juce::ComboBox& box)
    {
        return font (juce::jmin (15.0f, static_cast<float> (box.getHeight()) * 0.5f));
    }

    juce::Font EarshotLookAndFeel::getPopupMenuFont() { return font (15.0f); }
    juce::Font EarshotLookAndFeel::getAlertWindowMessageFont() { return font (15.0f); }
    juce::Font EarshotLookAndFeel::getAlertWindowTitleFont() { return font (18.0f, true); }

    void EarshotLookAndFeel::drawButtonBackground (juce::Graphics& g, juce::Button& button, const juce::Colour& backgroundColour, bool highlighted, bool down)
    {
        const auto bounds = button.getLocalBounds().toFloat().reduced (0.5f);
        auto colour = backgroundColour.withMultipliedAlpha (button.isEnabled() ? 1.0f : 0.5f);
        if (down)
            colour = colour.brighter (0.2f);
        else if (highlighted)
            colour = colour.brighter (0.1f);
        g.setColour (colour);
        g.fillRoundedRectangle (bounds, juce::jmin (8.0f, bounds.getHeight() / 2.0f));
    }

    void EarshotLookAndFeel::drawTableHeaderBackground (juce::Graphics& g, juce::TableHeaderComponent& header)
    {
        g.fillAll (header.findColour (juce::TableHeaderComponent::backgroundColourId));
        g.setColour (juce::Colour (Palette::outline));
        g.fillRect (0, header.getHeight() - 1, header.getWidth(), 1);
    }

    void EarshotLookAndFeel::drawTableHeaderColumn (juce::Graphics& g, juce::TableHeaderComponent& header, const juce::String& columnName, int, int width, int height, bool isMouseOver, bool isMouseDown, int columnFlags)
    {
        if (isMouseOver || isMouseDown)
        {
            g.setColour (juce::Colour (Palette::surface));
            g.fillRect (0, 0, width, height - 1);
        }

        const bool sorted = (columnFlags & (juce::TableHeaderComponent::sortedForwards | juce::TableHeaderComponent::sortedBackwards)) != 0;
        auto area = juce::Rectangle<int> (width, height).reduced (8, 0);
        if (sorted)
        {
            auto arrowArea = area.removeFromRight (10).toFloat().withSizeKeepingCentre (8.0f, 5.0f);
            juce::Path arrow;
            if ((columnFlags & juce::TableHeaderComponent::sortedForwards) != 0)
                arrow.addTriangle (arrowArea.getX(), arrowArea.getY(), arrowArea.getRight(), arrowArea.getY(), arrowArea.getCentreX(), arrowArea.getBottom());
            else
                arrow.addTriangle (arrowArea.getX(), arrowArea.getBottom(), arrowArea.getRight(), arrowArea.getBottom(), arrowArea.getCentreX(), arrowArea.getY());
            g.setColour (juce::Colour (Palette::accentBright));
            g.fillPath (arrow);
        }

        g.setColour (sorted ? juce::Colour (Palette::text) : header.findColour (juce::TableHeaderComponent::textColourId));
        g.setFont (font (13.0f, true));
        g.drawFittedText (columnName.toUpperCase(), area, juce::Justification::centredLeft, 1);
    }

    void EarshotLookAndFeel::fillTextEditorBackground (juce::Graphics& g, int width, int height, juce::TextEditor& editor)
    {
        g.setColour (editor.findColour (juce::TextEditor::backgroundColourId));
        g.fillRoundedRectangle (juce::Rectangle<int> (width, height).toFloat().reduced (0.5f), 6.0f);
    }

    void EarshotLookAndFeel::drawTextEditorOutline (juce::Graphics& g, int width, int height, juce::TextEditor& editor)
    {
        if (! editor.isEnabled())
            return;
        const bool focused = editor.hasKeyboardFocus (true) && ! editor.isReadOnly();
        g.setColour (editor.findColour (focused ? juce::TextEditor::focusedOutlineColourId : juce::TextEditor::outlineColourId));
        g.drawRoundedRectangle (juce::Rectangle<int> (width, height).toFloat().reduced (0.5f), 6.0f, focused ? 1.5f : 1.0f);
    }

    void EarshotLookAndFeel::drawScrollbar (juce::Graphics& g, juce::ScrollBar& bar, int x, int y, int width, int height, bool vertical, int thumbStart, int thumbSize, bool isMouseOver, bool isMouseDown)
    {
        auto thumb = vertical ? juce::Rectangle<int> (x, thumbStart, width, thumbSize) : juce::Rectangle<int> (thumbStart, y, thumbSize, height);
        thumb = thumb.reduced (vertical ? 3 : 0, vertical ? 0 : 3);
        g.setColour (bar.findColour (juce::ScrollBar::thumbColourId).brighter (isMouseOver || isMouseDown ? 0.3f : 0.0f));
        g.fillRoundedRectangle (thumb.toFloat(), 3.0f);
    }

    void EarshotLookAndFeel::drawLinearSlider (juce::Graphics& g, int x, int y, int width, int height, float sliderPos, float minSliderPos, float maxSliderPos, juce::Slider::SliderStyle style, juce::Slider& slider)
    {
        if (style != juce::Slider::LinearHorizontal)
        {
            LookAndFeel_V4::drawLinearSlider (g, x, y, width, height, sliderPos, minSliderPos, maxSliderPos, style, slider);
            return;
        }

        const auto track = juce::Rectangle<float> (static_cast<float> (x), static_cast<float> (y) + static_cast<float> (height) / 2.0f - 2.0f, static_cast<float> (width), 4.0f);
        g.setColour (slider.findColour (juce::Slider::backgroundColourId));
        g.fillRoundedRectangle (track, 2.0f);
        g.setColour (slider.findColour (juce::Slider::trackColourId));
        g.fillRoundedRectangle (track.withRight (sliderPos), 2.0f);
        g.setColour (slider.findColour (juce::Slider::thumbColourId));
        g.fillEllipse (juce::Rectangle<float> (12.0f, 12.0f).withCentre ({ sliderPos, track.getCentreY() }));
    }

    void EarshotLookAndFeel::drawComboBox (juce::Graphics& g, int width, int height, bool, int, int, int, int, juce::ComboBox& box)
    {
        const auto bounds = juce::Rectangle<int> (width, height).toFloat().reduced (0.5f);
        g.setColour (box.findColour (juce::ComboBox::backgroundColourId));
        g.fillRoundedRectangle (bounds, 6.0f);
        g.setColour (box.hasKeyboardFocus (true) ? box.findColour (juce::TextEditor::focusedOutlineColourId) : box.findColour (juce::ComboBox::outlineColourId));
        g.drawRoundedRectangle (bounds, 6.0f, 1.0f);

        const auto arrowArea = juce::Rectangle<float> (static_cast<float> (width) - 22.0f, 0.0f, 14.0f, static_cast<float> (height)).withSizeKeepingCentre (9.0f, 5.0f);
        juce::Path arrow;
        arrow.addTriangle (arrowArea.getX(), arrowArea.getY(), arrowArea.getRight(), arrowArea.getY(), arrowArea.getCentreX(), arrowArea.getBottom());
        g.setColour (box.findColour (juce::ComboBox::arrowColourId).withAlpha (box.isEnabled() ? 1.0f : 0.3f));
        g.fillPath (arrow);
    }
} // namespace earshot
