#include "JournalStreamSink.h"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <sys/stat.h>
#include <unistd.h>

namespace earshot
{
    JournalStreamSink::JournalStreamSink (std::FILE* stream)
        : out (stream)
    {
    }

    int JournalStreamSink::priorityOf (spdlog::level::level_enum level) noexcept
    {
        switch (level)
        {
            case spdlog::level::critical:
                return 2;
            case spdlog::level::err:
                return 3;
            case spdlog::level::warn:
                return 4;
            case spdlog::level::info:
                return 6;
            case spdlog::level::debug:
            case spdlog::level::trace:
            case spdlog::level::off:
            case spdlog::level::n_levels:
                break;
        }
        return 7;
    }

    std::string JournalStreamSink::journalLines (spdlog::level::level_enum level, std::string_view message)
    {
        const auto prefix = "<" + std::to_string (priorityOf (level)) + ">";
        std::string lines;
        std::size_t start = 0;
        while (true)
        {
            const auto end = message.find ('\n', start);
            lines += prefix;
            lines += message.substr (start, end == std::string_view::npos ? std::string_view::npos : end - start);
            lines += '\n';
            if (end == std::string_view::npos || end + 1 == message.size())
                break;
            start = end + 1;
        }
        return lines;
    }

    void JournalStreamSink::sink_it_ (const spdlog::details::log_msg& message)
    {
        const auto lines = journalLines (message.level, std::string_view (message.payload.data(), message.payload.size()));
        std::fwrite (lines.data(), 1, lines.size(), out);
        std::fflush (out);
    }

    void JournalStreamSink::flush_()
    {
        std::fflush (out);
    }

    bool stderrIsJournal()
    {
        const char* stream = std::getenv ("JOURNAL_STREAM");
        if (stream == nullptr || *stream == '\0')
            return false;
        struct stat info
        {
        };
        if (::fstat (STDERR_FILENO, &info) != 0)
            return false;
        unsigned long long device = 0, inode = 0;
        if (std::sscanf (stream, "%llu:%llu", &device, &inode) != 2)
            return false;
        return device == static_cast<unsigned long long> (info.st_dev) && inode == static_cast<unsigned long long> (info.st_ino);
    }

    bool logToJournalWhenUnderSystemd()
    {
        if (! stderrIsJournal())
            return false;
        const auto level = spdlog::get_level();
        auto logger = std::make_shared<spdlog::logger> ("", std::make_shared<JournalStreamSink>());
        logger->set_level (level);
        spdlog::set_default_logger (std::move (logger));
        return true;
    }
} // namespace earshot
