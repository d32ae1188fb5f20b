#include "Swarm/FirstLastPieces.h"

#include <gtest/gtest.h>

using namespace earshot;

// The baseline must be the strategy qBittorrent ships, or bench/ compares Earshot against a straw man.
TEST (FirstLastPieces, RaisesTheFirstAndLastOnePercentOfTheFileAsQBittorrentDoes)
{
    // 40 MB in 256 KiB pieces: 1% is 400,000 bytes, two pieces at each end.
    const std::uint64_t pieceLength = 256 * 1024;
    const std::uint64_t size = 40'000'000;
    const int last = static_cast<int> ((size - 1) / pieceLength);
    EXPECT_EQ (firstAndLastPieces (0, last, size, pieceLength), (std::vector<int> { 0, 1, last - 1, last }));
}

TEST (FirstLastPieces, TakesAtLeastOnePieceAtEachEnd)
{
    EXPECT_EQ (firstAndLastPieces (0, 11, 3'000'000, 256 * 1024), (std::vector<int> { 0, 11 }));
}

TEST (FirstLastPieces, NamesEachPieceOnceWhenTheEndsMeet)
{
    EXPECT_EQ (firstAndLastPieces (0, 0, 1000, 16384), (std::vector<int> { 0 }));
    EXPECT_EQ (firstAndLastPieces (3, 4, 20'000, 16384), (std::vector<int> { 3, 4 }));
}

TEST (FirstLastPieces, CountsFromTheFilesOwnPiecesInAnAlbum)
{
    // A file whose bytes start in piece 10 of a larger torrent.
    EXPECT_EQ (firstAndLastPieces (10, 20, 11 * 16384, 16384), (std::vector<int> { 10, 20 }));
}
