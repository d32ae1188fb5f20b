#include "Core/DeliveryRules.h"

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
        // Too large, stale or malformed; from someone who is no longer their friend; or refused
        // for a state only the friend can change: the same bytes would be refused again.
        for (const auto code : { AnswerCode::invalidArgument, AnswerCode::permissionDenied, AnswerCode::failedPrecondition, AnswerCode::outOfRange, AnswerCode::notFound, AnswerCode::unauthenticated })
            EXPECT_EQ (verdictOn (code), Verdict::fail) << static_cast<int> (code);
    }

    TEST (DeliveryRulesTest, PassingTroubleIsRetried)
    {
        for (const auto code : { AnswerCode::unavailable, AnswerCode::deadlineExceeded, AnswerCode::resourceExhausted, AnswerCode::cancelled, AnswerCode::unknown, AnswerCode::aborted, AnswerCode::internal, AnswerCode::dataLoss, AnswerCode::unimplemented })
            EXPECT_EQ (verdictOn (code), Verdict::retry) << static_cast<int> (code);
    }

    TEST (DeliveryRulesTest, RawCodesAreReadAsGrpcNumbersAndUnknownOnesAreRetried)
    {
        EXPECT_EQ (verdictOn (3), Verdict::fail); // INVALID_ARGUMENT
        EXPECT_EQ (verdictOn (7), Verdict::fail); // PERMISSION_DENIED
        EXPECT_EQ (verdictOn (14), Verdict::retry); // UNAVAILABLE
        EXPECT_EQ (verdictOn (4), Verdict::retry); // DEADLINE_EXCEEDED
        EXPECT_EQ (verdictOn (6), Verdict::delivered); // ALREADY_EXISTS
        EXPECT_EQ (verdictOn (17), Verdict::retry);
        EXPECT_EQ (verdictOn (-1), Verdict::retry);
    }
} // namespace earshot
