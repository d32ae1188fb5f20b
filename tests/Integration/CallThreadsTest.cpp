// No call waits for another's work: a publish hashing an album runs on a worker of its own, so the
// quick calls (more of them at once than gRPC has callback threads) answer meanwhile, and a daemon
// told to stop fails the calls it has not answered instead of leaving their clients hanging.
//
// The order is made certain, not likely: the test holds the daemon's long-call worker thread still
// (ptrace, as a debugger does with one thread while the others run), so the publish cannot answer
// until the test lets the thread go, however fast or loaded the machine.

#include "Support/DaemonProcess.h"

#include "earshot/v1/library.grpc.pb.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <future>
#include <mutex>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    /** The id of the daemon's thread the system calls threadName, or -1. */
    int threadNamed (int pid, const std::string& threadName)
    {
        std::error_code ec;
        for (const auto& task : std::filesystem::directory_iterator ("/proc/" + std::to_string (pid) + "/task", ec))
        {
            std::ifstream comm (task.path() / "comm");
            std::string name;
            std::getline (comm, name);
            if (name == threadName)
                return std::stoi (task.path().filename().string());
        }
        return -1;
    }

    /** One thread of another process, held still (ptrace's seize and interrupt) while the
        process's other threads run on; let go by release() or when this goes. Use from one thread. */
    class HeldThread final
    {
    public:
        explicit HeldThread (int threadId)
            : tid (threadId)
        {
            if (::ptrace (PTRACE_SEIZE, tid, nullptr, nullptr) != 0)
                return;
            int status = 0;
            held = ::ptrace (PTRACE_INTERRUPT, tid, nullptr, nullptr) == 0 && ::waitpid (tid, &status, __WALL) == tid && WIFSTOPPED (status);
        }

        ~HeldThread() { release(); }

        HeldThread (const HeldThread&) = delete;
        HeldThread& operator= (const HeldThread&) = delete;

        [[nodiscard]] bool isHeld() const noexcept { return held; }

        void release()
        {
            if (tid > 0)
                ::ptrace (PTRACE_DETACH, tid, nullptr, nullptr);
            tid = -1;
            held = false;
        }

    private:
        int tid;
        bool held = false;
    };

    /** A PCM WAV file of silence, bytes long in all; sparse, so it takes no disk space to speak of. */
    void writeSilentWav (const std::filesystem::path& file, std::uint32_t bytes)
    {
        const auto le32 = [] (std::uint32_t v)
        { return std::string { char (v), char (v >> 8), char (v >> 16), char (v >> 24) }; };
        const auto le16 = [] (std::uint16_t v)
        { return std::string { char (v), char (v >> 8) }; };
        const std::uint32_t dataBytes = bytes - 44;
        std::string header = "RIFF" + le32 (bytes - 8) + "WAVEfmt " + le32 (16) + le16 (1) + le16 (2) + le32 (44100) + le32 (44100 * 4) + le16 (4) + le16 (16) + "data" + le32 (dataBytes);
        {
            std::ofstream out (file, std::ios::binary);
            out << header;
        }
        std::filesystem::resize_file (file, bytes);
    }

    /** An album of silent tracks of a few dozen MB each. */
    std::filesystem::path makeAlbum (const std::filesystem::path& parent, int tracks)
    {
        const auto folder = parent / "Long Album";
        std::filesystem::create_directories (folder);
        for (int i = 0; i < tracks; ++i)
            writeSilentWav (folder / ("track " + std::to_string (i + 1) + ".wav"), (48u + 4u * static_cast<std::uint32_t> (i)) * 1024 * 1024);
        return folder;
    }

    struct Answer
    {
        grpc::Status status;
        int order = 0;
    };

    /** Calls made at once on one channel, numbered in the order their answers come. */
    class Caller final
    {
    public:
        explicit Caller (const std::string& address)
            : stub (v1::Library::NewStub (grpc::CreateChannel (address, grpc::InsecureChannelCredentials())))
        {
        }

        /** Sends a Publish of paths; its answer comes through the future. */
        std::future<Answer> publish (const std::vector<std::string>& paths)
        {
            return send<v1::PublishRequest, v1::PublishResponse> ([&paths] (auto* async, auto* context, auto* request, auto* response, auto done)
                                                                  {
                for (const auto& path : paths)
                    request->add_paths (path);
                async->Publish (context, request, response, std::move (done)); });
        }

        /** Sends count quick calls at once (daemon info, the track list, the friend code, in turn)
            and waits for every answer. */
        std::vector<Answer> quickCalls (int count)
        {
            std::vector<std::future<Answer>> pending;
            for (int i = 0; i < count; ++i)
            {
                switch (i % 3)
                {
                    case 0:
                        pending.push_back (send<v1::GetDaemonInfoRequest, v1::GetDaemonInfoResponse> ([] (auto* async, auto&&... args)
                                                                                                      { async->GetDaemonInfo (args...); }));
                        break;
                    case 1:
                        pending.push_back (send<v1::ListTracksRequest, v1::ListTracksResponse> ([] (auto* async, auto&&... args)
                                                                                                { async->ListTracks (args...); }));
                        break;
                    default:
                        pending.push_back (send<v1::GetFriendCodeRequest, v1::GetFriendCodeResponse> ([] (auto* async, auto&&... args)
                                                                                                      { async->GetFriendCode (args...); }));
                        break;
                }
            }
            std::vector<Answer> answered;
            for (auto& each : pending)
                answered.push_back (each.get());
            return answered;
        }

    private:
        template <typename Request, typename Response>
        struct Call
        {
            grpc::ClientContext context;
            Request request;
            Response response;
            std::promise<Answer> answered;

            Call()
            {
                // Only a guard against a daemon that never answers: a test that hangs tells nothing.
                context.set_deadline (std::chrono::system_clock::now() + std::chrono::seconds (120));
            }
        };

        /** method (async interface, context, request, response, callback) sends one call. */
        template <typename Request, typename Response, typename Method>
        std::future<Answer> send (Method method)
        {
            auto call = std::make_shared<Call<Request, Response>>();
            // Kept here too, so that a call's context is never destroyed by the last reference
            // gRPC drops while it finishes the call (a double free in gRPC's teardown).
            calls.push_back (call);
            method (stub->async(), &call->context, &call->request, &call->response, std::function<void (grpc::Status)> ([counter = answers, call] (grpc::Status status)
                                                                                                                        { call->answered.set_value ({ std::move (status), ++*counter }); }));
            return call->answered.get_future();
        }

        std::unique_ptr<v1::Library::Stub> stub;
        std::vector<std::shared_ptr<void>> calls;
        /** Shared with the calls' callbacks, which may outlive a test that failed half-way. */
        std::shared_ptr<std::atomic<int>> answers = std::make_shared<std::atomic<int>> (0);
    };

    /** Holds the daemon's long-call worker; skips the test where this system forbids tracing. */
    std::unique_ptr<HeldThread> holdLongCallWorker (const DaemonProcess& daemon)
    {
        const int tid = threadNamed (daemon.processId(), "earshotd-long");
        EXPECT_GT (tid, 0) << "earshotd runs long calls on a thread of their own, named earshotd-long";
        if (tid <= 0)
            return nullptr;
        auto held = std::make_unique<HeldThread> (tid);
        return held;
    }
} // namespace

namespace
{
    /** A daemon whose long-call worker is held still, with an album to publish. */
    class CallThreadsTest : public ::testing::Test
    {
    protected:
        void SetUp() override
        {
            album = makeAlbum (folder.path(), 6);
            daemon.start();
            caller = std::make_unique<Caller> (daemon.apiAddress());
            held = holdLongCallWorker (daemon);
            ASSERT_NE (held, nullptr);
            if (! held->isHeld())
                GTEST_SKIP() << "this system does not let a test trace its own child process (ptrace)";
        }

        TemporaryDirectory folder;
        std::filesystem::path album;
        DaemonProcess daemon { folder.path() / "daemon" };
        std::unique_ptr<Caller> caller;
        std::unique_ptr<HeldThread> held;
    };
} // namespace

TEST_F (CallThreadsTest, QuickCallsAnswerWhileAnAlbumIsBeingPublished)
{
    auto published = caller->publish ({ album.string() });
    // Far more calls at once than gRPC has callback threads: each answers although the publish,
    // sent first, cannot.
    const auto quick = caller->quickCalls (64);
    for (const auto& answer : quick)
        EXPECT_TRUE (answer.status.ok()) << answer.status.error_message();
    EXPECT_EQ (published.wait_for (std::chrono::seconds (0)), std::future_status::timeout) << "the publish answered while its worker was held";

    held->release();
    const auto publishAnswer = published.get();
    ASSERT_TRUE (publishAnswer.status.ok()) << publishAnswer.status.error_message();
    for (const auto& answer : quick)
        EXPECT_LT (answer.order, publishAnswer.order);
    EXPECT_EQ (daemon.client().listTracks().size(), 6u) << "the album was published once let go";
}

TEST_F (CallThreadsTest, AStoppingDaemonFailsAPublishInFlightAndExitsCleanly)
{
    auto published = caller->publish ({ album.string() });
    // A later call on the same channel answers: the publish has reached the daemon, or is about
    // to (it then finds the daemon stopping, and its answer is the same).
    ASSERT_TRUE (caller->quickCalls (1).front().status.ok());

    ::kill (daemon.processId(), SIGTERM);
    // Answered while the publish's worker is still held: the client is not left waiting for work
    // that will never be answered.
    const auto answer = published.get();
    EXPECT_EQ (answer.status.error_code(), grpc::StatusCode::UNAVAILABLE) << answer.status.error_message();
    EXPECT_NE (answer.status.error_message().find ("shutting down"), std::string::npos) << answer.status.error_message();

    held->release();
    EXPECT_EQ (daemon.stop(), 0) << daemon.log();
}
