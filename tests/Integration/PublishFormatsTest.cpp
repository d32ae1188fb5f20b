// Publishing each format Earshot streams: tags and audio properties read, format detected from the
// bytes, piece length for fast start-up, and ids that every daemon agrees on.

#include "Support/DaemonProcess.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

using namespace earshot;
using namespace earshot::testing;

namespace
{
    struct FormatCase
    {
        const char* file;
        AudioFormat format;
    };

    class PublishFormatsTest : public ::testing::TestWithParam<FormatCase>
    {
    protected:
        TemporaryDirectory root { "earshot-formats" };
    };

    /** The tags the build wrote into the test media, from excerpt.tsv (a header row, then one row). */
    std::map<std::string, std::string> expectedTags()
    {
        std::istringstream tsv (readFileBytes (testMedia ("excerpt.tsv")));
        std::string header, row;
        std::getline (tsv, header);
        std::getline (tsv, row);
        std::istringstream names (header), values (row);
        std::map<std::string, std::string> tags;
        for (std::string name, value; std::getline (names, name, '\t') && std::getline (values, value, '\t');)
            tags[name] = value;
        return tags;
    }

    std::uint64_t pieceLengthOf (const std::string& infoDict)
    {
        const auto at = infoDict.find ("12:piece lengthi");
        return at == std::string::npos ? 0 : std::stoull (infoDict.substr (at + 16));
    }
} // namespace

TEST_P (PublishFormatsTest, TagsPropertiesAndLayoutAreReadAndIdsAreStable)
{
    DaemonProcess first (root.path() / "first");
    DaemonProcess second (root.path() / "second");
    first.start();
    second.start();

    const auto file = testMedia (GetParam().file);
    const auto track = first.client().publish ({ file.string() }).front();
    const auto& manifest = track.manifest;
    const auto& metadata = manifest.metadata;

    EXPECT_EQ (manifest.format, GetParam().format);
    EXPECT_EQ (manifest.fileSize, std::filesystem::file_size (file));
    auto tags = expectedTags();
    EXPECT_EQ (metadata.title, tags["title"]);
    EXPECT_EQ (metadata.artist, tags["artist"]);
    EXPECT_EQ (metadata.album, tags["album"]);
    EXPECT_EQ (metadata.genre, tags["genre"]);
    EXPECT_EQ (std::to_string (metadata.year), tags["date"]);
    EXPECT_EQ (std::to_string (metadata.trackNumber), tags["track"]);
    ASSERT_FALSE (tags["bpm"].empty());
    ASSERT_FALSE (tags["key"].empty());
    EXPECT_DOUBLE_EQ (manifest.bpm, std::stod (tags["bpm"]));
    EXPECT_EQ (manifest.key, tags["key"]);
    EXPECT_NEAR (static_cast<double> (metadata.durationMs), 30'000.0, 1'500.0);
    EXPECT_EQ (metadata.sampleRate, 44100u);
    EXPECT_EQ (metadata.channels, 2u);
    EXPECT_GT (metadata.bitrateKbps, 0u);
    EXPECT_GT (manifest.layout.headerBytes, 0u);
    EXPECT_LT (manifest.layout.headerBytes, manifest.fileSize);
    // FLAC, Ogg Vorbis and MP3 get a seek index; an Ogg's gives its length, so its last page is no
    // longer part of what the planner fetches first. An MP3 plays whole frames of 1152 samples.
    const bool indexed = GetParam().format != AudioFormat::wav;
    EXPECT_EQ (manifest.seekIndex.empty(), ! indexed);
    if (GetParam().format == AudioFormat::mp3)
    {
        EXPECT_EQ (manifest.seekIndex.totalSamples % 1152, 0u);
        EXPECT_GE (manifest.seekIndex.totalSamples, 30u * 44100u);
        EXPECT_LE (manifest.seekIndex.totalSamples, 30u * 44100u + 3 * 1152);
    }
    else if (indexed)
    {
        EXPECT_EQ (manifest.seekIndex.totalSamples, 30u * 44100u);
    }
    if (GetParam().format == AudioFormat::oggVorbis)
    {
        EXPECT_EQ (manifest.layout.tailBytes, 0u);
    }

    const auto pieceLength = pieceLengthOf (manifest.infoDict);
    EXPECT_GE (pieceLength, 16u * 1024);
    EXPECT_LE (pieceLength, 64u * 1024);

    // Another daemon publishing the same bytes names the same track, and the tempo and key come
    // back from the store as they went in.
    EXPECT_EQ (second.client().publish ({ file.string() }).front().id, track.id);
    const auto listed = first.client().getTrack (track.id);
    EXPECT_DOUBLE_EQ (listed.manifest.bpm, manifest.bpm);
    EXPECT_EQ (listed.manifest.key, manifest.key);
    EXPECT_EQ (track.id.size(), 40u);
}

// A track added from a .torrent file, which says nothing of what the audio is, is described as
// soon as the pieces holding its opening arrive (ID3v2, FLAC metadata blocks, Vorbis comments,
// RIFF chunks), long before the rest: the artist here uploads at 24 KiB/s, so the excerpt takes
// minutes to arrive whole. A WAV keeps its tags in a chunk after the audio, so only its format
// and duration come from the opening.
TEST_P (PublishFormatsTest, ATrackFromATorrentFileIsDescribedOnceItsOpeningArrives)
{
    DaemonProcess artist (root.path() / "artist", { "--upload-limit", "24" });
    DaemonProcess listener (root.path() / "listener");
    artist.start();
    listener.start();

    const auto published = artist.client().publish ({ testMedia (GetParam().file).string() }).front();
    const auto [added, created] = listener.client().addTrack ({ std::nullopt, artist.client().torrentFile (published.id), std::nullopt }, { artist.peerAddress() });
    ASSERT_TRUE (created);
    EXPECT_TRUE (added.manifest.metadata.artist.empty()) << "a .torrent file carries no tags";
    EXPECT_EQ (added.manifest.metadata.durationMs, 0u);

    ClientTrack seen;
    const auto addedId = added.id; // clang 14 lets no lambda capture a structured binding
    ASSERT_TRUE (eventually ([&]
                             {
                                 seen = listener.client().getTrack (addedId);
                                 return seen.manifest.metadata.durationMs > 0; },
                             std::chrono::seconds (60)))
        << listener.log();
    EXPECT_LT (progressOf (seen), 0.5) << "described while most of the file is still to come\n"
                                       << listener.log();
    EXPECT_EQ (seen.manifest.format, GetParam().format);
    EXPECT_NEAR (static_cast<double> (seen.manifest.metadata.durationMs), 30000.0, 30000.0 * 0.1) << "exact, or from the bitrate where the end is needed";
    EXPECT_EQ (seen.manifest.metadata.sampleRate, 44100u);
    EXPECT_EQ (seen.manifest.metadata.channels, 2u);

    if (GetParam().format != AudioFormat::wav)
    {
        const auto tags = expectedTags();
        EXPECT_EQ (seen.manifest.metadata.title, tags.at ("title"));
        EXPECT_EQ (seen.manifest.metadata.artist, tags.at ("artist"));
        EXPECT_EQ (seen.manifest.metadata.album, tags.at ("album"));
        EXPECT_EQ (seen.manifest.metadata.genre, tags.at ("genre"));
        EXPECT_EQ (seen.manifest.bpm, std::stod (tags.at ("bpm")));
        EXPECT_EQ (seen.manifest.key, tags.at ("key"));
    }
}

INSTANTIATE_TEST_SUITE_P (EveryFormat,
                          PublishFormatsTest,
                          ::testing::Values (FormatCase { "excerpt.flac", AudioFormat::flac },
                                             FormatCase { "excerpt.ogg", AudioFormat::oggVorbis },
                                             FormatCase { "excerpt.mp3", AudioFormat::mp3 },
                                             FormatCase { "excerpt.wav", AudioFormat::wav }),
                          [] (const auto& info)
                          { return std::string (audioFormatName (info.param.format)); });

TEST (PublishFormats, AFileWhoseExtensionLiesIsDetectedByItsBytes)
{
    TemporaryDirectory root ("earshot-lies");
    const auto liar = root.path() / "actually-flac.mp3";
    std::filesystem::copy_file (testMedia ("excerpt.flac"), liar);

    DaemonProcess daemon (root.path() / "daemon");
    daemon.start();
    EXPECT_EQ (daemon.client().publish ({ liar.string() }).front().manifest.format, AudioFormat::flac);
}
