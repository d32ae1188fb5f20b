#pragma once

namespace earshot::bench
{
    /** A way a daemon fetches a streamed track (`earshotd --stream-strategy`), as the benches name it. */
    struct Strategy
    {
        const char* name;
        const char* flag;
    };

    /** Earshot's deadlines, then the baselines other clients use. */
    inline constexpr Strategy streamStrategies[] = {
        { "earshot (deadlines)", "deadlines" },
        { "sequential_download", "sequential" },
        { "rarest-first", "rarest-first" },
        { "first-last pieces", "first-last" },
    };
} // namespace earshot::bench
