#pragma once

#include "Core/EnvelopeSigner.h"
#include "HubStore.h"
#include "NewsNotifier.h"

#include <cstdint>

namespace earshot
{
    namespace v1
    {
        class SignedHubMessage;
    }

    /** What the hub does with a message a daemon sends it: checks that it is signed by the key it
        names, fresh and well formed (Core's hubRules), then files it in the store as a release,
        a profile, an artist's post (handed at once to the open watches of the artist, see
        NewsNotifier) or a report. Nothing reaches the store that failed a check.

        Defences against stuffing a chart, on top of the store's caps (a listener counts once per
        track and day, and for at most ListenRules::maxPerListenerPerDay tracks a day): an artist's
        own listens to their own tracks do not count; a pass counts only with the
        listener's signed receipt, addressed to the daemon that reports it, and a daemon cannot
        receipt its own pass; and as keys cost nothing to make, the reports of only the first
        ListenRules::maxReportersPerNetworkPerDay keys a network (an IPv4 /24, an IPv6 /48) brings
        in a day count. What this cannot stop: many keys reporting from many networks (a botnet,
        or a crowd paid to listen), or a network's seats taken by a stuffer before its real
        listeners report; the caps bound what each key and each network adds, not how many
        networks there are.

        Any thread, as the store allows; nothing is kept between calls. */
    class HubIntake final
    {
    public:
        /** How reports count. weights.halfLifeDays must stay the same for a store's whole life. */
        struct Rules
        {
            ListenRules listens;
            SeedRules seeding;
            ChartWeights weights;
        };

        HubIntake (HubStore& store, const SignatureVerifier& verifier, Rules rules);

        /** Files one signed message received at nowMs from network (Core's networkOfPeer of the
            caller); returns whether it counted (false for a repeat, a listen over the cap, an
            artist's own listen, an outdated seed or follow report, a report by a key beyond its
            network's daily seats, a post filed before).
            Throws Error: invalidArgument (malformed, oversized, stale: the message says which),
            permissionDenied (a bad signature; a release, or a release post, of a track another
            key released; a receipt not signed by its listener or not addressed to the reporter),
            notFound (a report about a track no one released here, a cancellation of a tour date
            the artist did not post here), unavailable (the database). */
        bool submit (const v1::SignedHubMessage& message, std::int64_t nowMs, const std::string& network = "unknown");

        [[nodiscard]] const Rules& rules() const noexcept { return hubRules; }

        /** Where each post filed here is handed to the open watches of its artist. */
        [[nodiscard]] NewsNotifier& news() noexcept { return posts; }

    private:
        bool filePost (NewsPost post, const v1::SignedHubMessage& signedMessage);

        HubStore& store;
        const SignatureVerifier& verifier;
        const Rules hubRules;
        NewsNotifier posts;
    };
} // namespace earshot
