// The C API over the Library client and the preview player.

#include "earshot.h"

#include "Audio/PreviewPlayer.h"
#include "Client/DaemonClient.h"
#include "Core/DefaultLocations.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string>

struct earshot_client
{
    std::shared_ptr<earshot::DaemonClient> client;
};

struct earshot_track
{
    std::unique_ptr<earshot::PreviewPlayer> player;
    int channels = 2;
    static constexpr int maxBlock = 4096;
    // Per-channel scratch for render(), made once at open: earshot_read never allocates.
    std::vector<float> left = std::vector<float> (maxBlock);
    std::vector<float> right = std::vector<float> (maxBlock);
};

namespace
{
    thread_local std::string lastError;

    void fail (const std::string& why) { lastError = why; }

    void copyText (char* out, std::size_t size, const std::string& text)
    {
        const auto length = std::min (size - 1, text.size());
        std::memcpy (out, text.data(), length);
        out[length] = '\0';
    }

    bool containsIgnoringCase (const std::string& haystack, const std::string& needle)
    {
        auto lower = [] (std::string text)
        {
            std::transform (text.begin(), text.end(), text.begin(), [] (unsigned char c)
                            { return static_cast<char> (std::tolower (c)); });
            return text;
        };
        return lower (haystack).find (lower (needle)) != std::string::npos;
    }
} // namespace

extern "C"
{
    const char* earshot_last_error (void) { return lastError.c_str(); }

    earshot_client* earshot_connect (const char* address, int timeout_ms)
    {
        try
        {
            auto client = std::make_shared<earshot::DaemonClient> (address != nullptr ? address : earshot::defaultApiAddress());
            if (! client->waitUntilReady (std::chrono::milliseconds (std::max (0, timeout_ms))))
            {
                fail ("earshotd does not answer at " + client->address() + " (start it with `earshot daemon`)");
                return nullptr;
            }
            lastError.clear();
            return new earshot_client { client };
        }
        catch (const std::exception& error)
        {
            fail (error.what());
            return nullptr;
        }
    }

    void earshot_disconnect (earshot_client* client) { delete client; }

    int earshot_list (earshot_client* client, const char* search, earshot_track_info* out, int capacity)
    {
        if (client == nullptr || (out == nullptr && capacity > 0))
        {
            fail ("earshot_list: no client, or no room for the tracks");
            return -1;
        }
        try
        {
            const std::string wanted = search != nullptr ? search : "";
            int matched = 0;
            for (const auto& track : client->client->listTracks())
            {
                const auto& metadata = track.manifest.metadata;
                if (! wanted.empty() && ! containsIgnoringCase (metadata.title + "\n" + metadata.artist + "\n" + metadata.album + "\n" + metadata.genre + "\n" + track.manifest.fileName, wanted))
                    continue;
                if (matched < capacity)
                {
                    auto& info = out[matched];
                    copyText (info.id, sizeof (info.id), track.id);
                    copyText (info.title, sizeof (info.title), metadata.title.empty() ? track.manifest.fileName : metadata.title);
                    copyText (info.artist, sizeof (info.artist), metadata.artist);
                    copyText (info.album, sizeof (info.album), metadata.album);
                    copyText (info.genre, sizeof (info.genre), metadata.genre);
                    info.duration_seconds = static_cast<double> (metadata.durationMs) / 1000.0;
                    info.downloaded = track.status ? track.status->progress : 0.0;
                }
                ++matched;
            }
            lastError.clear();
            return matched;
        }
        catch (const std::exception& error)
        {
            fail (error.what());
            return -1;
        }
    }

    earshot_track* earshot_open (earshot_client* client, const char* track_id, int sample_rate, int channels)
    {
        if (client == nullptr || track_id == nullptr || sample_rate < 8000 || sample_rate > 384000 || channels < 1 || channels > 2)
        {
            fail ("earshot_open: needs a client, a track id, a sample rate of 8000 to 384000 Hz and 1 or 2 channels");
            return nullptr;
        }
        try
        {
            auto track = std::make_unique<earshot_track>();
            track->channels = channels;
            track->player = std::make_unique<earshot::PreviewPlayer> (client->client);
            track->player->prepare (sample_rate, earshot_track::maxBlock);
            track->player->play (track_id);
            lastError.clear();
            return track.release();
        }
        catch (const std::exception& error)
        {
            fail (error.what());
            return nullptr;
        }
    }

    earshot_open_state earshot_state (earshot_track* track, double* buffered_seconds, double* percent_buffered, int* starving)
    {
        if (track == nullptr)
            return EARSHOT_FAILED;
        const auto state = track->player->state();
        const auto buffered = track->player->bufferedSeconds();
        if (buffered_seconds != nullptr)
            *buffered_seconds = buffered;
        if (percent_buffered != nullptr)
            *percent_buffered = std::min (100.0, buffered / earshot::PreviewPlayer::Options {}.fifoSeconds * 100.0);
        if (starving != nullptr)
            *starving = state == earshot::PlayerState::starving ? 1 : 0;
        return static_cast<earshot_open_state> (state);
    }

    const char* earshot_failure (earshot_track* track)
    {
        return track != nullptr ? track->player->failureReason() : "no track";
    }

    int earshot_read (earshot_track* track, float* interleaved, int frames)
    {
        if (track == nullptr || interleaved == nullptr || frames < 0)
            return -1;
        int done = 0;
        while (done < frames)
        {
            const int block = std::min (frames - done, earshot_track::maxBlock);
            float* outputs[] = { track->left.data(), track->right.data() };
            track->player->render (outputs, track->channels, block);
            float* out = interleaved + static_cast<std::ptrdiff_t> (done) * track->channels;
            for (int i = 0; i < block; ++i)
            {
                out[i * track->channels] = track->left[static_cast<std::size_t> (i)];
                if (track->channels == 2)
                    out[i * 2 + 1] = track->right[static_cast<std::size_t> (i)];
            }
            done += block;
        }
        return frames;
    }

    int earshot_seek (earshot_track* track, double seconds)
    {
        if (track == nullptr || seconds < 0.0)
            return -1;
        track->player->seek (seconds);
        return 0;
    }

    void earshot_close (earshot_track* track)
    {
        if (track != nullptr)
            track->player->stop();
        delete track;
    }
}
