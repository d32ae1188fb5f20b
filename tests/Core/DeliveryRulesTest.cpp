#include "Core/DeliveryRules.h"
#include "Core/PassRules.h"

#include <gtest/gtest.h>

namespace earshot
{
    namespace
    {
        using namespace deliveryRules;
    } // namespace

    TEST (DeliveryRulesTest, AnAnswerThatSaysTheFriendHasTheMessageDeliversIt)
    {
        EXPECT_EQ (verdictOn (AnswerCode::ok), Verdict::delivered);
        EXPECT_EQ (verdictOn (AnswerCode::alreadyExists), Verdict::delivered); // an earlier answer was lost
    }

    TEST (DeliveryRulesTest, ARefusalOfTheMessageItselfFailsItForGood)
    {
        // Too large, stale or malformed: the same bytes would be refused again.
        for (const auto code : { AnswerCode::invalidArgument, AnswerCode::failedPrecondition, AnswerCode::outOfRange, AnswerCode::notFound, AnswerCode::unauthenticated })
            EXPECT_EQ (verdictOn (code), Verdict::fail) << static_cast<int> (code);
    }

    TEST (DeliveryRulesTest, PassingTroubleIsRetried)
    {
        // PERMISSION_DENIED: a friend who has not added this daemon yet may do so before the
        // message goes stale (then refused as stale, which fails it).
        for (const auto code : { AnswerCode::unavailable, AnswerCode::deadlineExceeded, AnswerCode::resourceExhausted, AnswerCode::permissionDenied, AnswerCode::cancelled, AnswerCode::unknown, AnswerCode::aborted, AnswerCode::internal, AnswerCode::dataLoss, AnswerCode::unimplemented })
            EXPECT_EQ (verdictOn (code), Verdict::retry) << static_cast<int> (code);
    }

    TEST (DeliveryRulesTest, AQuotaRefusalHoldsTheMessageWhileARateLimitRetriesIt)
    {
        const auto quota = std::string (passRules::quotaRefusalPrefix) + "your inbox at Ben's holds 200 passes from you";
        EXPECT_EQ (verdictOn (AnswerCode::resourceExhausted, quota), Verdict::hold);
        EXPECT_EQ (verdictOn (8, quota), Verdict::hold);
        EXPECT_EQ (verdictOn (AnswerCode::resourceExhausted, "Ana is sending too fast"), Verdict::retry);
        // The prefix means a quota only on RESOURCE_EXHAUSTED.
        EXPECT_EQ (verdictOn (AnswerCode::invalidArgument, quota), Verdict::fail);
    }

    TEST (DeliveryRulesTest, RawCodesAreReadAsGrpcNumbersAndUnknownOnesAreRetried)
    {
        EXPECT_EQ (verdictOn (3), Verdict::fail); // INVALID_ARGUMENT
        EXPECT_EQ (verdictOn (7), Verdict::retry); // PERMISSION_DENIED
        EXPECT_EQ (verdictOn (14), Verdict::retry); // UNAVAILABLE
        EXPECT_EQ (verdictOn (4), Verdict::retry); // DEADLINE_EXCEEDED
        EXPECT_EQ (verdictOn (6), Verdict::delivered); // ALREADY_EXISTS
        EXPECT_EQ (verdictOn (17), Verdict::retry);
        EXPECT_EQ (verdictOn (-1), Verdict::retry);
    }
} // namespace earshot
