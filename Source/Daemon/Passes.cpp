#include "Passes.h"

#include "ProtoConvert.h"
#include "WireValues.h"

#include "Core/Error.h"
#include "Core/Hex.h"
#include "Swarm/TrackTorrent.h"

#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace earshot
{
    namespace
    {
        /** A message sent longer ago than this, or further in the future, is refused as stale. */
        constexpr std::int64_t maxAgeMs = 24LL * 60 * 60 * 1000;
        constexpr std::int64_t maxClockSkewMs = 5LL * 60 * 1000;
        /** Each friend may send a burst of this many messages, then this many a second. */
        constexpr double rateBurst = 20.0;
        constexpr double ratePerSecond = 5.0;
        /** Opening seconds of a passed track fetched as soon as it arrives. */
        constexpr double prebufferSeconds = 8.0;
        constexpr auto courierRound = std::chrono::milliseconds (500);
        constexpr auto deliveryDeadline = std::chrono::seconds (5);

        /** A span of milliseconds (not negative) as a person reads it, in its largest whole unit:
            "3 days", "1 h", "12 min", "40 s". */
        std::string spanText (std::int64_t ms)
        {
            constexpr std::int64_t second = 1000, minute = 60 * second, hour = 60 * minute, day = 24 * hour;
            if (ms >= day)
                return std::to_string (ms / day) + (ms / day == 1 ? " day" : " days");
            if (ms >= hour)
                return std::to_string (ms / hour) + " h";
            if (ms >= minute)
                return std::to_string (ms / minute) + " min";
            return std::to_string (ms / second) + " s";
        }

        std::string keyText (const PassStore::PublicKey& key) { return toHex (key).substr (0, 16); }

        std::optional<PassStore::PublicKey> keyFrom (const std::string& bytes)
        {
            if (bytes.size() != PassStore::PublicKey {}.size())
                return std::nullopt;
            PassStore::PublicKey key {};
            std::copy (bytes.begin(), bytes.end(), reinterpret_cast<char*> (key.data()));
            return key;
        }

        /** A filed pass keeps its whole envelope: the pass, and the BitTorrent address it came from. */
        v1::Envelope envelopeOf (const PassStore::InboxPass& filed)
        {
            v1::Envelope envelope;
            envelope.ParseFromString (filed.pass.passBytes);
            return envelope;
        }

        v1::SignedEnvelope seal (const Identity& identity, const v1::Envelope& envelope)
        {
            v1::SignedEnvelope sealed;
            sealed.set_envelope (envelope.SerializeAsString());
            sealed.set_sender_key (keyBytes (identity.publicKey()));
            sealed.set_signature (identity.sign (sealed.envelope()));
            return sealed;
        }
    } // namespace

    Passes::Passes (TrackLibrary& lib, PassStore& passStore, const Identity& id, Presence& friendsPresence, std::string name, std::function<std::string()> peer)
        : library (lib)
        , store (passStore)
        , identity (id)
        , presence (friendsPresence)
        , senderName (std::move (name))
        , senderPeer (std::move (peer))
    {
        courier = std::thread ([this]
                               { courierLoop(); });
        prebufferer = std::thread ([this]
                                   { prebufferLoop(); });
    }

    Passes::~Passes()
    {
        {
            std::lock_guard lock (mutex);
            stopping = true;
        }
        wake.notify_all();
        courier.join();
        prebufferer.join();
    }

    //==============================================================================
    std::string Passes::send (const std::string& trackIdOrPrefix, const std::string& to, const std::string& note)
    {
        const auto track = library.getTrack (trackIdOrPrefix);
        const auto recipient = store.findFriendByName (to);
        if (! recipient)
            throw Error (ErrorCode::notFound, "no friend is called " + to + "; `earshot friends list` shows who is");

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
        const auto earlier = store.findInboxByTrack (trackIdOf (track.record.manifest));
        if (! earlier.empty())
        {
            const auto received = envelopeOf (earlier.front()).pass();
            if (! received.pass_id().empty())
            {
                *pass.mutable_chain() = received.chain();
                auto& link = *pass.add_chain();
                link.set_pass_id (received.pass_id());
                link.set_sender_key (keyBytes (earlier.front().pass.senderKey));
            }
        }

        enqueue (recipient->publicKey, PassStore::MessageKind::pass, envelope);
        spdlog::info ("pass {} of {} to {} is in the outbox", id, track.record.manifest.fileName, recipient->name);
        return id;
    }

    void Passes::enqueue (const PassStore::PublicKey& recipient, PassStore::MessageKind kind, const v1::Envelope& envelope)
    {
        PassStore::OutgoingMessage message;
        message.messageId = envelope.message_id();
        message.recipientKey = recipient;
        message.kind = kind;
        message.envelope = seal (identity, envelope).SerializeAsString();
        message.createdAtMs = envelope.sent_at_ms();
        store.enqueue (message); // a second enqueue of the same id changes nothing
        wakeCourier();
    }

    std::optional<v1::Pass> Passes::sentPass (const std::string& passId, const PassStore::PublicKey& to) const
    {
        for (const auto& queued : store.listOutbox())
        {
            if (queued.message.messageId != passId || queued.message.kind != PassStore::MessageKind::pass || queued.message.recipientKey != to)
                continue;
            v1::SignedEnvelope sealed;
            v1::Envelope envelope;
            if (sealed.ParseFromString (queued.message.envelope) && envelope.ParseFromString (sealed.envelope()) && envelope.has_pass())
                return envelope.pass();
        }
        return std::nullopt;
    }

    //==============================================================================
    std::vector<std::string> Passes::reportListening (const std::string& trackIdOrPrefix, std::int64_t listenedMs)
    {
        const auto track = library.getTrack (trackIdOrPrefix);
        const auto& manifest = track.record.manifest;
        const auto durationMs = static_cast<std::int64_t> (manifest.metadata.durationMs);
        const std::int64_t threshold = durationMs > 0 ? std::min<std::int64_t> (30'000, durationMs / 2) : 30'000;

        std::vector<std::string> receipts;
        for (const auto& filed : store.findInboxByTrack (trackIdOf (manifest)))
        {
            store.recordListening (filed.pass.messageId, listenedMs);
            if (listenedMs < threshold || filed.receiptSent)
                continue;

            const auto pass = envelopeOf (filed).pass();
            v1::Envelope envelope;
            envelope.set_message_id ("receipt-" + filed.pass.messageId); // one receipt per pass, even if enqueued twice
            envelope.set_sent_at_ms (nowMs());
            envelope.set_recipient_key (keyBytes (filed.pass.senderKey));
            envelope.set_sender_peer (senderPeer());
            auto& receipt = *envelope.mutable_receipt();
            receipt.set_pass_id (filed.pass.messageId);
            receipt.set_track_id (trackIdOf (manifest));
            receipt.set_listened_ms (static_cast<std::uint64_t> (listenedMs));
            *receipt.mutable_chain() = pass.chain();
            enqueue (filed.pass.senderKey, PassStore::MessageKind::receipt, envelope);
            store.markReceiptSent (filed.pass.messageId); // after the receipt is safely in the outbox
            receipts.push_back (filed.pass.messageId);
            spdlog::info ("listened to {} for {} s: a receipt for pass {} goes to {}", manifest.fileName, listenedMs / 1000, filed.pass.messageId, friendName (filed.pass.senderKey));
        }
        return receipts;
    }

    void Passes::acknowledge (const v1::SignedEnvelope& sealed)
    {
        const auto [envelope, from] = open (sealed);
        if (! envelope.has_receipt())
            throw Error (ErrorCode::invalidArgument, "the message from " + from.name + " is not a listen receipt");
        const auto& receipt = envelope.receipt();

        // Only a pass this daemon sent to the receipt's sender can earn from it.
        const auto pass = sentPass (receipt.pass_id(), from.publicKey);
        if (! pass)
            throw Error (ErrorCode::invalidArgument, "the receipt from " + from.name + " is for pass " + receipt.pass_id() + ", which this daemon never sent them");
        const auto title = pass->manifest().metadata().title().empty() ? pass->manifest().file_name() : pass->manifest().metadata().title();

        PassStore::Credit credit;
        credit.atMs = nowMs();
        credit.passId = receipt.pass_id();
        credit.friendKey = from.publicKey;
        if (receipt.has_forwarded())
        {
            // A receipt one hop down the chain: the listener signed the inner one.
            const auto& inner = receipt.forwarded();
            const auto listener = keyFrom (inner.sender_key());
            v1::Envelope innerEnvelope;
            if (! listener || ! Identity::verify (*listener, inner.envelope(), inner.signature()) || ! innerEnvelope.ParseFromString (inner.envelope()) || ! innerEnvelope.has_receipt())
                throw Error (ErrorCode::permissionDenied, "the receipt " + from.name + " forwarded is not signed by its listener");
            if (innerEnvelope.recipient_key() != keyBytes (from.publicKey))
                throw Error (ErrorCode::invalidArgument, "the receipt " + from.name + " forwarded was not for them");
            credit.points = chainPoints;
            credit.reason = "a friend of " + from.name + " listened to " + title + ", which you passed to " + from.name;
            credit.source = "chain:" + innerEnvelope.message_id();
        }
        else
        {
            credit.points = directPoints;
            credit.reason = from.name + " listened to " + title + " for " + std::to_string (receipt.listened_ms() / 1000) + " s";
            credit.source = envelope.message_id();
        }

        if (! store.credit (credit))
            throw Error (ErrorCode::alreadyExists, "receipt " + envelope.message_id() + " from " + from.name + " was credited before; nothing was credited again");
        presence.seen (from.publicKey);
        spdlog::info ("{} points: {}", credit.points, credit.reason);

        // The pass this daemon sent came to it from a friend: that friend earns a share.
        if (! receipt.has_forwarded() && pass->chain_size() > 0)
        {
            const auto& earlier = pass->chain (pass->chain_size() - 1);
            const auto upstream = keyFrom (earlier.sender_key());
            if (upstream && store.findFriendByKey (*upstream))
            {
                v1::Envelope forward;
                forward.set_message_id ("forward-" + envelope.message_id());
                forward.set_sent_at_ms (nowMs());
                forward.set_recipient_key (earlier.sender_key());
                forward.set_sender_peer (senderPeer());
                auto& forwarded = *forward.mutable_receipt();
                forwarded.set_pass_id (earlier.pass_id());
                forwarded.set_track_id (receipt.track_id());
                forwarded.set_listened_ms (receipt.listened_ms());
                *forwarded.mutable_forwarded() = sealed;
                enqueue (*upstream, PassStore::MessageKind::receipt, forward);
            }
        }
    }

    void Passes::points (v1::GetPointsResponse& out) const
    {
        out.set_balance (store.balance());
        for (const auto& entry : store.entries())
        {
            auto& each = *out.add_entries();
            each.set_at_ms (entry.credit.atMs);
            each.set_points (entry.credit.points);
            each.set_reason (entry.credit.reason);
            each.set_pass_id (entry.credit.passId);
            each.set_from (friendName (entry.credit.friendKey));
        }
    }

    //==============================================================================
    bool Passes::withinRate (const PassStore::PublicKey& sender)
    {
        std::lock_guard lock (mutex);
        const auto now = std::chrono::steady_clock::now();
        auto [bucket, created] = rates.try_emplace (sender, Bucket { rateBurst, now });
        if (! created)
        {
            const auto elapsed = std::chrono::duration<double> (now - bucket->second.refilledAt).count();
            bucket->second.tokens = std::min (rateBurst, bucket->second.tokens + elapsed * ratePerSecond);
            bucket->second.refilledAt = now;
        }
        if (bucket->second.tokens < 1.0)
            return false;
        bucket->second.tokens -= 1.0;
        return true;
    }

    Passes::Opened Passes::open (const v1::SignedEnvelope& sealed)
    {
        if (sealed.ByteSizeLong() > maxMessageBytes)
            throw Error (ErrorCode::invalidArgument, "a message of " + std::to_string (sealed.ByteSizeLong()) + " bytes is larger than the " + std::to_string (maxMessageBytes) + " a message may be");
        const auto sender = keyFrom (sealed.sender_key());
        if (! sender)
            throw Error (ErrorCode::invalidArgument, "the sender key is " + std::to_string (sealed.sender_key().size()) + " bytes, not 32");
        const auto from = store.findFriendByKey (*sender);
        if (! from)
            throw Error (ErrorCode::permissionDenied, "unknown sender " + keyText (*sender) + "…: messages are taken only from friends; add them with `earshot friends add`");
        if (! Identity::verify (*sender, sealed.envelope(), sealed.signature()))
            throw Error (ErrorCode::permissionDenied, "bad signature on a message from " + from->name + ": it was not signed with their key, or it was changed on the way");
        if (! withinRate (*sender))
            throw Error (ErrorCode::resourceExhausted, from->name + " is sending faster than " + std::to_string (static_cast<int> (ratePerSecond)) + " messages a second; try again shortly");

        Opened opened { {}, *from };
        auto& envelope = opened.envelope;
        if (! envelope.ParseFromString (sealed.envelope()))
            throw Error (ErrorCode::invalidArgument, "the message from " + from->name + " is not a valid envelope");
        if (envelope.recipient_key() != keyBytes (identity.publicKey()))
            throw Error (ErrorCode::invalidArgument, "the message from " + from->name + " is for another daemon");
        const auto sentAgo = millisecondsSince (envelope.sent_at_ms(), nowMs());
        if (sentAgo > maxAgeMs)
            throw Error (ErrorCode::invalidArgument, "the message from " + from->name + " is stale: it was sent " + spanText (sentAgo) + " ago, and messages are taken for a day");
        if (sentAgo < -maxClockSkewMs)
            throw Error (ErrorCode::invalidArgument, "the message from " + from->name + " is dated " + spanText (-sentAgo) + " in the future; clocks may differ by 5 minutes at most (is one of the two clocks wrong?)");
        if (envelope.message_id().empty() || envelope.message_id().size() > 80)
            throw Error (ErrorCode::invalidArgument, "the message from " + from->name + " has no usable id");
        return opened;
    }

    void Passes::receive (const v1::SignedEnvelope& sealed)
    {
        const auto [envelope, from] = open (sealed);
        const auto sender = from.publicKey;
        if (! envelope.has_pass())
            throw Error (ErrorCode::invalidArgument, "the message from " + from.name + " is not a pass");
        const auto& pass = envelope.pass();
        if (pass.pass_id() != envelope.message_id())
            throw Error (ErrorCode::invalidArgument, "the pass from " + from.name + " names a different id than its envelope");

        // The manifest must describe exactly the bytes its info-hash names.
        const auto manifest = fromProto (pass.manifest());
        try
        {
            (void) validateManifest (manifest);
        }
        catch (const Error& error)
        {
            throw Error (ErrorCode::invalidArgument, "the pass from " + from.name + " carries a bad manifest: " + error.what());
        }

        // The inbox is the record of what was delivered: a pass is filed once, and a retry or a
        // replay of it is answered as delivered before. (Remembering the id before filing would lose
        // a pass if the daemon died in between: the sender's retry would be taken for a replay.)
        if (store.findInbox (envelope.message_id()))
            throw Error (ErrorCode::alreadyExists, "message " + envelope.message_id() + " from " + from.name + " was delivered before; nothing was filed again");

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

        PassStore::IncomingPass incoming;
        incoming.messageId = envelope.message_id();
        incoming.senderKey = sender;
        incoming.trackId = trackIdOf (manifest);
        incoming.passBytes = sealed.envelope(); // the pass and where it came from
        incoming.note = pass.note();
        incoming.receivedAtMs = nowMs();
        if (! store.fileIncoming (incoming))
            throw Error (ErrorCode::alreadyExists, "message " + envelope.message_id() + " from " + from.name + " was delivered before; nothing was filed again");
        store.rememberMessage (sender, envelope.message_id(), envelope.sent_at_ms());
        presence.seen (sender);
        spdlog::info ("{} passed {} (pass {})", from.name, manifest.fileName, incoming.messageId);
        inboxChanged();

        // Its opening seconds are fetched at once, so the first play starts from local data.
        if (added)
        {
            {
                std::lock_guard lock (mutex);
                arrivals.push_back (trackIdOf (manifest));
            }
            wake.notify_all();
        }
    }

    v1::SignedEnvelope Passes::ping (const v1::SignedEnvelope& sealed)
    {
        const auto [envelope, from] = open (sealed);
        if (! envelope.has_probe())
            throw Error (ErrorCode::invalidArgument, "the message from " + from.name + " is not a presence probe");
        return presence.answerProbe (envelope, from.publicKey);
    }

    std::string Passes::friendName (const PassStore::PublicKey& key) const
    {
        const auto known = store.findFriendByKey (key);
        return known ? known->name : keyText (key) + "…";
    }

    void Passes::listInbox (v1::ListInboxResponse& out) const
    {
        for (const auto& filed : store.listInbox())
        {
            auto& entry = *out.add_passes();
            entry.set_pass_id (filed.pass.messageId);
            entry.set_from (friendName (filed.pass.senderKey));
            const auto pass = envelopeOf (filed).pass();
            entry.set_sender_name (pass.sender_name());
            *entry.mutable_manifest() = pass.manifest();
            entry.set_note (filed.pass.note);
            entry.set_received_at_ms (filed.pass.receivedAtMs);
            entry.set_read (filed.read);
            entry.set_listened_ms (static_cast<std::uint64_t> (filed.listenedMs));
        }
        out.set_unread (static_cast<std::uint32_t> (store.unreadCount()));
    }

    void Passes::listOutbox (v1::ListOutboxResponse& out) const
    {
        for (const auto& queued : store.listOutbox())
        {
            auto& entry = *out.add_messages();
            entry.set_message_id (queued.message.messageId);
            entry.set_to (friendName (queued.message.recipientKey));
            entry.set_kind (queued.message.kind == PassStore::MessageKind::pass ? "pass" : "receipt");
            const auto state = queued.state();
            entry.set_state (state == PassStore::DeliveryState::delivered ? "delivered" : state == PassStore::DeliveryState::retrying ? "retrying"
                                                                                                                                      : "waiting");
            entry.set_attempts (static_cast<std::uint32_t> (queued.attempts));
            entry.set_last_error (queued.lastError);
            entry.set_created_at_ms (queued.message.createdAtMs);
            entry.set_delivered_at_ms (queued.deliveredAtMs.value_or (0));
            v1::SignedEnvelope sealed;
            v1::Envelope envelope;
            if (sealed.ParseFromString (queued.message.envelope) && envelope.ParseFromString (sealed.envelope()) && envelope.has_pass())
                entry.set_track_id (envelope.pass().manifest().info_hash());
        }
    }

    void Passes::markRead (const std::string& passId)
    {
        if (! store.findInbox (passId))
            throw Error (ErrorCode::notFound, "no pass " + passId + " in the inbox");
        if (store.markRead (passId))
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
        wake.notify_all();
    }

    void Passes::recordUploads()
    {
        // Friends' BitTorrent addresses, from the passes they sent, by track.
        std::map<std::string, std::map<std::string, PassStore::PublicKey>> sources;
        for (const auto& filed : store.listInbox())
        {
            const auto envelope = envelopeOf (filed);
            if (! envelope.sender_peer().empty())
                sources[filed.pass.trackId][envelope.sender_peer()] = filed.pass.senderKey;
        }
        for (const auto& [trackId, friendsByEndpoint] : sources)
        {
            for (const auto& transfer : library.swarm().peerTransfers (trackId))
            {
                const auto source = friendsByEndpoint.find (transfer.endpoint);
                if (source == friendsByEndpoint.end())
                    continue;
                // The swarm's totals only grow while the daemon runs; record what is new since the
                // last look (a restart starts again from what the store already holds).
                auto& last = downloadedSoFar[trackId + " " + transfer.endpoint];
                const auto delta = transfer.downloaded - last;
                last = transfer.downloaded;
                if (delta > 0)
                    store.addUploaded (source->second, trackId, delta);
            }
        }
    }

    void Passes::courierLoop()
    {
        auto nextUploadsCheck = std::chrono::steady_clock::now();
        for (;;)
        {
            {
                std::unique_lock lock (mutex);
                wake.wait_for (lock, courierRound);
                if (stopping)
                    return;
            }
            try
            {
                if (std::chrono::steady_clock::now() >= nextUploadsCheck)
                {
                    recordUploads();
                    nextUploadsCheck = std::chrono::steady_clock::now() + std::chrono::seconds (2);
                }
                for (const auto& message : store.due (nowMs(), 16))
                {
                    {
                        std::lock_guard lock (mutex);
                        if (stopping)
                            return;
                    }
                    deliver (message);
                }
            }
            catch (const std::exception& error)
            {
                spdlog::error ("the outbox: {}", error.what());
            }
        }
    }

    void Passes::deliver (const PassStore::OutboxMessage& queued)
    {
        const auto recipient = store.findFriendByKey (queued.message.recipientKey);
        if (! recipient)
            return; // removed meanwhile; PassStore drops their undelivered messages

        const auto address = (recipient->host.find (':') != std::string::npos ? "[" + recipient->host + "]" : recipient->host) + ":" + std::to_string (recipient->port);
        auto& channel = channels[address];
        if (! channel)
            channel = grpc::CreateChannel (address, grpc::InsecureChannelCredentials());
        auto stub = v1::Friends::NewStub (channel);

        v1::SignedEnvelope sealed;
        sealed.ParseFromString (queued.message.envelope);
        grpc::ClientContext context;
        context.set_deadline (std::chrono::system_clock::now() + deliveryDeadline);
        grpc::Status status;
        if (queued.message.kind == PassStore::MessageKind::pass)
        {
            v1::DeliverResponse response;
            status = stub->Deliver (&context, sealed, &response);
        }
        else
        {
            v1::AcknowledgeResponse response;
            status = stub->Acknowledge (&context, sealed, &response);
        }

        // ALREADY_EXISTS: the friend filed it before (its answer to an earlier try was lost).
        if (status.ok() || status.error_code() == grpc::StatusCode::ALREADY_EXISTS)
        {
            store.markDelivered (queued.message.messageId, nowMs());
            presence.seen (recipient->publicKey);
            spdlog::info ("delivered {} to {}", queued.message.messageId, recipient->name);
        }
        else
        {
            store.markAttemptFailed (queued.message.messageId, nowMs(), status.error_message());
            spdlog::debug ("delivering {} to {} failed ({}); it is retried", queued.message.messageId, recipient->name, status.error_message());
        }
    }

    //==============================================================================
    void Passes::prebufferLoop()
    {
        for (;;)
        {
            std::string trackId;
            {
                std::unique_lock lock (mutex);
                wake.wait (lock, [this]
                           { return stopping || ! arrivals.empty(); });
                if (stopping)
                    return;
                trackId = arrivals.front();
                arrivals.pop_front();
            }
            prebuffer (trackId);
        }
    }

    void Passes::prebuffer (const std::string& trackId)
    {
        try
        {
            const auto track = library.getTrack (trackId);
            const auto bytesPerSecond = std::max<std::uint64_t> (1, bytesPerSecondOfAudio (track.record.manifest));
            const auto wanted = std::min<std::uint64_t> (track.record.manifest.fileSize, static_cast<std::uint64_t> (prebufferSeconds * static_cast<double> (bytesPerSecond)));
            auto cursor = library.swarm().openStream (trackId, 0, prebufferSeconds, true);
            std::string chunk;
            std::uint64_t got = 0;
            const auto until = std::chrono::steady_clock::now() + std::chrono::seconds (60);
            while (got < wanted && std::chrono::steady_clock::now() < until)
            {
                {
                    std::lock_guard lock (mutex);
                    if (stopping)
                        break;
                }
                chunk.clear();
                if (library.swarm().readStream (cursor, chunk, 256 * 1024))
                    got += chunk.size();
                else
                    std::this_thread::sleep_for (std::chrono::milliseconds (50));
            }
            library.swarm().closeStream (cursor);
            spdlog::info ("pre-buffered {} bytes of {}", got, track.record.manifest.fileName);
        }
        catch (const std::exception& error)
        {
            spdlog::warn ("pre-buffering {} failed: {}", trackId, error.what());
        }
    }
} // namespace earshot
