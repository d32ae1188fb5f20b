#pragma once

#include "Core/Error.h"

#include <gtest/gtest.h>

#include <functional>

namespace earshot::test
{
    /** The code of the Error call throws; a test failure when it throws none. */
    [[nodiscard]] inline ErrorCode codeOf (const std::function<void()>& call)
    {
        try
        {
            call();
        }
        catch (const Error& error)
        {
            return error.code();
        }
        ADD_FAILURE() << "no Error was thrown";
        return ErrorCode::internal;
    }
} // namespace earshot::test
