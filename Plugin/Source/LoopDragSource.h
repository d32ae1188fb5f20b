#pragma once

#include "EarshotProcessor.h"

#include <juce_gui_basics/juce_gui_basics.h>

namespace earshot
{
    /** The plugin strip's loop chip: keeps the loop region rendered as it is heard (LoopRender, at
        the host's tempo and key) and, once the file is whole, hands it to the host when dragged. It
        says what it is doing: no loop yet, rendering, ready, cancelled, or why the render failed (a
        click then tries again). Message thread only. */
    class LoopDragSource final : public juce::Component, public juce::SettableTooltipClient
    {
    public:
        explicit LoopDragSource (EarshotProcessor& processor);

        /** Starts a render when what is heard changed (the loop, the track, the tempo or the key),
            and updates the chip; the editor calls it on its timer. */
        void refresh();

        void paint (juce::Graphics& g) override;
        void mouseDown (const juce::MouseEvent& event) override;
        void mouseDrag (const juce::MouseEvent& event) override;

    private:
        [[nodiscard]] static bool sameRender (const LoopRender::Request& a, const LoopRender::Request& b) noexcept;

        EarshotProcessor& plugin;
        juce::String text;
        bool ready = false;
        bool dragStarted = false;

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (LoopDragSource)
    };
} // namespace earshot
