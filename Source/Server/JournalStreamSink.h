#pragma once

#include <spdlog/sinks/base_sink.h>

#include <cstdio>
#include <mutex>
#include <string>

namespace earshot
{
    /** An spdlog sink that writes each message to a stream (standard error) as systemd's journal
        reads a service's output: one line per line of the message, each starting with its syslog
        priority in angle brackets ("<3>" error, "<4>" warning, "<6>" info, "<7>" debug), with no
        time stamp or level name (the journal records both). The server's log goes here when
        stderrIsJournal() says standard error is the journal's stream. */
    class JournalStreamSink final : public spdlog::sinks::base_sink<std::mutex>
    {
    public:
        /** out: where the lines go; it must outlive the sink. */
        explicit JournalStreamSink (std::FILE* out = stderr);

        /** The syslog priority (0 to 7) of an spdlog level. */
        [[nodiscard]] static int priorityOf (spdlog::level::level_enum level) noexcept;

        /** The lines of a message as the journal reads them: each prefixed "<N>", each ending '\n'. */
        [[nodiscard]] static std::string journalLines (spdlog::level::level_enum level, std::string_view message);

    protected:
        void sink_it_ (const spdlog::details::log_msg& message) override;
        void flush_() override;

    private:
        std::FILE* out;
    };

    /** True when standard error is the journal's stream: systemd sets $JOURNAL_STREAM to
        "DEVICE:INODE" of the stream it connects a service's standard error to, and it is that one
        (not a file or a terminal the service's own redirection put there). */
    [[nodiscard]] bool stderrIsJournal();

    /** When stderrIsJournal(), replaces spdlog's default logger (which writes time-stamped lines to
        standard output) with one writing JournalStreamSink lines to standard error, keeping its
        level; otherwise leaves it. Returns whether it did. Call first thing in main. */
    bool logToJournalWhenUnderSystemd();
} // namespace earshot
