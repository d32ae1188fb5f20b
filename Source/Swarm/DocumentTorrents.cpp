#include "DocumentTorrents.h"

#include "PeerEndpoint.h"
#include "TrackTorrent.h"

#include "Core/Error.h"
#include "Core/Hex.h"
#include "Core/QuoteInput.h"

#include <libtorrent/session.hpp>
#include <libtorrent/torrent_info.hpp>

#include <spdlog/spdlog.h>

#include <filesystem>

namespace earshot
{
    DocumentTorrents::DocumentTorrents (lt::session& libtorrentSession)
        : session (libtorrentSession)
    {
    }

    DocumentTorrents::~DocumentTorrents()
    {
        for (auto& [infoHash, document] : documents)
            if (document.done)
                document.done ([]() -> std::string
                               { throw Error (ErrorCode::unavailable, "earshotd is shutting down"); });
    }

    std::string DocumentTorrents::seed (const std::string& filePath)
    {
        const std::filesystem::path path (filePath);
        const auto torrent = createTrackTorrent (path);
        if (documents.count (torrent.infoHashHex) != 0)
            return torrent.infoHashHex;

        const auto folder = path.parent_path().string();
        lt::add_torrent_params params;
        params.ti = std::make_shared<lt::torrent_info> (*torrent.info);
        params.save_path = folder;
        params.flags &= ~(lt::torrent_flags::paused | lt::torrent_flags::auto_managed);
        params.flags |= lt::torrent_flags::seed_mode;
        lt::error_code ec;
        auto handle = session.add_torrent (std::move (params), ec);
        if (ec)
            throw Error (ErrorCode::internal, "the swarm could not seed " + filePath + ": " + ec.message());
        documents[torrent.infoHashHex] = { handle, folder, 0, {}, {} };
        return torrent.infoHashHex;
    }

    void DocumentTorrents::fetch (const std::string& infoHash, const std::string& folder, std::uint64_t maxBytes, Clock::time_point deadline, const std::vector<std::string>& peers, FetchDone done)
    {
        if (! isLowerHex (infoHash, 40))
            throw Error (ErrorCode::invalidArgument, "a document's info-hash must be 40 lower-case hex digits, not " + quoteInput (infoHash));
        if (auto existing = documents.find (infoHash); existing != documents.end())
        {
            if (existing->second.done)
                throw Error (ErrorCode::alreadyExists, "document " + infoHash + " is being fetched already");
            if (! existing->second.handle.status().is_seeding)
                throw Error (ErrorCode::failedPrecondition, "document " + infoHash + " is here but not whole");
            done ([path = pathOf (existing->second)]
                  { return path; });
            return;
        }
        std::vector<lt::tcp::endpoint> endpoints;
        for (const auto& peer : peers)
            endpoints.push_back (parseEndpoint (peer));

        std::filesystem::create_directories (folder);
        lt::add_torrent_params params;
        const auto hash = fromHex (infoHash);
        params.info_hashes.v1 = lt::sha1_hash (hash.data());
        params.save_path = folder;
        params.flags &= ~(lt::torrent_flags::paused | lt::torrent_flags::auto_managed);
        // Nothing but the metadata is asked for until onMetadata has checked what it says.
        params.flags |= lt::torrent_flags::upload_mode;
        params.peers = endpoints;
        lt::error_code ec;
        auto handle = session.add_torrent (std::move (params), ec);
        if (ec)
            throw Error (ErrorCode::internal, "the swarm could not fetch document " + infoHash + ": " + ec.message());
        documents[infoHash] = { handle, folder, maxBytes, deadline, std::move (done) };
    }

    void DocumentTorrents::drop (const std::string& infoHash, bool deleteFile)
    {
        auto found = documents.find (infoHash);
        if (found == documents.end())
            return;
        session.remove_torrent (found->second.handle, deleteFile ? lt::session::delete_files : lt::remove_flags_t {});
        auto done = std::move (found->second.done);
        documents.erase (found);
        if (done)
            done ([infoHash]() -> std::string
                  { throw Error (ErrorCode::notFound, "document " + infoHash + " was dropped while it was fetched"); });
    }

    void DocumentTorrents::expire (Clock::time_point now)
    {
        std::vector<std::string> late;
        for (const auto& [infoHash, document] : documents)
            if (document.done && document.deadline <= now)
                late.push_back (infoHash);
        for (const auto& infoHash : late)
            fail (infoHash, Error (ErrorCode::unavailable, "no peer sent document " + infoHash + " in time"));
    }

    void DocumentTorrents::onMetadata (const lt::metadata_received_alert& metadata)
    {
        auto* document = find (metadata.handle);
        if (document == nullptr || ! document->done)
            return;
        const auto infoHash = toHex (metadata.handle.info_hashes().v1);
        const auto info = metadata.handle.torrent_file();
        if (info == nullptr)
            return;
        if (info->num_files() != 1)
        {
            fail (infoHash, Error (ErrorCode::invalidArgument, "document " + infoHash + " holds " + std::to_string (info->num_files()) + " files, not one"));
            return;
        }
        if (static_cast<std::uint64_t> (info->total_size()) > document->maxBytes)
        {
            fail (infoHash, Error (ErrorCode::invalidArgument, "document " + infoHash + " is " + std::to_string (info->total_size()) + " bytes, over the limit of " + std::to_string (document->maxBytes)));
            return;
        }
        document->handle.unset_flags (lt::torrent_flags::upload_mode);
    }

    void DocumentTorrents::onFinished (const lt::torrent_finished_alert& finished)
    {
        auto* document = find (finished.handle);
        if (document == nullptr || ! document->done || document->flushing)
            return;
        // libtorrent verifies a piece from its store buffer while a disk thread may still be
        // writing it to the file: the file is whole once the cache is flushed.
        document->flushing = true;
        document->handle.flush_cache();
    }

    void DocumentTorrents::onCacheFlushed (const lt::cache_flushed_alert& flushed)
    {
        auto* document = find (flushed.handle);
        if (document == nullptr || ! document->done || ! document->flushing)
            return;
        auto done = std::exchange (document->done, {});
        done ([path = pathOf (*document)]
              { return path; });
    }

    DocumentTorrents::Document* DocumentTorrents::find (const lt::torrent_handle& handle)
    {
        for (auto& [infoHash, document] : documents)
            if (document.handle == handle)
                return &document;
        return nullptr;
    }

    void DocumentTorrents::fail (const std::string& infoHash, const Error& why)
    {
        auto found = documents.find (infoHash);
        if (found == documents.end())
            return;
        spdlog::info ("document {}: {}", infoHash, why.what());
        session.remove_torrent (found->second.handle, lt::session::delete_files);
        auto done = std::move (found->second.done);
        documents.erase (found);
        if (done)
            done ([why]() -> std::string
                  { throw why; });
    }

    std::string DocumentTorrents::pathOf (const Document& document)
    {
        const auto info = document.handle.torrent_file();
        if (info == nullptr)
            return {};
        return (std::filesystem::path (document.folder) / info->files().file_path (lt::file_index_t { 0 })).string();
    }
} // namespace earshot
