#pragma once

#include <cstdint>

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
            /** The friend's daemon refused the message for what it is or who sent it (too large,
                stale, malformed, not from a friend of theirs): the same bytes would be refused
                again, so the message is marked failed, with their reason, and never retried. */
            fail
        };

        /** The verdict on an answer with this code. Codes a daemon gives for the message itself
            (INVALID_ARGUMENT, PERMISSION_DENIED, FAILED_PRECONDITION, OUT_OF_RANGE, NOT_FOUND,
            UNAUTHENTICATED) fail it; ALREADY_EXISTS means delivered before; every other code is
            retried: UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED (a rate limit), INTERNAL,
            UNIMPLEMENTED (an older daemon, which may be updated), and any code not listed. */
        [[nodiscard]] Verdict verdictOn (AnswerCode code) noexcept;

        /** The verdict on a raw gRPC status code number (see AnswerCode); numbers outside 0 to 16
            are retried. */
        [[nodiscard]] Verdict verdictOn (int statusCode) noexcept;
    } // namespace deliveryRules
} // namespace earshot
