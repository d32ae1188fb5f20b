#include "Passes.h"

#include "PassProto.h"
#include "ProtoConvert.h"
#include "WireValues.h"

#include "Core/Error.h"
#include "Core/Hex.h"
#include "Core/Paging.h"
#include "Core/QuoteInput.h"
#include "Swarm/TrackTorrent.h"

#include <spdlog/spdlog.h>

namespace earshot
{
    namespace
    {
        /** A filed pass keeps its whole envelope: the pass, and the BitTorrent address it came from. */
        v1::Envelope envelopeOf (const InboxStore::InboxPass& filed)
        {
            v1::Envelope envelope;
            envelope.ParseFromString (filed.pass.passBytes);
            return envelope;
        }

        /** The opaque words that keep one list's page tokens from being taken by another. */
        constexpr auto inboxList = "inbox";
        constexpr auto outboxList = "outbox";

        /** How ListOutbox names a message's state. */
        [[nodiscard]] const char* stateName (OutboxStore::DeliveryState state) noexcept
        {
            switch (state)
            {
                case OutboxStore::DeliveryState::waiting:
                    return "waiting";
                case OutboxStore::DeliveryState::retrying:
                    return "retrying";
                case OutboxStore::DeliveryState::held:
                    return "held";
                case OutboxStore::DeliveryState::delivered:
                    return "delivered";
                case OutboxStore::DeliveryState::failed:
                    return "failed";
            }
            return "waiting";
        }
    } // namespace

    Passes::Passes (TrackLibrary& lib, PassData& passData, const Identity& id, Presence& friendsPresence, std::string name, std::function<std::string()> peer, std::function<void (const v1::SignedEnvelope&)> passLanded, passRules::InboxLimits inboxLimits)
        : library (lib)
        , store (passData)
        , presence (friendsPresence)
        , senderName (std::move (name))
        , senderPeer (std::move (peer))
        , limits (inboxLimits)
        , signer (id)
        , box (id.sealedBox())
        , envelopes (passData.friends, signer, box)
        , courier (lib, passData, envelopes, friendsPresence)
        , ledger (passData, envelopes, courier, friendsPresence, senderPeer, std::move (passLanded))
        , prebuffer (lib)
    {
    }

    Passes::~Passes() = default;

    //==============================================================================
    std::string Passes::send (const std::string& trackIdOrPrefix, const std::string& to, const std::string& note)
    {
        // Everything a friend's daemon would refuse is refused here, before anything is queued: a
        // pass in the outbox that can never go would only be retried against their refusal.
        passRules::checkNote (note);
        if (to.empty())
            throw Error (ErrorCode::invalidArgument, "say which friend the pass is for; `earshot friends list` shows who is");
        const auto track = library.getTrack (trackIdOrPrefix);
        const auto recipient = store.friends.findByName (to);
        if (! recipient)
            throw Error (ErrorCode::notFound, "no friend is called " + quoteInput (to) + "; `earshot friends list` shows who is");

        const auto id = newMessageId();
        v1::Envelope envelope;
        envelope.set_message_id (id);
        envelope.set_sent_at_ms (nowMs());
        envelope.set_recipient_key (keyBytes (recipient->publicKey));
        envelope.set_sender_peer (senderPeer());
        auto& pass = *envelope.mutable_pass();
        pass.set_pass_id (id);
        toProto (track.record.manifest, *pass.mutable_manifest());
        pass.set_note (note);
        pass.set_sender_name (senderName);

        // A song that came here as a pass carries its chain on: earlier links earn a share.
        const auto earlier = store.inbox.findByTrack (trackIdOf (track.record.manifest));
        if (! earlier.empty())
        {
            const auto received = envelopeOf (earlier.front()).pass();
            setChain (passRules::chainAfter (chainOf (received.chain()), received.pass_id(), earlier.front().pass.senderKey), *pass.mutable_chain());
        }

        courier.enqueue (recipient->publicKey, OutboxStore::MessageKind::pass, envelope, "the pass of " + quoteInput (track.record.manifest.fileName));
        spdlog::info ("pass {} of {} to {} is in the outbox", id, quoteInput (track.record.manifest.fileName), recipient->name);
        return id;
    }

    //==============================================================================
    std::vector<std::string> Passes::reportListening (const std::string& trackIdOrPrefix, std::int64_t listenedMs)
    {
        const auto track = library.getTrack (trackIdOrPrefix);
        const auto& manifest = track.record.manifest;
        const auto durationMs = static_cast<std::int64_t> (manifest.metadata.durationMs);

        std::vector<std::string> receipts;
        for (const auto& filed : store.inbox.findByTrack (trackIdOf (manifest)))
        {
            store.inbox.recordListening (filed.pass.messageId, listenedMs);
            if (! passRules::earnsReceipt (listenedMs, durationMs, filed.receiptSent))
                continue;

            const auto pass = envelopeOf (filed).pass();
            v1::Envelope envelope;
            envelope.set_message_id (passRules::receiptIdFor (filed.pass.messageId)); // one receipt per pass, even if enqueued twice
            envelope.set_sent_at_ms (nowMs());
            envelope.set_recipient_key (keyBytes (filed.pass.senderKey));
            envelope.set_sender_peer (senderPeer());
            auto& receipt = *envelope.mutable_receipt();
            receipt.set_pass_id (filed.pass.messageId);
            receipt.set_track_id (trackIdOf (manifest));
            receipt.set_listened_ms (static_cast<std::uint64_t> (listenedMs));
            *receipt.mutable_chain() = pass.chain();
            courier.enqueue (filed.pass.senderKey, OutboxStore::MessageKind::receipt, envelope);
            store.inbox.markReceiptSent (filed.pass.messageId); // after the receipt is safely in the outbox
            receipts.push_back (filed.pass.messageId);
            spdlog::info ("listened to {} for {} s: a receipt for pass {} goes to {}", quoteInput (manifest.fileName), listenedMs / 1000, filed.pass.messageId, friendNameOf (store.friends, filed.pass.senderKey));
        }
        return receipts;
    }

    void Passes::acknowledge (const v1::SignedEnvelope& sealed)
    {
        ledger.acknowledge (sealed);
    }

    void Passes::points (const v1::GetPointsRequest& request, v1::GetPointsResponse& out) const
    {
        ledger.list (request, out);
    }

    //==============================================================================
    void Passes::receive (const v1::SignedEnvelope& sealed)
    {
        const auto [envelope, from] = envelopes.open (sealed);
        const auto sender = from.publicKey;
        if (! envelope.has_pass())
            throw Error (ErrorCode::invalidArgument, "the message from " + from.name + " is not a pass");
        const auto& pass = envelope.pass();
        passRules::checkPassId (headerOf (envelope), pass.pass_id(), from.name);
        passRules::checkNote (pass.note());

        // The manifest must describe exactly the bytes its info-hash names.
        const auto manifest = fromProto (pass.manifest());
        try
        {
            (void) validateManifest (manifest);
        }
        catch (const Error& error)
        {
            // The refusal travels in clear: what is wrong with the manifest (which names the track)
            // stays in this daemon's log.
            spdlog::warn ("the pass from {} carries a bad manifest: {}", from.name, error.what());
            throw Error (ErrorCode::invalidArgument, "the pass from " + from.name + " carries a bad manifest: it does not match its torrent (the recipient's log says how)");
        }

        // The inbox is the record of what was delivered: a pass is filed once, and a retry or a
        // replay of it is answered as delivered before. (Remembering the id before filing would lose
        // a pass if the daemon died in between: the sender's retry would be taken for a replay.) A
        // pass the user deleted is still remembered among the ids seen, and is not filed again.
        passRules::checkNotFiled (store.inbox.find (envelope.message_id()).has_value() || store.inbox.wasSeen (sender, envelope.message_id()), envelope.message_id(), from.name);

        InboxStore::IncomingPass incoming;
        incoming.messageId = envelope.message_id();
        incoming.senderKey = sender;
        incoming.trackId = trackIdOf (manifest);
        incoming.passBytes = sealed.envelope(); // the pass and where it came from
        incoming.note = pass.note();

        // Over quota it is refused before its track is added; filing decides again, atomically.
        const auto storedBytes = InboxStore::storedBytesOf (incoming);
        const auto admit = [this, storedBytes, fromName = from.name] (const passRules::InboxUsage& fromSender, const passRules::InboxUsage& all)
        { passRules::checkInboxQuota (fromSender, all, storedBytes, limits, fromName, senderName); };
        admit (store.inbox.usageOf (sender), store.inbox.usage());

        // The track goes into the library, with the sender as its peer, before the pass shows in the
        // inbox: whoever sees the pass can play it at once.
        bool added = false;
        try
        {
            std::vector<std::string> peers;
            if (! envelope.sender_peer().empty())
                peers.push_back (envelope.sender_peer());
            (void) library.addTrack ({ manifest, std::nullopt, std::nullopt }, peers);
            added = true;
        }
        catch (const Error& error)
        {
            spdlog::warn ("the pass from {} is filed, but its track could not be added: {}", from.name, error.what());
        }

        incoming.receivedAtMs = nowMs();
        passRules::checkNotFiled (! store.inbox.file (incoming, admit), envelope.message_id(), from.name);
        store.inbox.rememberMessage (sender, envelope.message_id(), envelope.sent_at_ms());
        presence.seen (sender);
        spdlog::info ("{} passed {} (pass {})", from.name, quoteInput (manifest.fileName), incoming.messageId);
        inboxChanged();

        // Its opening seconds are fetched at once, so the first play starts from local data.
        if (added)
            prebuffer.add (trackIdOf (manifest));
    }

    v1::SignedEnvelope Passes::unseal (const v1::SealedEnvelope& sealed) const
    {
        return envelopes.unseal (sealed);
    }

    v1::SealedEnvelope Passes::ping (const v1::SignedEnvelope& sealed)
    {
        const auto [envelope, from] = envelopes.open (sealed);
        if (! envelope.has_probe())
            throw Error (ErrorCode::invalidArgument, "the message from " + from.name + " is not a presence probe");
        return Envelopes::sealTo (from.publicKey, presence.answerProbe (envelope, from.publicKey));
    }

    void Passes::listInbox (const v1::ListInboxRequest& request, v1::ListInboxResponse& out) const
    {
        const auto page = store.inbox.listPage (paging::cursorOf (inboxList, request.page_token()), paging::pageSizeOf (request.page_size()), pageReadBytes);
        for (const auto& filed : page.passes)
        {
            auto& entry = *out.add_passes();
            entry.set_pass_id (filed.pass.messageId);
            entry.set_from (friendNameOf (store.friends, filed.pass.senderKey));
            const auto pass = envelopeOf (filed).pass();
            entry.set_sender_name (pass.sender_name());
            *entry.mutable_manifest() = pass.manifest();
            entry.mutable_manifest()->clear_info_dict(); // the library has it; a row shows none of it
            const auto noteCut = filed.pass.note.size() > maxListedNoteBytes;
            entry.set_note (noteCut ? filed.pass.note.substr (0, maxListedNoteBytes) : filed.pass.note);
            entry.set_note_cut (noteCut);
            entry.set_received_at_ms (filed.pass.receivedAtMs);
            entry.set_read (filed.read);
            entry.set_listened_ms (static_cast<std::uint64_t> (filed.listenedMs));
            entry.set_stored_bytes (InboxStore::storedBytesOf (filed.pass));
        }
        if (page.next)
            out.set_next_page_token (paging::tokenOf (inboxList, *page.next));
        out.set_unread (static_cast<std::uint32_t> (store.inbox.unreadCount()));
        out.set_total (static_cast<std::uint32_t> (store.inbox.usage().passes));
    }

    void Passes::firstInboxPage (v1::WatchInboxResponse& out) const
    {
        v1::ListInboxResponse page;
        listInbox ({}, page);
        out.mutable_passes()->Swap (page.mutable_passes());
        out.set_unread (page.unread());
        out.set_next_page_token (page.next_page_token());
        out.set_total (page.total());
    }

    void Passes::listOutbox (const v1::ListOutboxRequest& request, v1::ListOutboxResponse& out) const
    {
        const auto page = store.outbox.listPage (paging::cursorOf (outboxList, request.page_token()), paging::pageSizeOf (request.page_size()), pageReadBytes);
        for (const auto& queued : page.messages)
        {
            auto& entry = *out.add_messages();
            entry.set_message_id (queued.message.messageId);
            entry.set_to (friendNameOf (store.friends, queued.message.recipientKey));
            entry.set_kind (queued.message.kind == OutboxStore::MessageKind::pass ? "pass" : "receipt");
            entry.set_state (stateName (queued.state()));
            entry.set_attempts (static_cast<std::uint32_t> (queued.attempts));
            entry.set_last_error (queued.lastError);
            entry.set_created_at_ms (queued.message.createdAtMs);
            entry.set_delivered_at_ms (queued.deliveredAtMs.value_or (0));
            v1::SignedEnvelope sealed;
            v1::Envelope envelope;
            if (sealed.ParseFromString (queued.message.envelope) && envelope.ParseFromString (sealed.envelope()) && envelope.has_pass())
                entry.set_track_id (envelope.pass().manifest().info_hash());
        }
        if (page.next)
            out.set_next_page_token (paging::tokenOf (outboxList, *page.next));
    }

    std::uint32_t Passes::deleteInboxEntries (const std::vector<std::string>& passIds)
    {
        if (passIds.empty())
            throw Error (ErrorCode::invalidArgument, "no pass to delete was named; `earshot inbox` lists their ids");
        for (const auto& id : passIds)
            if (! store.inbox.find (id))
                throw Error (ErrorCode::notFound, "no pass " + quoteInput (id) + " in the inbox; nothing was deleted");
        const auto deleted = store.inbox.remove (passIds);
        spdlog::info ("{} passes deleted from the inbox", deleted);
        inboxChanged();
        return static_cast<std::uint32_t> (deleted);
    }

    std::uint32_t Passes::clearInbox (const std::string& from, bool all)
    {
        if (all == ! from.empty())
            throw Error (ErrorCode::invalidArgument, "name whose passes to clear, or ask for all of them, not both");
        if (all)
        {
            const auto deleted = store.inbox.removeAll();
            inboxChanged();
            return static_cast<std::uint32_t> (deleted);
        }

        // A friend by name, or anyone with passes here (a friend removed since) by the start of
        // their key as the inbox shows it ("0123abcd…").
        std::vector<PublicKey> senders;
        if (const auto named = store.friends.findByName (from))
            senders.push_back (named->publicKey);
        const auto keyPrefix = from.substr (0, from.find ("…"));
        if (senders.empty() && keyPrefix.size() >= 8 && isLowerHex (keyPrefix, keyPrefix.size()))
            for (const auto& sender : store.inbox.senders())
                if (toHex (sender).starts_with (keyPrefix))
                    senders.push_back (sender);

        std::int64_t deleted = 0;
        for (const auto& sender : senders)
            deleted += store.inbox.removeFrom (sender);
        if (deleted == 0)
            throw Error (ErrorCode::notFound, "the inbox holds no pass from " + quoteInput (from) + "; give a friend's name or the start of the key the inbox shows");
        spdlog::info ("{} passes from {} deleted from the inbox", deleted, from);
        inboxChanged();
        return static_cast<std::uint32_t> (deleted);
    }

    void Passes::markRead (const std::string& passId)
    {
        if (! store.inbox.find (passId))
            throw Error (ErrorCode::notFound, "no pass " + quoteInput (passId) + " in the inbox");
        if (store.inbox.markRead (passId))
            inboxChanged();
    }

    int Passes::watchInbox (std::function<void()> changed)
    {
        std::lock_guard lock (watchersMutex);
        inboxWatchers[nextWatcher] = std::move (changed);
        return nextWatcher++;
    }

    void Passes::unwatchInbox (int token)
    {
        std::lock_guard lock (watchersMutex);
        inboxWatchers.erase (token);
    }

    void Passes::inboxChanged()
    {
        std::lock_guard lock (watchersMutex);
        for (const auto& [token, changed] : inboxWatchers)
            changed();
    }

    //==============================================================================
    void Passes::wakeCourier()
    {
        courier.wake();
    }
} // namespace earshot
