#include "NetworkConsent.h"

namespace earshot
{
    namespace
    {
        constexpr const char* key = "network";
    } // namespace

    NetworkConsent::NetworkConsent (juce::PropertiesFile& properties)
        : file (properties)
    {
    }

    NetworkConsent::Answer NetworkConsent::answer() const
    {
        const auto value = file.getValue (key);
        if (value == "share")
            return Answer::share;
        if (value == "offline")
            return Answer::offline;
        return Answer::notAsked;
    }

    void NetworkConsent::setAnswer (Answer answer)
    {
        if (answer == Answer::notAsked)
            file.removeValue (key);
        else
            file.setValue (key, answer == Answer::share ? "share" : "offline");
        (void) file.saveIfNeeded();
    }

    juce::String NetworkConsent::explanation()
    {
        return "Earshot is peer-to-peer. Going online starts earshotd, which listens on the network:\n\n"
               "- Every track you publish or play is seeded: other people's BitTorrent clients can fetch it from you, "
               "and they see your IP address, as peers in any swarm do.\n"
               "- Passes to and from friends travel sealed to the friend they are for: nobody in between reads "
               "which track, or the note.\n"
               "- A discovery hub, if you set one, learns what you publish and seed, the tracks you listen to and "
               "the passes that landed, signed with your daemon's key, for its charts.\n\n"
               "Offline, Earshot starts nothing and listens for nobody. You can go online later.";
    }
} // namespace earshot
