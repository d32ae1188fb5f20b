#pragma once

#include "Swarm/CommandQueue.h"

#include <libtorrent/alert_types.hpp>
#include <libtorrent/fwd.hpp>
#include <libtorrent/torrent_handle.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace earshot
{
    /** Small one-file torrents that are not tracks (an artist's news feed): seeded from a file, or
        fetched by info-hash with a byte limit, and kept seeding until dropped. They live in the
        same libtorrent session as the tracks but apart from them: no track list, status, stream
        plan, download balancing or resume data sees them. Swarm thread only. */
    class DocumentTorrents final
    {
    public:
        using Clock = std::chrono::steady_clock;
        /** Answers a fetch: the path of the fetched file. */
        using FetchDone = std::function<void (CommandQueue::Answer<std::string>)>;

        explicit DocumentTorrents (lt::session& session);
        /** Answers the fetches still waiting with Error (unavailable). */
        ~DocumentTorrents();

        DocumentTorrents (const DocumentTorrents&) = delete;
        DocumentTorrents& operator= (const DocumentTorrents&) = delete;

        /** Seeds a file as a one-file torrent (v1, named after the file) and returns its info-hash
            (40 hex digits); the same file always gives the same info-hash. Throws Error
            (invalidArgument) for an unreadable or empty file. */
        std::string seed (const std::string& filePath);
        /** Fetches a one-file torrent into folder; done gets the file's path once it is whole and
            verified (at once when it is here already). A torrent whose metadata says it holds more
            than maxBytes, or more than one file, is removed before any of its data is asked for,
            and done gets Error (invalidArgument) naming why; one not whole by the deadline is
            removed with Error (unavailable). Peers come from the DHT, and from peers ("ip:port"). */
        void fetch (const std::string& infoHash, const std::string& folder, std::uint64_t maxBytes, Clock::time_point deadline, const std::vector<std::string>& peers, FetchDone done);
        /** Stops seeding (or fetching) a document, deleting its file when asked. */
        void drop (const std::string& infoHash, bool deleteFile);

        /** Ends the fetches whose deadline has passed. */
        void expire (Clock::time_point now);

        void onMetadata (const lt::metadata_received_alert& metadata);
        void onFinished (const lt::torrent_finished_alert& finished);
        void onCacheFlushed (const lt::cache_flushed_alert& flushed);

    private:
        struct Document
        {
            lt::torrent_handle handle;
            std::string folder;
            std::uint64_t maxBytes = 0;
            Clock::time_point deadline {};
            /** Set while a fetch waits for the file. */
            FetchDone done;
            /** Every piece is verified; the fetch is answered once the file is written too. */
            bool flushing = false;
        };

        [[nodiscard]] Document* find (const lt::torrent_handle& handle);
        /** Removes a document being fetched (with what it has written) and tells its fetch why. */
        void fail (const std::string& infoHash, const Error& why);
        [[nodiscard]] static std::string pathOf (const Document& document);

        lt::session& session;
        /** By info-hash. */
        std::map<std::string, Document> documents;
    };
} // namespace earshot
