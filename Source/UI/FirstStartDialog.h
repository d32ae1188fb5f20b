#pragma once

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>

namespace earshot
{
    /** The first start's question: NetworkConsent::explanation, then "Go online" or "Stay offline".
        Shown as an overlay (never a modal loop); the owner removes it. Message thread only. */
    class FirstStartDialog final : public juce::Component
    {
    public:
        FirstStartDialog();
        ~FirstStartDialog() override;

        static constexpr int preferredWidth = 620;
        static constexpr int preferredHeight = 420;

        /** Presses "Go online" (true) or "Stay offline" (false). */
        void choose (bool share);
        std::function<void (bool share)> onAnswer;

        void paint (juce::Graphics& g) override;
        void resized() override;

    private:
        juce::Rectangle<int> textArea;
        juce::TextButton shareButton { "Go online" }, offlineButton { "Stay offline" };

        JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (FirstStartDialog)
    };
} // namespace earshot
