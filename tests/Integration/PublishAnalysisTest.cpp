// What publishing measures from the audio: a real earshotd estimates the tempo of a file whose tags
// carry none and measures its loudness; the picture in a track's tags becomes its cover thumbnail,
// for a published track and for one downloaded from another daemon.

#include "Core/HubRules.h"
#include "Daemon/TrackLibrary.h"
#include "Support/DaemonProcess.h"
#include "Support/HubProcess.h"
#include "Support/SyntheticWav.h"

#include <ebur128.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <stb_image.h>
#include <stb_image_write.h>
#include <taglib/flacfile.h>
#include <taglib/xiphcomment.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <numbers>
#include <thread>

using namespace earshot;
using namespace earshot::testing;
using namespace std::chrono_literals;

namespace
{
    constexpr double trueBpm = 124.0;

    double clicksWithATone (double t)
    {
        return syntheticWav::clickTrack (t, trueBpm) + 0.05 * std::sin (2.0 * std::numbers::pi * 440.0 * t);
    }

    /** The signal's integrated loudness, measured by libebur128 on the samples as synthesised
        (not as earshotd decodes them from the file). */
    double loudnessOf (double seconds, double (*sampleAt) (double))
    {
        auto* state = ebur128_init (2, syntheticWav::sampleRate, EBUR128_MODE_I);
        const auto frames = static_cast<std::size_t> (seconds * syntheticWav::sampleRate);
        std::vector<double> interleaved (frames * 2);
        for (std::size_t i = 0; i < frames; ++i)
        {
            // As the WAV holds them: 16-bit.
            const auto sample = std::round (std::clamp (sampleAt (i / double (syntheticWav::sampleRate)), -1.0, 1.0) * 32767.0) / 32768.0;
            interleaved[2 * i] = interleaved[2 * i + 1] = sample;
        }
        ebur128_add_frames_double (state, interleaved.data(), frames);
        double lufs = 0.0;
        EXPECT_EQ (ebur128_loudness_global (state, &lufs), EBUR128_SUCCESS);
        ebur128_destroy (&state);
        return lufs;
    }

    /** A FLAC of the signal, encoded by Debian's flac without tags: no BPM tag. */
    std::filesystem::path encodeFlac (const std::filesystem::path& folder, const std::string& name, double seconds, double (*sampleAt) (double))
    {
        std::filesystem::create_directories (folder);
        const auto wav = folder / (name + ".wav");
        const auto flac = folder / (name + ".flac");
        syntheticWav::write (wav, seconds, sampleAt);
        EXPECT_EQ (std::system (("flac --silent -f -o '" + flac.string() + "' '" + wav.string() + "'").c_str()), 0);
        std::filesystem::remove (wav);
        return flac;
    }

    /** Writes a front cover of width x height pixels into a FLAC file's PICTURE block. */
    void addCover (const std::filesystem::path& flac, int width, int height)
    {
        std::vector<unsigned char> rgb (static_cast<std::size_t> (width * height * 3));
        for (std::size_t i = 0; i < rgb.size(); ++i)
            rgb[i] = static_cast<unsigned char> (i * 7 % 251);
        std::string png;
        const auto append = [] (void* context, void* data, int size)
        { static_cast<std::string*> (context)->append (static_cast<const char*> (data), static_cast<std::size_t> (size)); };
        ASSERT_NE (stbi_write_png_to_func (append, &png, width, height, 3, rgb.data(), width * 3), 0);

        TagLib::FLAC::File file (flac.c_str());
        auto* picture = new TagLib::FLAC::Picture; // the file takes ownership
        picture->setType (TagLib::FLAC::Picture::FrontCover);
        picture->setMimeType ("image/png");
        picture->setData (TagLib::ByteVector (png.data(), static_cast<unsigned int> (png.size())));
        file.addPicture (picture);
        ASSERT_TRUE (file.save());
    }

    void expectThumbnailOf (const std::optional<Cover>& cover, int width, int height)
    {
        ASSERT_TRUE (cover.has_value());
        EXPECT_EQ (cover->mimeType, "image/jpeg");
        EXPECT_LE (cover->bytes.size(), hubRules::maxCoverBytes);
        int decodedWidth = 0, decodedHeight = 0, channels = 0;
        ASSERT_NE (stbi_info_from_memory (reinterpret_cast<const stbi_uc*> (cover->bytes.data()), static_cast<int> (cover->bytes.size()), &decodedWidth, &decodedHeight, &channels), 0);
        EXPECT_EQ (decodedWidth, width);
        EXPECT_EQ (decodedHeight, height);
    }

    SwarmSettings loopbackSwarm()
    {
        SwarmSettings settings;
        settings.listenInterfaces = "127.0.0.1:0";
        settings.enableDht = false;
        return settings;
    }
} // namespace

TEST (PublishAnalysis, AFileWithoutABpmTagIsPublishedWithAnEstimatedTempoAndItsLoudness)
{
    TemporaryDirectory root ("earshot-publish-analysis");
    DaemonProcess artist (root.path() / "artist");
    artist.start();
    const auto flac = encodeFlac (root.path() / "music", "clicks", 30.0, clicksWithATone);

    const auto track = artist.client().publish ({ flac.string() }).front();
    EXPECT_NEAR (track.manifest.bpm, trueBpm, 1.0);
    EXPECT_TRUE (track.manifest.bpmEstimated);
    EXPECT_DOUBLE_EQ (track.manifest.bpm * 10.0, std::round (track.manifest.bpm * 10.0)) << "to 0.1 BPM";
    EXPECT_NEAR (track.manifest.loudnessLufs, loudnessOf (30.0, clicksWithATone), 0.3);

    // Kept: the library lists it so after a restart.
    ASSERT_EQ (artist.stop(), 0);
    artist.start();
    const auto listed = artist.client().getTrack (track.id);
    EXPECT_EQ (listed.manifest.bpm, track.manifest.bpm);
    EXPECT_TRUE (listed.manifest.bpmEstimated);
    EXPECT_EQ (listed.manifest.loudnessLufs, track.manifest.loudnessLufs);
}

TEST (PublishAnalysis, ATaggedTempoIsKeptAndSilenceIsPublishedWithoutMeasures)
{
    TemporaryDirectory root ("earshot-publish-silence");
    DaemonProcess artist (root.path() / "artist");
    artist.start();

    const auto tagged = encodeFlac (root.path() / "album", "01-clicks", 20.0, clicksWithATone);
    {
        TagLib::FLAC::File file (tagged.c_str());
        file.xiphComment (true)->addField ("BPM", "62");
        ASSERT_TRUE (file.save());
    }
    // Neither loudness nor tempo: the album is still published, whole.
    (void) encodeFlac (root.path() / "album", "02-silence", 5.0, [] (double)
                       { return 0.0; });

    const auto tracks = artist.client().publish ({ (root.path() / "album").string() });
    ASSERT_EQ (tracks.size(), 2u);
    EXPECT_EQ (tracks[0].manifest.bpm, 62.0) << "the artist's tag wins over the estimate";
    EXPECT_FALSE (tracks[0].manifest.bpmEstimated);
    EXPECT_LT (tracks[0].manifest.loudnessLufs, -1.0);
    EXPECT_EQ (tracks[1].manifest.bpm, 0.0);
    EXPECT_FALSE (tracks[1].manifest.bpmEstimated);
    EXPECT_EQ (tracks[1].manifest.loudnessLufs, 0.0);
}

TEST (PublishAnalysis, APublishedAndADownloadedTrackGetTheirCoverThumbnails)
{
    TemporaryDirectory root ("earshot-publish-cover");
    const auto flac = encodeFlac (root.path() / "music", "covered", 6.0, clicksWithATone);
    addCover (flac, 800, 600);

    // Published here: the cover comes with publishing.
    std::filesystem::create_directories (root.path() / "library");
    TrackLibrary library (root.path() / "library", loopbackSwarm());
    const auto published = library.publish ({ flac.string() }).front();
    const auto id = trackIdOf (published.record.manifest);
    expectThumbnailOf (library.coverOf (id), 256, 192);

    // Published by another daemon and downloaded here: the cover comes once the file is complete.
    const auto other = encodeFlac (root.path() / "elsewhere", "theirs", 5.0, clicksWithATone);
    addCover (other, 100, 400);
    DaemonProcess artist (root.path() / "artist");
    artist.start();
    const auto theirs = artist.client().publish ({ other.string() }).front();
    (void) library.addTrack ({ theirs.manifest, std::nullopt, std::nullopt }, { artist.peerAddress() });
    const auto until = std::chrono::steady_clock::now() + 60s;
    while (! library.coverOf (theirs.id) && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for (50ms);
    expectThumbnailOf (library.coverOf (theirs.id), 64, 256);
}

TEST (PublishAnalysis, APublishedTracksCoverTravelsWithItsReleaseToTheHubAndBackToClients)
{
    TemporaryDirectory root ("earshot-publish-cover-hub");
    const auto flac = encodeFlac (root.path() / "music", "covered", 6.0, clicksWithATone);
    addCover (flac, 800, 600);

    HubProcess hub ((root.path() / "hub.sqlite3").string(), root.path() / "hub.log");
    DaemonProcess artist (root.path() / "artist", { "--hub", hub.address() });
    artist.start();
    const auto id = artist.client().publish ({ flac.string() }).front().id;

    // The release reaches the hub with the thumbnail the library made.
    v1::GetCoverResponse onHub;
    ASSERT_TRUE (eventually ([&]
                             {
                                 grpc::ClientContext context;
                                 v1::GetCoverRequest request;
                                 request.set_track_id (id);
                                 return hub.api().GetCover (&context, request, &onHub).ok(); },
                             30s))
        << artist.log();
    expectThumbnailOf (Cover { onHub.cover(), onHub.cover_type() }, 256, 192);

    // A client of the artist's daemon gets it from the library; a listener's daemon, which has
    // only the hub's row, gets the same bytes from the hub.
    const auto local = artist.client().cover (id);
    ASSERT_TRUE (local.has_value());
    EXPECT_EQ (local->bytes, onHub.cover());
    DaemonProcess listener (root.path() / "listener", { "--hub", hub.address() });
    listener.start();
    const auto remote = listener.client().cover (id);
    ASSERT_TRUE (remote.has_value());
    EXPECT_EQ (remote->bytes, onHub.cover());
    EXPECT_EQ (remote->mimeType, "image/jpeg");
}
