#pragma once

#include <juce_gui_basics/juce_gui_basics.h>

#include <memory>

namespace earshot
{
    /** Earshot's look: a dark palette, the embedded Inter typeface (regular and semi-bold, from
        earshot_ui_assets) and the icons in assets/icons, recoloured as needed.

        Fonts are made from the embedded typefaces directly (font()), never looked up by name, so
        the look is the same whether or not Inter is installed and whatever the default
        look-and-feel is (a plugin must not change its host's). Components that draw their own text
        call font(); JUCE's own widgets get it through the overrides below. */
    class EarshotLookAndFeel final : public juce::LookAndFeel_V4
    {
    public:
        /** The icons drawn from assets/icons/NAME.svg. */
        enum class Icon
        {
            play,
            pause,
            stop,
            volume,
            pass,
            inbox,
            friends,
            library,
            discover,
            search,
            news,
            settings
        };

        /** The palette, for components that paint themselves. */
        struct Palette
        {
            static constexpr juce::uint32 background = 0xff0e1014;
            static constexpr juce::uint32 sidebar = 0xff14171d;
            static constexpr juce::uint32 surface = 0xff1a1e26;
            static constexpr juce::uint32 surfaceRaised = 0xff232833;
            static constexpr juce::uint32 outline = 0xff2c3240;
            static constexpr juce::uint32 text = 0xffeceef4;
            static constexpr juce::uint32 textDim = 0xff98a0b3;
            static constexpr juce::uint32 textFaint = 0xff5d6577;
            static constexpr juce::uint32 accent = 0xff8b7bff;
            static constexpr juce::uint32 accentBright = 0xffa99dff;
            static constexpr juce::uint32 positive = 0xff4caf50;
            static constexpr juce::uint32 warning = 0xffffa726;
            static constexpr juce::uint32 danger = 0xffef5350;
            static constexpr juce::uint32 badge = 0xffff4d6d;
        };

        EarshotLookAndFeel();
        ~EarshotLookAndFeel() override;

        /** Inter at the given height (in pixels), regular or semi-bold. */
        [[nodiscard]] static juce::Font font (float height, bool semiBold = false);
        /** The embedded typefaces themselves. */
        [[nodiscard]] static juce::Typeface::Ptr typeface (bool semiBold);
        /** An icon, filled with colour. */
        [[nodiscard]] static std::unique_ptr<juce::Drawable> createIcon (Icon icon, juce::Colour colour);
        /** The file name of an icon in assets/icons, e.g. "play.svg". */
        [[nodiscard]] static const char* fileNameOf (Icon icon) noexcept;
        /** A DrawableButton style image set for an icon: dim, bright on hover, accent when down. */
        static void setIconImages (juce::DrawableButton& button, Icon icon);
        /** The raised, outlined card a dialog draws itself on, filling bounds. */
        static void drawDialogCard (juce::Graphics& g, juce::Rectangle<int> bounds);

        //==============================================================================
        juce::Typeface::Ptr getTypefaceForFont (const juce::Font& font) override;
        juce::Font getLabelFont (juce::Label& label) override;
        juce::Font getTextButtonFont (juce::TextButton& button, int buttonHeight) override;
        juce::Font getComboBoxFont (juce::ComboBox& box) override;
        juce::Font getPopupMenuFont() override;
        juce::Font getAlertWindowMessageFont() override;
        juce::Font getAlertWindowTitleFont() override;

        void drawButtonBackground (juce::Graphics& g, juce::Button& button, const juce::Colour& backgroundColour, bool highlighted, bool down) override;
        void drawTableHeaderBackground (juce::Graphics& g, juce::TableHeaderComponent& header) override;
        void drawTableHeaderColumn (juce::Graphics& g, juce::TableHeaderComponent& header, const juce::String& columnName, int columnId, int width, int height, bool isMouseOver, bool isMouseDown, int columnFlags) override;
        void fillTextEditorBackground (juce::Graphics& g, int width, int height, juce::TextEditor& editor) override;
        void drawTextEditorOutline (juce::Graphics& g, int width, int height, juce::TextEditor& editor) override;
        void drawScrollbar (juce::Graphics& g, juce::ScrollBar& bar, int x, int y, int width, int height, bool vertical, int thumbStart, int thumbSize, bool isMouseOver, bool isMouseDown) override;
        void drawLinearSlider (juce::Graphics& g, int x, int y, int width, int height, float sliderPos, float minSliderPos, float maxSliderPos, juce::Slider::SliderStyle style, juce::Slider& slider) override;
        void drawComboBox (juce::Graphics& g, int width, int height, bool isButtonDown, int buttonX, int buttonY, int buttonW, int buttonH, juce::ComboBox& box) override;

    private:
        struct Typefaces;
        struct IconCache;
        juce::SharedResourcePointer<Typefaces> typefaces;
        juce::SharedResourcePointer<IconCache> icons; ///< keeps parsed icons while a look-and-feel lives

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (EarshotLookAndFeel)
    };
} // namespace earshot
