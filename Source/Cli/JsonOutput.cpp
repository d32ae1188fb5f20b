#include "JsonOutput.h"

#include "Core/AudioFormat.h"
#include "Core/Hex.h"
#include "Core/NewsRules.h"

#include <chrono>
#include <cstdio>
#include <iostream>

namespace earshot::jsonOutput
{
    namespace
    {
        using nlohmann::json;

        /** Puts a time under NAME_ms and NAME. */
        void putTime (json& object, const std::string& name, std::int64_t unixMs)
        {
            object[name + "_ms"] = unixMs;
            object[name] = isoTime (unixMs);
        }

        [[nodiscard]] std::string stateName (TrackState state)
        {
            switch (state)
            {
                case TrackState::fetchingMetadata:
                    return "fetching_metadata";
                case TrackState::checking:
                    return "checking";
                case TrackState::downloading:
                    return "downloading";
                case TrackState::seeding:
                    return "seeding";
                case TrackState::error:
                    return "error";
                case TrackState::unknown:
                    break;
            }
            return "unspecified";
        }

        [[nodiscard]] json hubTrack (const ClientHubTrack& track)
        {
            return {
                { "track_id", track.trackId },
                { "artist_key", track.artistKeyHex },
                { "artist_name", track.artistName },
                { "manifest", manifest (track.manifest) },
                { "has_cover", track.hasCover },
                { "listeners", track.listeners },
                { "passes", track.passes },
                { "seeders", track.seeders },
                { "score", track.score },
                { "rank", track.rank },
            };
        }

        [[nodiscard]] json artistProfile (const ClientArtistProfile& profile)
        {
            return {
                { "name", profile.name },
                { "bio", profile.bio },
                { "home_city", profile.homeCity },
                { "links", profile.links },
            };
        }

        [[nodiscard]] json tourDate (const ClientTourDate& date)
        {
            return {
                { "date", date.date },
                { "city", date.city },
                { "venue", date.venue },
                { "link", date.link },
            };
        }

        [[nodiscard]] std::string sourceName (ClientNewsItem::Source source)
        {
            switch (source)
            {
                case ClientNewsItem::Source::hub:
                    return "hub";
                case ClientNewsItem::Source::dht:
                    return "dht";
                case ClientNewsItem::Source::unknown:
                    break;
            }
            return "unspecified";
        }

        [[nodiscard]] json newsItem (const ClientNewsItem& item)
        {
            json post = { { "post_id", item.postId }, { "artist_name", item.artistName } };
            putTime (post, "posted_at", item.postedAtMs);
            switch (item.kind)
            {
                case ClientNewsItem::Kind::release:
                {
                    json tracks = json::array();
                    for (const auto& each : item.tracks)
                        tracks.push_back (manifest (each));
                    post["release"] = { { "title", item.title }, { "tracks", std::move (tracks) } };
                    break;
                }
                case ClientNewsItem::Kind::tourDate:
                    post["tour_date"] = tourDate (item.tourDate);
                    break;
                case ClientNewsItem::Kind::tourDateCancelled:
                    post["tour_date_cancelled"] = item.cancelsPostId;
                    break;
            }
            json object = {
                { "id", item.id },
                { "artist_key", item.artistKeyHex },
                { "post", std::move (post) },
                { "source", sourceName (item.source) },
                { "in_home_city", item.inHomeCity },
                { "cancelled", item.cancelled },
            };
            putTime (object, "received_at", item.receivedAtMs);
            return object;
        }

        template <typename Item, typename Shape>
        [[nodiscard]] json arrayOf (const std::vector<Item>& items, Shape shape)
        {
            json array = json::array();
            for (const auto& each : items)
                array.push_back (shape (each));
            return array;
        }
    } // namespace

    nlohmann::json isoTime (std::int64_t unixMs)
    {
        if (unixMs <= 0)
            return nullptr;
        const std::chrono::sys_time<std::chrono::milliseconds> at { std::chrono::milliseconds (unixMs) };
        const auto day = std::chrono::floor<std::chrono::days> (at);
        const std::chrono::year_month_day date { day };
        const std::chrono::hh_mm_ss time { at - day };
        char text[40];
        std::snprintf (text, sizeof (text), "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int> (date.year()), static_cast<unsigned> (date.month()), static_cast<unsigned> (date.day()), static_cast<int> (time.hours().count()), static_cast<int> (time.minutes().count()), static_cast<int> (time.seconds().count()), static_cast<int> (time.subseconds().count()));
        return text;
    }

    nlohmann::json manifest (const TrackManifest& manifest)
    {
        const auto& metadata = manifest.metadata;
        return {
            { "track_id", trackIdOf (manifest) },
            { "info_hash", manifest.infoHashHex },
            { "file_name", manifest.fileName },
            { "file_size", manifest.fileSize },
            { "format", std::string (audioFormatName (manifest.format)) },
            { "header_bytes", manifest.layout.headerBytes },
            { "tail_bytes", manifest.layout.tailBytes },
            { "metadata",
              {
                  { "title", metadata.title },
                  { "artist", metadata.artist },
                  { "album", metadata.album },
                  { "genre", metadata.genre },
                  { "year", metadata.year },
                  { "track_number", metadata.trackNumber },
                  { "duration_ms", metadata.durationMs },
                  { "bitrate_kbps", metadata.bitrateKbps },
                  { "sample_rate", metadata.sampleRate },
                  { "channels", metadata.channels },
              } },
            { "bpm", manifest.bpm },
            { "key", manifest.key },
            { "file_index", manifest.fileIndex },
            { "file_path", manifest.filePath },
            { "loudness_lufs", manifest.loudnessLufs },
            { "bpm_estimated", manifest.bpmEstimated },
        };
    }

    nlohmann::json status (const TrackStatus& status)
    {
        return {
            { "state", stateName (status.state) },
            { "progress", status.progress },
            { "bytes_done", status.bytesDone },
            { "total_bytes", status.totalBytes },
            { "piece_bitmap", toHex (pieceBitmapOf (status.pieces)) },
            { "num_pieces", status.pieces.size() },
            { "peers", status.peers },
            { "seeds", status.seeds },
            { "download_rate", status.downloadRate },
            { "upload_rate", status.uploadRate },
            { "total_uploaded", status.totalUploaded },
            { "deadline_pieces", status.deadlinePieces },
            { "error", status.error },
            { "availability", status.availability },
            { "peers_unchoking_us", status.peersUnchokingUs },
            { "banned_peers", status.bannedPeers },
            { "hash_failures", status.hashFailures },
            { "piece_length", status.pieceLength },
            { "file_start_in_piece", status.fileStartInPiece },
        };
    }

    nlohmann::json track (const ClientTrack& track)
    {
        return {
            { "id", track.id },
            { "manifest", manifest (track.manifest) },
            { "status", track.status ? status (*track.status) : json (nullptr) },
            { "published", track.published },
            { "path", track.path },
            { "magnet_uri", track.magnetUri },
            { "trackers", track.trackers },
        };
    }

    nlohmann::json tracks (const std::vector<ClientTrack>& tracks)
    {
        return { { "tracks", arrayOf (tracks, track) } };
    }

    nlohmann::json addedTracks (const AddedTracks& added)
    {
        return { { "track", track (added.track) }, { "tracks", arrayOf (added.tracks, track) }, { "created", added.created } };
    }

    nlohmann::json daemonInfo (const DaemonInfo& info, const std::string& apiAddress)
    {
        return {
            { "version", info.version },
            { "bittorrent_port", info.bittorrentPort },
            { "data_dir", info.dataDirectory },
            { "tracks", info.tracks },
            { "api", apiAddress },
        };
    }

    nlohmann::json friendCode (const std::string& code)
    {
        return { { "code", code } };
    }

    nlohmann::json friends (const std::vector<ClientFriend>& friends)
    {
        return { { "friends", arrayOf (friends, [] (const ClientFriend& each)
                                       {
                                           json object = {
                                               { "name", each.name },
                                               { "public_key", each.publicKeyHex },
                                               { "host", each.host },
                                               { "port", each.port },
                                               { "uploaded_bytes", each.uploadedBytes },
                                               { "online", each.online },
                                           };
                                           putTime (object, "added_at", each.addedAtMs);
                                           putTime (object, "last_seen", each.lastSeenMs);
                                           return object; }) } };
    }

    nlohmann::json inbox (const std::vector<ClientInboxEntry>& entries, int unread)
    {
        return { { "passes", arrayOf (entries, [] (const ClientInboxEntry& each)
                                      {
                                          json object = {
                                              { "pass_id", each.passId },
                                              { "from", each.from },
                                              { "sender_name", each.senderName },
                                              { "manifest", manifest (each.manifest) },
                                              { "note", each.note },
                                              { "note_cut", each.noteCut },
                                              { "stored_bytes", each.storedBytes },
                                              { "read", each.read },
                                              { "listened_ms", each.listenedMs },
                                          };
                                          putTime (object, "received_at", each.receivedAtMs);
                                          return object; }) },
                 { "unread", unread },
                 { "total", entries.size() } };
    }

    nlohmann::json outbox (const std::vector<ClientOutboxEntry>& entries)
    {
        return { { "messages", arrayOf (entries, [] (const ClientOutboxEntry& each)
                                        {
                                            json object = {
                                                { "message_id", each.messageId },
                                                { "to", each.to },
                                                { "kind", each.kind },
                                                { "state", each.state },
                                                { "attempts", each.attempts },
                                                { "last_error", each.lastError },
                                                { "track_id", each.trackId },
                                            };
                                            putTime (object, "created_at", each.createdAtMs);
                                            putTime (object, "delivered_at", each.deliveredAtMs);
                                            return object; }) } };
    }

    nlohmann::json points (std::int64_t balance, const std::vector<DaemonClient::PointsEntry>& entries)
    {
        return { { "balance", balance },
                 { "entries", arrayOf (entries, [] (const DaemonClient::PointsEntry& each)
                                       {
                                           json object = { { "points", each.points }, { "reason", each.reason }, { "pass_id", each.passId }, { "from", each.from } };
                                           putTime (object, "at", each.atMs);
                                           return object; }) } };
    }

    nlohmann::json hub (const HubLinkState& hub)
    {
        json object = {
            { "address", hub.address },
            { "reachable", hub.reachable },
            { "last_error", hub.lastError },
            { "messages_waiting", hub.messagesWaiting },
            { "messages_delivered", hub.messagesDelivered },
        };
        putTime (object, "last_contact", hub.lastContactMs);
        return object;
    }

    nlohmann::json profile (const ClientArtistProfile& profile, const std::string& artistKeyHex)
    {
        return { { "profile", artistProfile (profile) }, { "artist_key", artistKeyHex } };
    }

    nlohmann::json chart (const std::vector<ClientHubTrack>& tracks, const std::string& period, const std::string& genre)
    {
        return { { "period", period }, { "genre", genre }, { "tracks", arrayOf (tracks, hubTrack) } };
    }

    nlohmann::json artistPage (const ClientArtistPage& page)
    {
        return {
            { "artist_key", page.artistKeyHex },
            { "profile", artistProfile (page.profile) },
            { "tracks", arrayOf (page.tracks, [] (const ClientArtistTrack& each)
                                 { return json { { "track", hubTrack (each.track) }, { "overall_rank", each.overallRank }, { "genre_rank", each.genreRank } }; }) },
            { "listens", page.listens },
            { "listeners", page.listeners },
            { "passes", page.passes },
            { "seeders", page.seeders },
            { "fan_points", page.fanPoints },
            { "followers", page.followers },
            { "daily", arrayOf (page.daily, [] (const ClientArtistDay& day)
                                { return json {
                                      { "day", day.day },
                                      { "date", newsRules::dateOfDay (day.day) },
                                      { "listens", day.listens },
                                      { "passes", day.passes },
                                  }; }) },
        };
    }

    nlohmann::json searchResults (const ClientSearchResults& results, std::uint32_t page, std::uint32_t offset)
    {
        return { { "tracks", arrayOf (results.tracks, hubTrack) }, { "total", results.total }, { "page", page }, { "offset", offset } };
    }

    nlohmann::json following (const std::vector<ClientFollowedArtist>& artists)
    {
        return { { "artists", arrayOf (artists, [] (const ClientFollowedArtist& each)
                                       {
                                           json object = { { "artist_key", each.artistKeyHex }, { "name", each.name }, { "feed_sequence", each.feedSequence } };
                                           putTime (object, "followed_at", each.followedAtMs);
                                           putTime (object, "last_news", each.lastNewsMs);
                                           return object; }) } };
    }

    nlohmann::json tourDates (const std::vector<ClientPostedTourDate>& dates)
    {
        return { { "dates", arrayOf (dates, [] (const ClientPostedTourDate& each)
                                     {
                                         json object = { { "post_id", each.postId }, { "date", tourDate (each.date) } };
                                         putTime (object, "posted_at", each.postedAtMs);
                                         return object; }) } };
    }

    nlohmann::json news (const ClientNews& news, const std::string& homeCity)
    {
        return {
            { "releases", arrayOf (news.releases, newsItem) },
            { "tour_dates", arrayOf (news.tourDates, newsItem) },
            { "last_id", news.lastId },
            { "home_city", homeCity },
        };
    }

    void print (const nlohmann::json& document)
    {
        // Tags and notes come from other people's files: a byte that is not UTF-8 becomes U+FFFD
        // rather than failing the whole document.
        std::cout << document.dump (2, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
    }
} // namespace earshot::jsonOutput
