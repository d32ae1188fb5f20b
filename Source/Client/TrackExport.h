#pragma once

#include "Client/DaemonClient.h"

#include <atomic>
#include <filesystem>

namespace earshot
{
    /** The file a complete track is exported to in a folder: "Artist - Title.ext" (the extension of the
        track's own file), with characters that cannot be in a file name replaced, and the start of the
        track id added so two tracks never share a name. */
    [[nodiscard]] std::filesystem::path exportFileFor (const ClientTrack& track, const std::filesystem::path& folder);

    /** Whether the exported file is there and whole (its size is the track's). */
    [[nodiscard]] bool isExported (const ClientTrack& track, const std::filesystem::path& folder);

    /** Copies a complete track out of the daemon through the Stream call (never from the daemon's own
        files, so it works with a daemon on another machine or a sandboxed host) into
        exportFileFor (track, folder), through a temporary file renamed into place once every byte is
        there. Returns the file. Throws Error naming the track when it is not complete, when the stream
        ends early, or when the file cannot be written (a full disk); the partial file is removed.
        Setting cancelled (from any thread) stops the copy at the next chunk: Error (failedPrecondition) saying so, and
        the partial file is removed too. */
    std::filesystem::path exportTrack (DaemonClient& client, const ClientTrack& track, const std::filesystem::path& folder, const std::atomic<bool>* cancelled = nullptr);
} // namespace earshot
