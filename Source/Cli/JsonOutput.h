#pragma once

#include "Client/DaemonClient.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

/** What `earshot COMMAND --json` prints: one JSON document per command, shaped here and nowhere
    else so that its field names stay stable. The rules, which README.md repeats for users:

    - field names are the earshot.v1 proto fields' own, in snake_case (a Track has `id`,
      `manifest`, `status`, `published`, `path`, `magnet_uri`, `trackers`);
    - ids, info-hashes and keys are lower-case hex strings (a proto `bytes` key becomes its hex);
    - a time is given twice: `NAME_ms`, milliseconds since the Unix epoch as the proto has it, and
      `NAME`, the same instant in ISO 8601 UTC with milliseconds ("2026-12-01T09:50:31.123Z"),
      or null when the proto's 0 means never;
    - enums are short lower-case names ("flac", "downloading", "hub");
    - a manifest leaves out its bencoded info dictionary (binary, and kept by the library).
    Fields are only ever added, never renamed or removed. */
namespace earshot::jsonOutput
{
    /** "2026-12-01T09:50:31.123Z"; null for 0 or less (never). */
    [[nodiscard]] nlohmann::json isoTime (std::int64_t unixMs);

    [[nodiscard]] nlohmann::json manifest (const TrackManifest& manifest);
    [[nodiscard]] nlohmann::json status (const TrackStatus& status);
    [[nodiscard]] nlohmann::json track (const ClientTrack& track);
    /** {"tracks": [...]}: list, publish. */
    [[nodiscard]] nlohmann::json tracks (const std::vector<ClientTrack>& tracks);
    /** {"track": ..., "tracks": [...], "created": bool}: add. */
    [[nodiscard]] nlohmann::json addedTracks (const AddedTracks& added);
    /** GetDaemonInfoResponse, with the API address it was asked at. */
    [[nodiscard]] nlohmann::json daemonInfo (const DaemonInfo& info, const std::string& apiAddress);

    /** {"code": ...}: friends code. */
    [[nodiscard]] nlohmann::json friendCode (const std::string& code);
    /** {"friends": [...]}: friends list. */
    [[nodiscard]] nlohmann::json friends (const std::vector<ClientFriend>& friends);
    /** {"passes": [...], "unread": n, "total": n}: inbox. */
    [[nodiscard]] nlohmann::json inbox (const std::vector<ClientInboxEntry>& entries, int unread);
    /** {"messages": [...]}: outbox. */
    [[nodiscard]] nlohmann::json outbox (const std::vector<ClientOutboxEntry>& entries);
    /** {"balance": n, "entries": [...]}: points. */
    [[nodiscard]] nlohmann::json points (std::int64_t balance, const std::vector<DaemonClient::PointsEntry>& entries);

    /** GetHubResponse: hub show, hub set. */
    [[nodiscard]] nlohmann::json hub (const HubLinkState& hub);
    /** {"profile": {...}, "artist_key": hex}: profile show, profile set. */
    [[nodiscard]] nlohmann::json profile (const ClientArtistProfile& profile, const std::string& artistKeyHex);

    /** {"period": ..., "genre": ..., "tracks": [...]}: charts. */
    [[nodiscard]] nlohmann::json chart (const std::vector<ClientHubTrack>& tracks, const std::string& period, const std::string& genre);
    /** GetArtistResponse, each day with its `date` (YYYY-MM-DD) beside `day`: artist. */
    [[nodiscard]] nlohmann::json artistPage (const ClientArtistPage& page);
    /** {"tracks": [...], "total": n, "page": n, "offset": n}: search. */
    [[nodiscard]] nlohmann::json searchResults (const ClientSearchResults& results, std::uint32_t page, std::uint32_t offset);

    /** {"artists": [...]}: following. */
    [[nodiscard]] nlohmann::json following (const std::vector<ClientFollowedArtist>& artists);
    /** {"dates": [...]}: tour list. */
    [[nodiscard]] nlohmann::json tourDates (const std::vector<ClientPostedTourDate>& dates);
    /** ListNewsResponse, with the home city: news. */
    [[nodiscard]] nlohmann::json news (const ClientNews& news, const std::string& homeCity);

    /** Writes the document to standard output, indented, with a final newline, and flushes. */
    void print (const nlohmann::json& document);
} // namespace earshot::jsonOutput

namespace earshot::jsonOutput
{
    /** The help of every command's --json flag. */
    inline constexpr const char* flagHelp = "Print one JSON document on standard output instead (fields as README.md's \"--json\" describes)";
} // namespace earshot::jsonOutput
