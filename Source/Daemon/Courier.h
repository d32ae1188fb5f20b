#pragma once

#include "Daemon/Envelopes.h"
#include "Daemon/Presence.h"
#include "Daemon/TrackLibrary.h"
#include "Store/PassData.h"

#include "earshot/v1/friends.grpc.pb.h"

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace earshot
{
    /** Delivers the outbox. Messages are signed and put in the persistent outbox (enqueue); the
        courier's own thread seals what is due to the friend's key (Envelopes::sealTo) and sends it
        to their Friends API, and retries with backoff
        (OutboxStore::retryDelayMs) until the friend's daemon has it, through restarts of either side.
        A pass the friend's daemon refuses for its inbox quota (passRules::isQuotaRefusal, told from
        its rate limit by the message) is held instead: retried hourly, its reason kept for the
        outbox to show. Every delivery counts in presence as the friend being seen.

        A refusal the same bytes would meet again (deliveryRules::verdictOn: too large, stale,
        malformed) marks the message failed with the friend's reason, and it is never
        retried; so is a queued message that breaks today's rules (one queued before a limit
        existed), the first time the courier reads it.

        On the same thread, every 2 s, it adds what each friend's connection uploaded to this daemon
        for a track they passed (UploadStore::add); and at start, then hourly, it prunes what the
        store no longer needs (message ids too old to be replayed, receipts delivered a week ago)
        and gives a file with many free pages back to the file system (SharedDatabase::reclaimSpace).

        enqueue() and wake() may be called from any thread. */
    class Courier final
    {
    public:
        /** Starts the courier's thread; every argument must outlive this. */
        Courier (TrackLibrary& library, PassData& store, const Envelopes& envelopes, Presence& presence);
        /** Stops the thread, after the delivery in progress, if any. */
        ~Courier();

        /** Signs envelope and puts it in the outbox for recipient (a second enqueue of the same
            message id changes nothing), then wakes the courier. Throws Error (invalidArgument),
            queueing nothing, when the signed message is larger than a friend's daemon takes
            (passRules::maxMessageBytes); `what` names it in that error ("the pass of 'x.flac'"). */
        void enqueue (const PublicKey& recipient, OutboxStore::MessageKind kind, const v1::Envelope& envelope, const std::string& what = "the message");

        /** Makes the courier look at the outbox now rather than at its next round. */
        void wake();

    private:
        void run();
        bool stopRequested();
        void recordUploads();
        void prune();
        void deliver (const OutboxStore::OutboxMessage& message);

        TrackLibrary& library;
        PassData& store;
        const Envelopes& envelopes;
        Presence& presence;

        std::mutex mutex;
        std::condition_variable woken;
        bool stopping = false; // guarded by mutex
        bool nudged = false; // guarded by mutex
        std::map<std::string, std::shared_ptr<grpc::Channel>> channels; // courier thread only
        std::map<std::string, std::int64_t> downloadedSoFar; // courier thread only

        std::thread thread;
    };
} // namespace earshot
