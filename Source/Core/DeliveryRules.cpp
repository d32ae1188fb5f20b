#include "DeliveryRules.h"

#include "PassRules.h"

namespace earshot::deliveryRules
{
    Verdict verdictOn (AnswerCode code, std::string_view message) noexcept
    {
        switch (code)
        {
            case AnswerCode::ok:
            case AnswerCode::alreadyExists: // filed before: the answer to an earlier try was lost
                return Verdict::delivered;

            case AnswerCode::invalidArgument:
            case AnswerCode::failedPrecondition:
            case AnswerCode::outOfRange:
            case AnswerCode::notFound:
            case AnswerCode::unauthenticated:
                return Verdict::fail;

            case AnswerCode::resourceExhausted: // a full inbox, or else the sender's rate
                return passRules::isQuotaRefusal (message) ? Verdict::hold : Verdict::retry;

            case AnswerCode::cancelled:
            case AnswerCode::unknown:
            case AnswerCode::deadlineExceeded:
            case AnswerCode::permissionDenied: // not their friend yet: they may add this daemon
            case AnswerCode::aborted:
            case AnswerCode::internal: // the friend's store failed; it may not next time
            case AnswerCode::unavailable:
            case AnswerCode::unimplemented: // an older daemon, which may be updated
            case AnswerCode::dataLoss:
                return Verdict::retry;
        }
        return Verdict::retry;
    }

    Verdict verdictOn (int statusCode, std::string_view message) noexcept
    {
        if (statusCode < 0 || statusCode > static_cast<int> (AnswerCode::unauthenticated))
            return Verdict::retry;
        return verdictOn (static_cast<AnswerCode> (statusCode), message);
    }
} // namespace earshot::deliveryRules
