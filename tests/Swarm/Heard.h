#pragma once

#include "Core/Error.h"

#include <functional>
#include <future>
#include <variant>

namespace earshot
{
    /** What an asynchronous swarm call's callback was handed: the answer, or the Error's code. */
    template <typename Result>
    struct Heard
    {
        std::promise<std::variant<Result, ErrorCode>> promise;

        auto callback()
        {
            return [this] (std::function<Result()> answer)
            {
                try
                {
                    promise.set_value (answer());
                }
                catch (const Error& error)
                {
                    promise.set_value (error.code());
                }
            };
        }

        std::variant<Result, ErrorCode> get() { return promise.get_future().get(); }
    };
} // namespace earshot
