#pragma once

#include "Core/Error.h"
#include "Core/PublicKey.h"
#include "Daemon/Identity.h"

#include <google/protobuf/stubs/logging.h>
#include <libtorrent/kademlia/ed25519.hpp>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <sys/stat.h>

/** What every fuzz target shares. A target hands the real parser the fuzzer's bytes; Error is how
    a parser says no to bad bytes, so it is expected. Anything else (another exception, a crash, a
    sanitizer report, a hang) is a finding. */
namespace earshot::fuzz
{
    /** The clock a target passes to the checks that take the time, so that seeds stay fresh. */
    constexpr std::int64_t fixedNowMs = 1'790'000'000'000;

    /** Runs parse; an Error is the refusal of bad bytes, which is what most inputs get. */
    template <typename Parse>
    void refusedOrTaken (Parse&& parse)
    {
        try
        {
            parse();
        }
        catch (const Error&)
        {
        }
    }

    [[nodiscard]] inline std::string_view textOf (const std::uint8_t* data, std::size_t size) noexcept
    {
        return { reinterpret_cast<const char*> (data), size };
    }

    /** The first byte of an input picks what a target does with the rest, so one target can feed
        the same parser raw bytes and bytes the harness has signed. */
    struct ModeAndRest
    {
        std::uint8_t mode = 0;
        std::string rest;
    };

    [[nodiscard]] inline ModeAndRest splitMode (const std::uint8_t* data, std::size_t size, std::uint8_t modes)
    {
        if (size == 0)
            return {};
        return { static_cast<std::uint8_t> (data[0] % modes), std::string (textOf (data + 1, size - 1)) };
    }

    /** protobuf logs each string field that is not UTF-8 as it parses it: for a fuzzer that is most
        inputs, and the log would drown libFuzzer's own. What matters is what parsing returns. */
    inline void quietProtobuf()
    {
        static const bool quiet = (google::protobuf::SetLogHandler ([] (google::protobuf::LogLevel, const char*, int, const std::string&) {}), true);
        (void) quiet;
    }

    /** How a target that reads signed messages takes its input: the signed message's bytes as
        they arrive (only seeds signed with the fixed key get past the signature), the inner
        message's bytes signed by the harness, or the inner message made fresh (for this
        recipient, at this time) and then signed, so that mutations reach what is read after the
        signature and freshness checks. */
    enum SealedMode : std::uint8_t
    {
        sealedBytes,
        signedBytes,
        freshMessage,
        sealedModeCount
    };

    /** The signed message for mode, or nothing when the bytes do not parse as what mode needs.
        sign (bytes) makes a Sealed of inner bytes; freshen (Inner&) sets what makes it current. */
    template <typename Sealed, typename Inner, typename Sign, typename Freshen>
    [[nodiscard]] std::optional<Sealed> sealedOf (std::uint8_t mode, const std::string& bytes, Sign&& sign, Freshen&& freshen)
    {
        quietProtobuf();
        if (mode == sealedBytes)
        {
            Sealed sealed;
            if (! sealed.ParseFromString (bytes))
                return std::nullopt;
            return sealed;
        }
        if (mode == signedBytes)
            return sign (bytes);
        Inner inner;
        if (! inner.ParseFromString (bytes))
            return std::nullopt;
        freshen (inner);
        return sign (inner.SerializeAsString());
    }

    /** A folder of its own under the system's temporary folder for as long as the target runs
        (SQLite files, key files); removed when the process ends normally. */
    class ScratchFolder final
    {
    public:
        ScratchFolder()
        {
            std::string pattern = (std::filesystem::temp_directory_path() / "earshot-fuzz-XXXXXX").string();
            if (::mkdtemp (pattern.data()) == nullptr)
                std::abort();
            folder = pattern;
        }

        ~ScratchFolder()
        {
            std::error_code ignored;
            std::filesystem::remove_all (folder, ignored);
        }

        ScratchFolder (const ScratchFolder&) = delete;
        ScratchFolder& operator= (const ScratchFolder&) = delete;

        [[nodiscard]] const std::filesystem::path& path() const noexcept { return folder; }

    private:
        std::filesystem::path folder;
    };

    /** A daemon identity whose seed is seedByte repeated: the same key in every run, so the signed
        seeds in the corpus verify and the fuzzer reaches past the signature. Written as earshotd
        keeps it (seed, then public key, owner-only) in a folder of its own under scratch. */
    [[nodiscard]] inline Identity fixedIdentity (const ScratchFolder& scratch, std::uint8_t seedByte)
    {
        std::array<char, 32> seed {};
        seed.fill (static_cast<char> (seedByte));
        const auto publicKey = std::get<0> (libtorrent::dht::ed25519_create_keypair (seed));

        const auto folder = scratch.path() / ("identity-" + std::to_string (seedByte));
        std::filesystem::create_directories (folder);
        const auto keyFile = Identity::keyFileIn (folder);
        {
            std::ofstream out (keyFile, std::ios::binary);
            out.write (seed.data(), static_cast<std::streamsize> (seed.size()));
            out.write (publicKey.bytes.data(), static_cast<std::streamsize> (publicKey.bytes.size()));
        }
        ::chmod (keyFile.c_str(), 0600);
        return Identity::loadOrCreate (folder);
    }
} // namespace earshot::fuzz
