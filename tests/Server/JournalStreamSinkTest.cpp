// What earshotd writes to the journal: one "<N>" line per line of a message, at the priority of
// its level, through spdlog as the daemon logs.

#include "Server/JournalStreamSink.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>
#include <string>

using namespace earshot;

TEST (JournalStreamSink, EachLineOfAMessageCarriesThePriorityOfItsLevel)
{
    EXPECT_EQ (JournalStreamSink::journalLines (spdlog::level::info, "ready"), "<6>ready\n");
    EXPECT_EQ (JournalStreamSink::journalLines (spdlog::level::err, "cannot read\nthe end of the log says: x\n"), "<3>cannot read\n<3>the end of the log says: x\n");
    EXPECT_EQ (JournalStreamSink::journalLines (spdlog::level::warn, ""), "<4>\n");
    EXPECT_EQ (JournalStreamSink::priorityOf (spdlog::level::critical), 2);
    EXPECT_EQ (JournalStreamSink::priorityOf (spdlog::level::debug), 7);
    EXPECT_EQ (JournalStreamSink::priorityOf (spdlog::level::trace), 7);
}

TEST (JournalStreamSink, ALoggerWritesPriorityLinesWithoutTimeStamps)
{
    std::FILE* out = std::tmpfile();
    ASSERT_NE (out, nullptr);
    spdlog::logger logger ("", std::make_shared<JournalStreamSink> (out));
    logger.set_level (spdlog::level::debug);
    logger.info ("friends are told to reach this daemon at {}:{}", "127.0.0.1", 47013);
    logger.warn ("hub {} did not answer", "hub.example:7700");
    logger.debug ("API stopped in {} ms", 12);
    logger.trace ("not written: below the level");

    std::rewind (out);
    std::string text (4096, '\0');
    text.resize (std::fread (text.data(), 1, text.size(), out));
    std::fclose (out);
    EXPECT_EQ (text, "<6>friends are told to reach this daemon at 127.0.0.1:47013\n<4>hub hub.example:7700 did not answer\n<7>API stopped in 12 ms\n");
}
