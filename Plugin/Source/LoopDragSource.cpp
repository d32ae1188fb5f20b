#include "LoopDragSource.h"

#include <cmath>

namespace earshot
{
    LoopDragSource::LoopDragSource (EarshotProcessor& processor)
        : plugin (processor)
    {
        setTooltip ("Drag the loop, rendered at the host's tempo and key, into the arrangement");
        setMouseCursor (juce::MouseCursor::DraggingHandCursor);
    }

    bool LoopDragSource::sameRender (const LoopRender::Request& a, const LoopRender::Request& b) noexcept
    {
        return a.trackId == b.trackId && a.startSeconds == b.startSeconds && a.endSeconds == b.endSeconds && std::abs (a.speed - b.speed) < 1.0e-9
               && a.semitones == b.semitones && a.sampleRate == b.sampleRate && a.folder == b.folder;
    }

    void LoopDragSource::refresh()
    {
        auto& render = plugin.loopRender();
        const auto wanted = plugin.loopRenderRequest();
        const auto state = render.state();
        ready = false;
        if (! wanted)
        {
            if (state == LoopRender::State::rendering)
                render.cancel();
            text = "Loop: shift-drag on the seek bar";
        }
        else
        {
            const bool current = sameRender (render.request(), *wanted);
            // What is heard changed: render it again (a render under way for the old one is cancelled).
            if (state == LoopRender::State::idle || (! current && ! dragStarted))
                render.start (*wanted);
            switch (render.state())
            {
                case LoopRender::State::idle:
                case LoopRender::State::rendering:
                    text = "Rendering the loop...";
                    break;
                case LoopRender::State::done:
                    ready = true;
                    text = "Drag loop (" + juce::String (static_cast<double> (LoopRender::framesFor (wanted->endSeconds - wanted->startSeconds, wanted->speed, wanted->sampleRate)) / wanted->sampleRate, 2) + " s)";
                    break;
                case LoopRender::State::failed:
                    text = juce::String (render.failureReason()) + " (click to try again)";
                    break;
                case LoopRender::State::cancelled:
                    text = "Loop render cancelled (click to render it)";
                    break;
            }
        }
        setTooltip (text);
        repaint();
    }

    void LoopDragSource::paint (juce::Graphics& g)
    {
        const auto area = getLocalBounds().toFloat().reduced (1.0f);
        g.setColour (ready ? juce::Colour (0xffffc857) : juce::Colour (0xff3a3f48));
        g.drawRoundedRectangle (area, 4.0f, 1.0f);
        g.setColour (ready ? juce::Colour (0xffffc857) : juce::Colours::lightgrey);
        g.setFont (13.0f);
        g.drawFittedText (text, getLocalBounds().reduced (6, 0), juce::Justification::centred, 1, 0.7f);
    }

    void LoopDragSource::mouseDown (const juce::MouseEvent&)
    {
        dragStarted = false;
        auto& render = plugin.loopRender();
        const auto state = render.state();
        if (state == LoopRender::State::failed || state == LoopRender::State::cancelled)
            if (const auto wanted = plugin.loopRenderRequest())
                render.start (*wanted);
        refresh();
    }

    void LoopDragSource::mouseDrag (const juce::MouseEvent&)
    {
        if (dragStarted || ! ready)
            return;
        const auto file = plugin.loopRender().file();
        if (file.empty() || ! std::filesystem::exists (file))
            return;
        dragStarted = true;
        juce::DragAndDropContainer::performExternalDragDropOfFiles ({ juce::String (file.string()) }, false, this, [this]
                                                                    { dragStarted = false; });
    }
} // namespace earshot
