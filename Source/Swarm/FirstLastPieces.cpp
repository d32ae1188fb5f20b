#include "FirstLastPieces.h"

#include <algorithm>

namespace earshot
{
    std::vector<int> firstAndLastPieces (int firstPiece, int lastPiece, std::uint64_t fileSize, std::uint64_t pieceLength)
    {
        std::vector<int> pieces;
        if (lastPiece < firstPiece || pieceLength == 0)
            return pieces;
        // qBittorrent's rule: ceil (1% of the file / piece length) pieces at each end.
        const auto onePercent = (fileSize + 99) / 100;
        const auto perEnd = static_cast<int> (std::max<std::uint64_t> (1, (onePercent + pieceLength - 1) / pieceLength));
        for (int i = 0; i < perEnd && firstPiece + i <= lastPiece; ++i)
            pieces.push_back (firstPiece + i);
        for (int i = perEnd - 1; i >= 0; --i)
            if (lastPiece - i >= firstPiece)
                pieces.push_back (lastPiece - i);
        std::sort (pieces.begin(), pieces.end());
        pieces.erase (std::unique (pieces.begin(), pieces.end()), pieces.end());
        return pieces;
    }
} // namespace earshot
