#include "DeliveryRules.h"

namespace earshot::deliveryRules
{
    Verdict verdictOn (AnswerCode code) noexcept
    {
        switch (code)
        {
            case AnswerCode::ok:
            case AnswerCode::alreadyExists: // filed before: the answer to an earlier try was lost
                return Verdict::delivered;

            case AnswerCode::invalidArgument:
            case AnswerCode::permissionDenied:
            case AnswerCode::failedPrecondition:
            case AnswerCode::outOfRange:
            case AnswerCode::notFound:
            case AnswerCode::unauthenticated:
                return Verdict::fail;

            case AnswerCode::cancelled:
            case AnswerCode::unknown:
            case AnswerCode::deadlineExceeded:
            case AnswerCode::resourceExhausted: // the sender's rate, or a full inbox: later may do
            case AnswerCode::aborted:
            case AnswerCode::internal: // the friend's store failed; it may not next time
            case AnswerCode::unavailable:
            case AnswerCode::unimplemented: // an older daemon, which may be updated
            case AnswerCode::dataLoss:
                return Verdict::retry;
        }
        return Verdict::retry;
    }

    Verdict verdictOn (int statusCode) noexcept
    {
        if (statusCode < 0 || statusCode > static_cast<int> (AnswerCode::unauthenticated))
            return Verdict::retry;
        return verdictOn (static_cast<AnswerCode> (statusCode));
    }
} // namespace earshot::deliveryRules
