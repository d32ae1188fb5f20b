#include "TrackExport.h"

#include <fstream>

namespace earshot
{
    namespace
    {
        std::string safeName (std::string text)
        {
            for (auto& c : text)
                if (c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|' || static_cast<unsigned char> (c) < 0x20)
                    c = '_';
            while (! text.empty() && (text.front() == '.' || text.front() == ' '))
                text.erase (text.begin());
            return text.substr (0, 150);
        }

        std::string titleOf (const ClientTrack& track)
        {
            const auto& metadata = track.manifest.metadata;
            if (metadata.title.empty())
                return std::filesystem::path (track.manifest.fileName).stem().string();
            return metadata.artist.empty() ? metadata.title : metadata.artist + " - " + metadata.title;
        }
    } // namespace

    std::filesystem::path exportFileFor (const ClientTrack& track, const std::filesystem::path& folder)
    {
        const auto extension = std::filesystem::path (track.manifest.fileName).extension().string();
        return folder / (safeName (titleOf (track)) + " [" + track.id.substr (0, 8) + "]" + extension);
    }

    bool isExported (const ClientTrack& track, const std::filesystem::path& folder)
    {
        std::error_code ec;
        const auto size = std::filesystem::file_size (exportFileFor (track, folder), ec);
        return ! ec && size == track.manifest.fileSize;
    }

    std::filesystem::path exportTrack (DaemonClient& client, const ClientTrack& track, const std::filesystem::path& folder, const std::atomic<bool>* cancelled)
    {
        const auto name = "'" + titleOf (track) + "'";
        if (! isComplete (track))
            throw Error (ErrorCode::failedPrecondition, name + " is not complete yet; it can be exported once every piece has arrived");

        const auto target = exportFileFor (track, folder);
        if (isExported (track, folder))
            return target;

        std::error_code ec;
        std::filesystem::create_directories (folder, ec);
        if (ec)
            throw Error (ErrorCode::internal, "cannot make the folder " + folder.string() + " for " + name + ": " + ec.message());
        auto partial = target;
        partial += ".part";

        std::uint64_t written = 0;
        try
        {
            std::ofstream out (partial, std::ios::binary | std::ios::trunc);
            if (! out)
                throw Error (ErrorCode::internal, "cannot write " + partial.string());
            DaemonClient::StreamOptions options;
            client.stream (track.id, options, [&] (std::uint64_t, std::string_view data, std::uint64_t)
                           {
                               if (cancelled != nullptr && cancelled->load())
                                   return false;
                               out.write (data.data(), static_cast<std::streamsize> (data.size()));
                               written += data.size();
                               return static_cast<bool> (out); });
            if (cancelled != nullptr && cancelled->load())
                throw Error (ErrorCode::failedPrecondition, "the copy of " + name + " was cancelled");
            out.flush();
            if (! out)
                throw Error (ErrorCode::resourceExhausted, "cannot write " + name + " to " + partial.string() + " (is the disk full?)");
            if (written != track.manifest.fileSize)
                throw Error (ErrorCode::unavailable, "the stream of " + name + " ended after " + std::to_string (written) + " of " + std::to_string (track.manifest.fileSize) + " bytes");
        }
        catch (...)
        {
            std::filesystem::remove (partial, ec);
            throw;
        }
        std::filesystem::rename (partial, target, ec);
        if (ec)
        {
            std::filesystem::remove (partial, ec);
            throw Error (ErrorCode::internal, "cannot move " + name + " into " + target.string() + ": " + ec.message());
        }
        return target;
    }
} // namespace earshot
