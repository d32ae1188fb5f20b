#pragma once

#include "HubStore.h"
#include "NewsNotifier.h"
#include "Server/CallRunner.h"
#include "earshot/v1/hub.grpc.pb.h"

#include <cstddef>
#include <memory>
#include <vector>

namespace earshot
{
    /** One Hub.WatchEvents call: for each artist asked for, the posts filed after its cursor (for
        a cursor of 0, the artist's recent releases, upcoming tour dates and their cancellations:
        HubStore::news), oldest first, then each post as it is filed, until the watcher hangs up.

        The backlog is read on the CallRunner's workers, never on a gRPC thread; live posts come
        from the NewsNotifier, subscribed before the backlog is read so none falls between, and
        each is sent once (a post already sent from the backlog is skipped). A watcher that lets
        more than maxQueued events wait is ended with RESOURCE_EXHAUSTED: it resumes from its
        cursors.

        Deletes itself when gRPC is done with it. store, notifier and calls must outlive the
        server. */
    class EventWatch final : public grpc::ServerWriteReactor<v1::HubEvent>
    {
    public:
        /** Events waiting to be written at most, once the backlog has gone out. */
        static constexpr std::size_t maxQueued = 1000;

        /** Starts the watch of request; ends it at once with INVALID_ARGUMENT for a key that is
            not 32 bytes or more than newsRules::maxFollows artists. From the gRPC handler. */
        EventWatch (const v1::WatchEventsRequest& request, HubStore& store, NewsNotifier& notifier, CallRunner& calls);

        void OnWriteDone (bool ok) override;
        void OnCancel() override;
        void OnDone() override;

    private:
        class Sink;

        std::shared_ptr<Sink> sink;
        NewsNotifier& notifier;
        std::vector<PublicKey> artists;
    };
} // namespace earshot
