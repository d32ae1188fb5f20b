#include "DaemonModel.h"

#include <juce_events/juce_events.h>

namespace earshot
{
    DaemonSnapshot DaemonSnapshot::fetch (DaemonClient& client, bool withFriendCode)
    {
        DaemonSnapshot snapshot;
        try
        {
            snapshot.tracks = client.listTracks();
            snapshot.connected = true;
            auto [inbox, unread] = client.listInbox();
            snapshot.inbox = std::move (inbox);
            snapshot.unread = unread;
            snapshot.friends = client.listFriends();
            if (withFriendCode)
                snapshot.friendCode = juce::String::fromUTF8 (client.friendCode().c_str());
        }
        catch (const Error& error)
        {
            if (error.code() == ErrorCode::unavailable)
            {
                DaemonSnapshot unreachable;
                unreachable.error = reconnectingMessage();
                return unreachable;
            }
            snapshot.error = juce::String::fromUTF8 (error.what());
        }
        catch (const std::exception& error)
        {
            snapshot.error = juce::String::fromUTF8 (error.what());
        }
        return snapshot;
    }

    juce::String DaemonSnapshot::reconnectingMessage()
    {
        return juce::String (juce::CharPointer_UTF8 ("earshotd is not running \xe2\x80\x94 reconnecting\xe2\x80\xa6"));
    }

    //==============================================================================
    /** What the worker posts through: gone once the model is, so late messages do nothing. */
    struct DaemonModel::Delivery
    {
        std::function<void (const DaemonSnapshot&)> onSnapshot;
    };

    DaemonModel::DaemonModel (std::shared_ptr<DaemonClient> daemonClient, std::function<void (const DaemonSnapshot&)> onSnapshot, std::chrono::milliseconds pollInterval)
        : client (std::move (daemonClient)), interval (pollInterval), delivery (std::make_shared<Delivery> (Delivery { std::move (onSnapshot) }))
    {
        worker = std::thread ([this]
                              { run(); });
    }

    DaemonModel::~DaemonModel()
    {
        {
            std::lock_guard lock (mutex);
            quit = true;
        }
        wake.notify_all();
        worker.join();
        delivery.reset(); // messages already posted find nothing to call
    }

    void DaemonModel::perform (std::function<void (DaemonClient&)> action, std::function<void (juce::String)> onDone)
    {
        {
            std::lock_guard lock (mutex);
            actions.emplace_back (std::move (action), std::move (onDone));
        }
        wake.notify_all();
    }

    void DaemonModel::post (std::function<void()> onMessageThread)
    {
        std::weak_ptr<Delivery> weak = delivery;
        juce::MessageManager::callAsync ([weak, call = std::move (onMessageThread)]
                                         {
            if (weak.lock() != nullptr)
                call(); });
    }

    void DaemonModel::run()
    {
        juce::String friendCode; // fetched once per connection to the daemon
        std::unique_lock lock (mutex);
        while (! quit)
        {
            wake.wait_for (lock, interval, [this]
                           { return quit || firstFetch || ! actions.empty(); });
            if (quit)
                break;

            // Actions first, then a fresh snapshot that shows what they did.
            while (! actions.empty() && ! quit)
            {
                auto [action, onDone] = std::move (actions.front());
                actions.pop_front();
                lock.unlock();
                juce::String failure;
                try
                {
                    action (*client);
                }
                catch (const Error& error)
                {
                    failure = error.code() == ErrorCode::unavailable ? DaemonSnapshot::reconnectingMessage() : juce::String::fromUTF8 (error.what());
                }
                catch (const std::exception& error)
                {
                    failure = juce::String::fromUTF8 (error.what());
                }
                if (onDone)
                    post ([onDone, failure]
                          { onDone (failure); });
                lock.lock();
            }

            firstFetch = false;
            lock.unlock();
            auto snapshot = std::make_shared<DaemonSnapshot> (DaemonSnapshot::fetch (*client, friendCode.isEmpty()));
            if (! snapshot->connected)
                friendCode.clear();
            else if (snapshot->friendCode.isEmpty())
                snapshot->friendCode = friendCode;
            else
                friendCode = snapshot->friendCode;
            post ([weak = std::weak_ptr<Delivery> (delivery), snapshot]
                  {
                if (auto target = weak.lock(); target != nullptr && target->onSnapshot)
                    target->onSnapshot (*snapshot); });
            lock.lock();
        }
    }
} // namespace earshot
