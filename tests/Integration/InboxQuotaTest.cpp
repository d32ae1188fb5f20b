// What a friend can make a daemon store, between real earshotd processes: a friend who sends many
// large passes is refused past their quota with the reason, their own daemon holds what waits
// instead of retrying it fast, and the receiver's inbox stays listable, deletable and small.

#include "PassFriends.h"

#include "earshot/v1/library.grpc.pb.h"

#include <gmock/gmock.h>
#include <google/protobuf/unknown_field_set.h>

#include <thread>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;
using ::testing::HasSubstr;

namespace
{
    constexpr std::int64_t mebibyte = 1024 * 1024;

    /** Ben keeps 3 MiB and 3 passes from a friend: passes of about a mebibyte each, the report's
        case at a size a test sends quickly. */
    class InboxQuotaTest : public PassFriends
    {
    protected:
        explicit InboxQuotaTest (const std::vector<std::string>& benArguments = { "--inbox-quota-bytes", std::to_string (3 * mebibyte), "--inbox-quota-passes", "3" })
            : PassFriends (benArguments)
        {
        }

        /** A pass from Ana of just under the 1 MiB a message may be. A note is limited to a few
            KiB, so the bulk is a field this daemon does not know, as a forged or newer sender's
            message may carry: it is signed, sent and stored all the same. */
        v1::SignedEnvelope largePass()
        {
            return fromAna ([] (v1::Envelope& envelope)
                            { envelope.GetReflection()->MutableUnknownFields (&envelope)->AddLengthDelimited (999, std::string (1'000'000, 'p')); });
        }

        /** Delivers to Ben, waiting out his rate limit (which is not what is tested here). */
        grpc::Status deliverPaced (const v1::SignedEnvelope& sealed)
        {
            for (;;)
            {
                const auto status = deliverToBen (sealed);
                if (status.error_code() != grpc::StatusCode::RESOURCE_EXHAUSTED || passRules::isQuotaRefusal (status.error_message()))
                    return status;
                std::this_thread::sleep_for (300ms);
            }
        }

        /** Ben's database with its WAL: what it takes on disk. */
        std::uintmax_t benDatabaseBytes() const
        {
            const auto file = ben.dataDirectory() / "library.sqlite3";
            auto wal = file;
            wal += "-wal";
            return std::filesystem::file_size (file) + (std::filesystem::exists (wal) ? std::filesystem::file_size (wal) : 0);
        }

        /** The id of a pass as sealed. */
        static std::string idOf (const v1::SignedEnvelope& sealed)
        {
            v1::Envelope envelope;
            envelope.ParseFromString (sealed.envelope());
            return envelope.message_id();
        }

        CommandResult runCli (const DaemonProcess& daemon, const std::string& arguments) const
        {
            return runCommand (std::string (EARSHOT_CLI_BINARY) + " --api " + daemon.apiAddress() + " " + arguments + " 2>&1");
        }
    };

    /** Ben keeps 3 passes from a friend, and 1.5 MiB of passes in all. */
    class InboxLimitsTest : public InboxQuotaTest
    {
    protected:
        InboxLimitsTest()
            : InboxQuotaTest ({ "--inbox-quota-passes", "3", "--inbox-max-bytes", std::to_string (3 * mebibyte / 2) })
        {
        }
    };

    int countOf (const std::string& text, const std::string& word)
    {
        int count = 0;
        for (auto at = text.find (word); at != std::string::npos; at = text.find (word, at + 1))
            ++count;
        return count;
    }
} // namespace

TEST_F (InboxQuotaTest, AFriendSendingManyLargePassesIsRefusedPastQuotaAndTheInboxStaysUsable)
{
    // Ana's passes are taken until her quota is full, then refused with what is stored.
    int taken = 0;
    grpc::Status refusal;
    for (int sent = 0; sent < 10; ++sent)
    {
        const auto sealed = largePass();
        ASSERT_LE (sealed.ByteSizeLong(), passRules::maxMessageBytes);
        const auto status = deliverPaced (sealed);
        if (! status.ok())
        {
            refusal = status;
            break;
        }
        ++taken;
    }
    EXPECT_EQ (taken, 3);
    EXPECT_EQ (refusal.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
    EXPECT_THAT (refusal.error_message(), HasSubstr ("inbox quota: your inbox at Ben's holds 2.9 MiB of passes from you"));
    EXPECT_THAT (refusal.error_message(), HasSubstr ("the 3 MiB it keeps from a friend; Ben must read and delete some first"));

    // A pass Ana sends through her daemon, small as it is, is over her count: it is held, with
    // Ben's reason, not retried fast.
    const auto heldId = ana.client().sendPass (track.id, "Ben", "one more");
    ASSERT_TRUE (eventually ([&]
                             {
        const auto outbox = ana.client().listOutbox();
        return outbox.size() == 1 && outbox[0].state == "held"; },
                             20s));
    const auto held = ana.client().listOutbox()[0];
    EXPECT_EQ (held.messageId, heldId);
    EXPECT_THAT (held.lastError, HasSubstr ("your inbox at Ben's holds 3 passes from you, the most it keeps"));
    std::this_thread::sleep_for (3s);
    EXPECT_EQ (ana.client().listOutbox()[0].attempts, held.attempts) << "a held pass waits an hour, not seconds";
    const auto anaOutbox = runCli (ana, "outbox");
    EXPECT_THAT (anaOutbox.output, HasSubstr ("held"));
    EXPECT_THAT (anaOutbox.output, HasSubstr ("inbox quota"));

    // Ben's inbox lists page by page, each entry small: the page of one is not a mebibyte.
    auto library = v1::Library::NewStub (grpc::CreateChannel (ben.apiAddress(), grpc::InsecureChannelCredentials()));
    std::vector<std::string> paged;
    std::string token;
    do
    {
        grpc::ClientContext context;
        v1::ListInboxRequest request;
        request.set_page_size (1);
        request.set_page_token (token);
        v1::ListInboxResponse page;
        const auto status = library->ListInbox (&context, request, &page);
        ASSERT_TRUE (status.ok()) << status.error_message();
        ASSERT_EQ (page.passes_size(), 1);
        EXPECT_EQ (page.total(), 3u);
        EXPECT_LT (page.ByteSizeLong(), 8u * 1024) << "the list carries what a row shows";
        EXPECT_GT (page.passes (0).stored_bytes(), 1'000'000);
        paged.push_back (page.passes (0).pass_id());
        token = page.next_page_token();
    } while (! token.empty());
    EXPECT_EQ (paged.size(), 3u);

    // The command line shows everything.
    const auto listed = runCli (ben, "inbox");
    ASSERT_EQ (listed.exitCode, 0) << listed.output;
    EXPECT_EQ (countOf (listed.output, "from Ana"), 3) << listed.output;

    // Deleting one makes room for one more.
    const auto deleted = runCli (ben, "inbox delete " + paged[0].substr (0, 14));
    ASSERT_EQ (deleted.exitCode, 0) << deleted.output;
    EXPECT_THAT (deleted.output, HasSubstr ("deleted 1 pass"));
    EXPECT_TRUE (deliverPaced (largePass()).ok());
    EXPECT_EQ (deliverPaced (largePass()).error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
    const auto missing = runCli (ben, "inbox delete " + paged[0].substr (0, 14));
    EXPECT_NE (missing.exitCode, 0);
    EXPECT_THAT (missing.output, HasSubstr ("no pass in the inbox starts with"));

    // Ana is no longer Ben's friend: her passes stay listed under her key, and can be cleared.
    ben.client().removeFriend ("Ana");
    const auto [left, unread] = ben.client().listInbox();
    ASSERT_EQ (left.size(), 3u);
    EXPECT_THAT (left[0].from, HasSubstr ("…"));
    const auto keyStart = left[0].from.substr (0, 16);
    const auto peak = benDatabaseBytes();
    const auto cleared = runCli (ben, "inbox clear --from " + keyStart);
    ASSERT_EQ (cleared.exitCode, 0) << cleared.output;
    EXPECT_THAT (cleared.output, HasSubstr ("deleted 3 passes"));
    EXPECT_TRUE (ben.client().listInbox().first.empty());
    EXPECT_GE (benDatabaseBytes(), peak * 9 / 10) << "until pruning, SQLite keeps the freed pages";

    // Pruning at start gives the freed pages back.
    ben.stop();
    ben.start();
    EXPECT_TRUE (eventually ([&]
                             { return benDatabaseBytes() < peak / 3; },
                             30s))
        << "peak " << peak << " bytes, now " << benDatabaseBytes();
    EXPECT_TRUE (eventually ([&]
                             { return ben.log().find ("bytes of the database file given back") != std::string::npos; },
                             10s));
}

TEST_F (InboxLimitsTest, TheCountQuotaAndTheWholeInboxsCapRefuseWithTheirOwnReasons)
{
    const auto small = fromAna();
    ASSERT_TRUE (deliverPaced (small).ok());
    ASSERT_TRUE (deliverPaced (largePass()).ok());

    // A second large pass would take the whole inbox past 1.5 MiB.
    const auto full = deliverPaced (largePass());
    EXPECT_EQ (full.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
    EXPECT_THAT (full.error_message(), HasSubstr ("inbox quota: Ben's inbox is full: it holds "));
    EXPECT_THAT (full.error_message(), HasSubstr ("of passes from all friends, the most it keeps is 1.5 MiB"));

    // Small ones fit, up to three from Ana.
    ASSERT_TRUE (deliverPaced (fromAna()).ok());
    const auto fourth = fromAna();
    const auto overCount = deliverPaced (fourth);
    EXPECT_EQ (overCount.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
    EXPECT_THAT (overCount.error_message(), HasSubstr ("inbox quota: your inbox at Ben's holds 3 passes from you, the most it keeps"));

    // Ben deletes the first; the refused pass, sent again, is taken. The deleted one, sent again,
    // is known: it is not filed twice.
    EXPECT_EQ (ben.client().deleteInboxEntries ({ idOf (small) }), 1);
    EXPECT_TRUE (deliverPaced (fourth).ok());
    EXPECT_EQ (deliverPaced (small).error_code(), grpc::StatusCode::ALREADY_EXISTS);
    EXPECT_EQ (ben.client().listInbox().first.size(), 3u);

    // Clearing all empties it; clearing nobody's is refused by name.
    EXPECT_THROW (ben.client().clearInbox ("Nobody"), Error);
    EXPECT_EQ (ben.client().clearInbox (""), 3);
    EXPECT_TRUE (ben.client().listInbox().first.empty());
}
