#pragma once

#include <cstdint>
#include <string_view>

namespace earshot
{
    /** What the courier does with a message after a friend's daemon answered it: the one place that
        decides which refusals are worth trying again. Pure functions, so the decision is tested
        without a network. */
    namespace deliveryRules
    {
        /** A friend's daemon's answer, as the gRPC status codes number it (the same numbers in
            every gRPC implementation), kept here so Core needs no gRPC. */
        enum class AnswerCode : std::uint8_t
        {
            ok = 0,
            cancelled = 1,
            unknown = 2,
            invalidArgument = 3,
            deadlineExceeded = 4,
            notFound = 5,
            alreadyExists = 6,
            permissionDenied = 7,
            resourceExhausted = 8,
            failedPrecondition = 9,
            aborted = 10,
            outOfRange = 11,
            unimplemented = 12,
            internal = 13,
            unavailable = 14,
            dataLoss = 15,
            unauthenticated = 16
        };

        /** What becomes of a message after one attempt. */
        enum class Verdict
        {
            /** The friend's daemon has it (or had it before): never sent again. */
            delivered,
            /** A passing trouble (the daemon is down, slow, busy, or the sender too fast): tried
                again with the outbox's backoff. */
            retry,
            /** The friend's inbox holds as much from this daemon as it keeps
                (passRules::isQuotaRefusal): kept, with their reason, and tried again rarely
                (passRules::heldRetryDelayMs), once they may have made room. */
            hold,
            /** The friend's daemon refused the message for what it is (too large, stale,
                malformed): the same bytes would be refused again, so the message is marked failed,
                with their reason, and never retried. */
            fail
        };

        /** The verdict on an answer with this code and message. Codes a daemon gives for the
            message itself (INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE, NOT_FOUND,
            UNAUTHENTICATED) fail it; ALREADY_EXISTS means delivered before; RESOURCE_EXHAUSTED
            with a quota refusal's message holds it; every other code is retried: UNAVAILABLE,
            DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED (the sender's rate), PERMISSION_DENIED (a friend
            who has not added this daemon yet, or not again: until the message goes stale, a day
            after it was made, and is then refused as such), INTERNAL, UNIMPLEMENTED (an older
            daemon, which may be updated), and any code not listed. */
        [[nodiscard]] Verdict verdictOn (AnswerCode code, std::string_view message = {}) noexcept;

        /** The verdict on a raw gRPC status code number (see AnswerCode); numbers outside 0 to 16
            are retried. */
        [[nodiscard]] Verdict verdictOn (int statusCode, std::string_view message = {}) noexcept;
    } // namespace deliveryRules
} // namespace earshot
