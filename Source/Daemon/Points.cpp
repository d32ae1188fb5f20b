#include "Points.h"

#include "PassProto.h"
#include "WireValues.h"

#include "Core/Error.h"
#include "Core/Paging.h"
#include "Core/QuoteInput.h"

#include <spdlog/spdlog.h>

namespace earshot
{
    Points::Points (PassData& passData, Envelopes& sealer, Courier& outbox, Presence& friendsPresence, std::function<std::string()> peer, std::function<void (const v1::SignedEnvelope&)> passLanded)
        : store (passData)
        , envelopes (sealer)
        , courier (outbox)
        , presence (friendsPresence)
        , senderPeer (std::move (peer))
        , landed (std::move (passLanded))
    {
    }

    std::optional<v1::Pass> Points::sentPass (const std::string& passId, const PublicKey& to) const
    {
        const auto queued = store.outbox.find (passId);
        if (! queued || queued->message.kind != OutboxStore::MessageKind::pass || queued->message.recipientKey != to)
            return std::nullopt;
        v1::SignedEnvelope sealed;
        v1::Envelope envelope;
        if (sealed.ParseFromString (queued->message.envelope) && envelope.ParseFromString (sealed.envelope()) && envelope.has_pass())
            return envelope.pass();
        return std::nullopt;
    }

    void Points::acknowledge (const v1::SignedEnvelope& sealed)
    {
        const auto [envelope, from] = envelopes.open (sealed);
        if (! envelope.has_receipt())
            throw Error (ErrorCode::invalidArgument, "the message from " + from.name + " is not a listen receipt");
        const auto& receipt = envelope.receipt();

        // Only a pass this daemon sent to the receipt's sender can earn from it.
        const auto pass = sentPass (receipt.pass_id(), from.publicKey);
        if (! pass)
            throw Error (ErrorCode::invalidArgument, "the receipt from " + from.name + " is for pass " + quoteInput (receipt.pass_id()) + ", which this daemon never sent them");
        const auto title = pass->manifest().metadata().title().empty() ? pass->manifest().file_name() : pass->manifest().metadata().title();

        passRules::Credit earned;
        if (receipt.has_forwarded())
        {
            // A receipt one hop down the chain: the listener signed the inner one.
            const auto& inner = receipt.forwarded();
            std::optional<EnvelopeHeader> innerReceipt;
            v1::Envelope innerEnvelope;
            if (passRules::isSignedBySender (envelopes.signer(), sealedMessageOf (inner)) && innerEnvelope.ParseFromString (inner.envelope()) && innerEnvelope.has_receipt())
                innerReceipt = headerOf (innerEnvelope);
            earned = passRules::chainCredit (innerReceipt, from.publicKey, from.name, title);
        }
        else
        {
            earned = passRules::directCredit (from.name, title, receipt.listened_ms(), envelope.message_id());
        }

        PointsLedger::Credit credit;
        credit.atMs = nowMs();
        credit.points = earned.points;
        credit.reason = earned.reason;
        credit.passId = receipt.pass_id();
        credit.friendKey = from.publicKey;
        credit.source = earned.source;
        passRules::checkNotCredited (! store.points.credit (credit), envelope.message_id(), from.name);
        presence.seen (from.publicKey);
        spdlog::info ("{} points: {}", credit.points, credit.reason);
        // The listener's own receipt tells the hub the pass landed; a forwarded one is not signed
        // by the listener, so the hub would not believe it from here.
        if (! receipt.has_forwarded() && landed)
            landed (sealed);

        // The pass this daemon sent came to it from a friend: that friend earns a share.
        const auto upstream = passRules::forwardTarget (receipt.has_forwarded(), chainOf (pass->chain()));
        const auto upstreamKey = upstream ? publicKeyFrom (upstream->senderKey) : std::nullopt;
        if (upstreamKey && store.friends.findByKey (*upstreamKey))
        {
            v1::Envelope forward;
            forward.set_message_id (passRules::forwardIdFor (envelope.message_id()));
            forward.set_sent_at_ms (nowMs());
            forward.set_recipient_key (upstream->senderKey);
            forward.set_sender_peer (senderPeer());
            auto& forwarded = *forward.mutable_receipt();
            forwarded.set_pass_id (upstream->passId);
            forwarded.set_track_id (receipt.track_id());
            forwarded.set_listened_ms (receipt.listened_ms());
            *forwarded.mutable_forwarded() = sealed;
            courier.enqueue (*upstreamKey, OutboxStore::MessageKind::receipt, forward);
        }
    }

    void Points::list (const v1::GetPointsRequest& request, v1::GetPointsResponse& out) const
    {
        out.set_balance (store.points.balance());
        const auto page = store.points.entriesPage (paging::cursorOf ("points", request.page_token()), paging::pageSizeOf (request.page_size()));
        if (page.next)
            out.set_next_page_token (paging::tokenOf ("points", *page.next));
        for (const auto& entry : page.entries)
        {
            auto& each = *out.add_entries();
            each.set_at_ms (entry.credit.atMs);
            each.set_points (entry.credit.points);
            each.set_reason (entry.credit.reason);
            each.set_pass_id (entry.credit.passId);
            each.set_from (friendNameOf (store.friends, entry.credit.friendKey));
        }
    }
} // namespace earshot
