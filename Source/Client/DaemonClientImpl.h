#pragma once

// The connection a DaemonClient keeps to earshotd, shared by the files that make its calls
// (DaemonClient.cpp: tracks; DaemonClientFriends.cpp: friends, passes and points;
// DaemonClientDiscovery.cpp: the hub link and discovery; DaemonClientNews.cpp: following and news;
// DaemonClientStream.cpp: Stream). Private to Source/Client.

#include "DaemonClient.h"

#include "Core/Paging.h"

#include "earshot/v1/discovery.grpc.pb.h"
#include "earshot/v1/library.grpc.pb.h"
#include "earshot/v1/news.grpc.pb.h"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <grpcpp/grpcpp.h>
#include <string>

namespace earshot
{
    namespace client
    {
        /** The Error code for a gRPC status code. */
        [[nodiscard]] ErrorCode codeOf (grpc::StatusCode code);

        /** Asks the kernel, not gRPC, whether anything listens on the unix socket at path: 0 when
            something does (it took the connection, or its queue is full: a busy daemon), else the
            errno of connecting, which comes at once: ENOENT for no socket file, ECONNREFUSED for a
            file nobody accepts on (what a killed daemon leaves). */
        [[nodiscard]] int listenerErrorAt (const std::string& path);

        /** Whether text is an artist's key (64 hex digits) rather than a name. */
        [[nodiscard]] bool isKeyHex (const std::string& text) noexcept;
    } // namespace client

    struct DaemonClient::Impl
    {
        std::string address;
        std::string token;
        std::shared_ptr<grpc::Channel> channel;
        std::unique_ptr<v1::Library::Stub> stub;
        std::unique_ptr<v1::HubLink::Stub> hubLink;
        std::unique_ptr<v1::Discovery::Stub> discovery;
        std::unique_ptr<v1::News::Stub> news;

        /** The stub a method belongs to. */
        [[nodiscard]] v1::Library::Stub& stubFor (v1::Library::Stub*) { return *stub; }
        [[nodiscard]] v1::HubLink::Stub& stubFor (v1::HubLink::Stub*) { return *hubLink; }
        [[nodiscard]] v1::Discovery::Stub& stubFor (v1::Discovery::Stub*) { return *discovery; }
        [[nodiscard]] v1::News::Stub& stubFor (v1::News::Stub*) { return *news; }

        void prepare (grpc::ClientContext& context) const
        {
            if (! token.empty())
                context.AddMetadata ("authorization", "Bearer " + token);
        }

        /** 0 when something listens at the address, else why not (an errno). Only a unix socket can
            be asked; for TCP this is called once gRPC has failed to connect, and as its connect
            timeout is long, that means the connection was refused or broken, not slow. */
        [[nodiscard]] int listenerError() const
        {
            if (address.rfind ("unix:", 0) == 0)
                return client::listenerErrorAt (address.substr (5));
            return ECONNREFUSED;
        }

        [[nodiscard]] std::string notRunning (int error) const
        {
            if (error == ECONNREFUSED || error == ENOENT || error == ENOTDIR)
                return "earshotd is not running at " + address + " (nothing listens there); start it with `earshot daemon`";
            return "cannot reach earshotd at " + address + ": " + std::strerror (error);
        }

        [[nodiscard]] std::string notAnswering (std::chrono::milliseconds patience) const
        {
            return "earshotd at " + address + " is listening but has not answered for " + std::to_string (patience.count() / 1000) + " s: is it stopped or overloaded?";
        }

        /** Connects unless connected: see DaemonClient::reach. error says why it is not running. */
        Reach reach (std::chrono::milliseconds patience, const std::function<bool()>& stop, int& error)
        {
            const auto deadline = std::chrono::steady_clock::now() + patience;
            auto state = channel->GetState (true);
            for (;;)
            {
                if (state == GRPC_CHANNEL_READY)
                    return Reach::answering;
                // gRPC gives up on a connection quickly only when it was refused or broken; the
                // kernel says whether that was because nothing listens (a busy daemon that refused
                // for a full queue is still there: the channel retries within a second).
                if (state == GRPC_CHANNEL_TRANSIENT_FAILURE || state == GRPC_CHANNEL_SHUTDOWN)
                {
                    error = listenerError();
                    if (error != 0)
                        return Reach::notRunning;
                }
                const auto now = std::chrono::steady_clock::now();
                if (now >= deadline || (stop && stop()))
                    return Reach::notAnswering;
                const auto wait = std::min<std::chrono::steady_clock::duration> (deadline - now, std::chrono::milliseconds (100));
                (void) channel->WaitForStateChange (state, std::chrono::system_clock::now() + wait);
                state = channel->GetState (true);
            }
        }

        /** Before a call: throws Error (unavailable) unless the daemon answers. */
        void connect (const std::function<bool()>& stop = {})
        {
            int error = 0;
            switch (reach (connectPatience, stop, error))
            {
                case Reach::answering:
                    return;
                case Reach::notRunning:
                    throw Error (ErrorCode::unavailable, notRunning (error));
                case Reach::notAnswering:
                    if (stop && stop())
                        return; // the caller gave up waiting; its call is cancelled
                    throw Error (ErrorCode::unavailable, notAnswering (connectPatience));
            }
        }

        void check (const grpc::Status& status) const
        {
            if (status.ok())
                return;
            if (status.error_code() == grpc::StatusCode::UNAVAILABLE && status.error_message().find ("earshotd") == std::string::npos)
            {
                // The daemon went away during the call, or was in the middle of going.
                if (const int error = listenerError(); error != 0)
                    throw Error (ErrorCode::unavailable, notRunning (error) + " (" + status.error_message() + ")");
                throw Error (ErrorCode::unavailable, "earshotd at " + address + " is not answering (" + status.error_message() + ")");
            }
            throw Error (client::codeOf (status.error_code()), status.error_message());
        }

        /** Calls a unary method within the call time limit (none when timeout is zero). */
        template <typename Request, typename Response, typename Stub>
        Response unary (grpc::Status (Stub::*method) (grpc::ClientContext*, const Request&, Response*), const Request& request, std::chrono::milliseconds timeout)
        {
            connect();
            grpc::ClientContext context;
            prepare (context);
            const auto deadline = std::chrono::system_clock::now() + timeout;
            if (timeout.count() > 0)
                context.set_deadline (deadline);
            Response response;
            const auto status = (stubFor (static_cast<Stub*> (nullptr)).*method) (&context, request, &response);
            if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED && timeout.count() > 0 && std::chrono::system_clock::now() >= deadline)
                throw Error (ErrorCode::unavailable, notAnsweringCall (callName (Request::descriptor()->name()), timeout));
            check (status);
            return response;
        }

        template <typename Request, typename Response, typename Method>
        Response unary (Method method, const Request& request)
        {
            return unary<Request, Response> (method, request, callTimeout.load());
        }

        /** The RPC a request message is for: GetTrackRequest is GetTrack's. */
        static std::string callName (const std::string& requestName)
        {
            constexpr std::string_view suffix = "Request";
            return requestName.ends_with (suffix) ? requestName.substr (0, requestName.size() - suffix.size()) : requestName;
        }

        [[nodiscard]] std::string notAnsweringCall (const std::string& call, std::chrono::milliseconds timeout) const
        {
            char seconds[32];
            std::snprintf (seconds, sizeof (seconds), "%g", static_cast<double> (timeout.count()) / 1000.0);
            return "earshotd at " + address + " did not answer " + call + " within " + seconds + " s: is it stopped or overloaded?";
        }

        /** Calls a paged list until its last page, the largest pages first, handing each response
            to onPage. A daemon from before paging answers with one page and no token. Throws
            Error (internal) if the daemon hands back the token it was given, which would never end. */
        template <typename Request, typename Response, typename Method, typename OnPage>
        void forEachPage (Method method, OnPage onPage, Request request = {})
        {
            request.set_page_size (paging::maxPageSize);
            for (;;)
            {
                const auto response = unary<Request, Response> (method, request);
                onPage (response);
                if (response.next_page_token().empty())
                    return;
                if (response.next_page_token() == request.page_token())
                    throw Error (ErrorCode::internal, "earshotd at " + address + " gave the same page of " + callName (Request::descriptor()->name()) + " twice");
                request.set_page_token (response.next_page_token());
            }
        }

        std::atomic<std::chrono::milliseconds> callTimeout { DaemonClient::defaultCallTimeout };
    };
} // namespace earshot
