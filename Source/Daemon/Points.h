#pragma once

#include "Daemon/Courier.h"
#include "Daemon/Envelopes.h"
#include "Daemon/Presence.h"
#include "Store/PassData.h"

#include "earshot/v1/friends.pb.h"
#include "earshot/v1/library.pb.h"

#include <functional>
#include <optional>
#include <string>

namespace earshot
{
    /** The points passes earn: listen receipts from friends are checked and credited to the ledger
        (Core/PassRules says what each earns), and a receipt for a pass that came here from a friend
        is forwarded to that friend, one hop up the chain. Thread-safe. */
    class Points final
    {
    public:
        /** senderPeer gives this daemon's BitTorrent address for forwarded receipts; landed gets
            each credited receipt from the listener themselves (for the discovery hub). Every
            reference must outlive this. */
        Points (PassData& store, Envelopes& envelopes, Courier& courier, Presence& presence, std::function<std::string()> senderPeer, std::function<void (const v1::SignedEnvelope&)> landed);

        /** A signed listen receipt (the Friends API's Acknowledge), opened as Envelopes::open does.
            A receipt for a pass this daemon sent earns passRules::directPoints; one forwarded by the
            friend a pass went to, for the pass this daemon sent them, earns passRules::chainPoints.
            Each receipt is credited once (Error alreadyExists after that). */
        void acknowledge (const v1::SignedEnvelope& signedEnvelope);

        /** The balance and a page of the ledger. Throws Error (invalidArgument) for a negative page
            size or a token the ledger did not give. */
        void list (const v1::GetPointsRequest& request, v1::GetPointsResponse& out) const;

    private:
        /** The pass this daemon sent to `to` with this id, if there is one. */
        [[nodiscard]] std::optional<v1::Pass> sentPass (const std::string& passId, const PublicKey& to) const;

        PassData& store;
        Envelopes& envelopes;
        Courier& courier;
        Presence& presence;
        const std::function<std::string()> senderPeer;
        const std::function<void (const v1::SignedEnvelope&)> landed;
    };
} // namespace earshot
