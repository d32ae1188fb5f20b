#pragma once

#include <juce_data_structures/juce_data_structures.h>

namespace earshot
{
    /** The desktop app's first-start question, and its answer: whether the daemon may go on the
        network. Kept in the app's properties file (key "network": "share" or "offline"), so it is
        asked once. Message thread only. */
    class NetworkConsent final
    {
    public:
        enum class Answer
        {
            notAsked,
            share,
            offline
        };

        /** properties must outlive this. */
        explicit NetworkConsent (juce::PropertiesFile& properties);

        [[nodiscard]] Answer answer() const;
        /** Keeps the answer (saved at once). */
        void setAnswer (Answer answer);

        /** What Earshot shares on the network, said plainly: what the question shows. */
        [[nodiscard]] static juce::String explanation();

    private:
        juce::PropertiesFile& file;
    };
} // namespace earshot
