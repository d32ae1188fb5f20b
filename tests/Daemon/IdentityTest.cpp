#include "Daemon/Identity.h"
#include "Core/Error.h"
#include "Daemon/IdentitySigner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sys/stat.h>
#include <unistd.h>

namespace earshot
{
    namespace
    {
        using ::testing::HasSubstr;

        /** A fresh folder under the system's temporary directory, removed when this goes. */
        class TemporaryDirectory final
        {
        public:
            TemporaryDirectory()
            {
                auto pattern = (std::filesystem::temp_directory_path() / "earshot-identity-XXXXXX").string();
                if (::mkdtemp (pattern.data()) == nullptr)
                    throw std::runtime_error ("cannot make a temporary directory");
                folder = pattern;
            }

            ~TemporaryDirectory()
            {
                std::error_code ec;
                std::filesystem::remove_all (folder, ec);
            }

            TemporaryDirectory (const TemporaryDirectory&) = delete;
            TemporaryDirectory& operator= (const TemporaryDirectory&) = delete;

            [[nodiscard]] const std::filesystem::path& path() const noexcept { return folder; }

        private:
            std::filesystem::path folder;
        };

        std::string readBytes (const std::filesystem::path& file)
        {
            std::ifstream in (file, std::ios::binary);
            return { std::istreambuf_iterator<char> (in), std::istreambuf_iterator<char>() };
        }

        void writeBytes (const std::filesystem::path& file, const std::string& bytes)
        {
            std::ofstream out (file, std::ios::binary | std::ios::trunc);
            out << bytes;
        }

        unsigned modeOf (const std::filesystem::path& file)
        {
            struct stat status = {};
            EXPECT_EQ (::stat (file.c_str(), &status), 0) << file;
            return status.st_mode & 07777;
        }

        /** The Error loadOrCreate throws for dataDirectory (expected to be failedPrecondition), or
            an empty string when it loads. */
        std::string loadError (const std::filesystem::path& dataDirectory)
        {
            try
            {
                (void) Identity::loadOrCreate (dataDirectory);
            }
            catch (const Error& error)
            {
                EXPECT_EQ (error.code(), ErrorCode::failedPrecondition) << error.what();
                return error.what();
            }
            return "";
        }
    } // namespace

    TEST (Identity, FirstStartMakesAKeyFileOnlyTheOwnerCanRead)
    {
        const TemporaryDirectory temporary;
        const auto dataDirectory = temporary.path() / "data"; // not there yet, as on a first start
        const auto identity = Identity::loadOrCreate (dataDirectory);

        EXPECT_TRUE (identity.isNew());
        EXPECT_FALSE (identity.modeBeforeTightening().has_value());

        const auto file = Identity::keyFileIn (dataDirectory);
        EXPECT_EQ (file, dataDirectory / "identity.key");
        EXPECT_EQ (modeOf (file), 0600u);

        // Seed then public key, and nothing left behind from writing it.
        const auto bytes = readBytes (file);
        ASSERT_EQ (bytes.size(), 64u);
        EXPECT_TRUE (std::equal (identity.publicKey().begin(), identity.publicKey().end(), bytes.begin() + 32, [] (std::uint8_t a, char b)
                                 { return a == static_cast<std::uint8_t> (b); }));
        EXPECT_EQ (std::distance (std::filesystem::directory_iterator (dataDirectory), std::filesystem::directory_iterator()), 1);
    }

    TEST (Identity, LaterStartsLoadTheSameKey)
    {
        const TemporaryDirectory temporary;
        const auto first = Identity::loadOrCreate (temporary.path());
        const auto bytes = readBytes (Identity::keyFileIn (temporary.path()));
        const auto second = Identity::loadOrCreate (temporary.path());

        EXPECT_FALSE (second.isNew());
        EXPECT_EQ (second.publicKey(), first.publicKey());
        // Ed25519 signatures are deterministic: the same signature means the same secret key.
        EXPECT_EQ (second.sign ("a pass to Ana"), first.sign ("a pass to Ana"));
        EXPECT_EQ (readBytes (Identity::keyFileIn (temporary.path())), bytes);
    }

    TEST (Identity, EachDataDirectoryHasItsOwnKey)
    {
        const TemporaryDirectory one;
        const TemporaryDirectory other;
        EXPECT_NE (Identity::loadOrCreate (one.path()).publicKey(), Identity::loadOrCreate (other.path()).publicKey());
    }

    TEST (Identity, WhatFriendsSealToTheKeyInItsFriendCodeOpensWithItAcrossRestartsOnly)
    {
        const TemporaryDirectory temporary;
        const TemporaryDirectory other;
        const auto identity = Identity::loadOrCreate (temporary.path());
        const auto box = SealedBox::seal (identity.publicKey(), "a pass to Ana");

        EXPECT_EQ (identity.sealedBox().publicKey(), identity.publicKey());
        EXPECT_EQ (identity.sealedBox().open (box), "a pass to Ana");
        EXPECT_EQ (Identity::loadOrCreate (temporary.path()).sealedBox().open (box), "a pass to Ana");
        EXPECT_THROW ((void) Identity::loadOrCreate (other.path()).sealedBox().open (box), Error);
    }

    TEST (Identity, SignaturesVerifyUnderTheSignersKeyOnly)
    {
        const TemporaryDirectory one;
        const TemporaryDirectory other;
        const auto signer = Identity::loadOrCreate (one.path());
        const auto stranger = Identity::loadOrCreate (other.path());

        const std::string message = "pass: track 0123abcd from Ben to Ana, note \"listen at 2:10\"";
        const auto signature = signer.sign (message);

        ASSERT_EQ (signature.size(), Identity::signatureSize);
        EXPECT_TRUE (Identity::verify (signer.publicKey(), message, signature));
        EXPECT_FALSE (Identity::verify (stranger.publicKey(), message, signature));
        EXPECT_FALSE (Identity::verify (signer.publicKey(), message, stranger.sign (message)));

        EXPECT_TRUE (Identity::verify (signer.publicKey(), "", signer.sign ("")));
        EXPECT_FALSE (Identity::verify (signer.publicKey(), "", signature));
    }

    TEST (Identity, AnyFlippedBitFailsToVerify)
    {
        const TemporaryDirectory temporary;
        const auto identity = Identity::loadOrCreate (temporary.path());
        const std::string message = "ack: pass 42 delivered";
        const auto signature = identity.sign (message);
        ASSERT_TRUE (Identity::verify (identity.publicKey(), message, signature));

        for (std::size_t bit = 0; bit < message.size() * 8; ++bit)
        {
            auto changed = message;
            changed[bit / 8] = static_cast<char> (changed[bit / 8] ^ (1 << (bit % 8)));
            EXPECT_FALSE (Identity::verify (identity.publicKey(), changed, signature)) << "message bit " << bit;
        }

        for (std::size_t bit = 0; bit < signature.size() * 8; ++bit)
        {
            auto changed = signature;
            changed[bit / 8] = static_cast<char> (changed[bit / 8] ^ (1 << (bit % 8)));
            EXPECT_FALSE (Identity::verify (identity.publicKey(), message, changed)) << "signature bit " << bit;
        }

        for (std::size_t bit = 0; bit < 256; ++bit)
        {
            auto key = identity.publicKey();
            key[bit / 8] = static_cast<std::uint8_t> (key[bit / 8] ^ (1 << (bit % 8)));
            EXPECT_FALSE (Identity::verify (key, message, signature)) << "public key bit " << bit;
        }
    }

    TEST (Identity, SignaturesOfTheWrongSizeDoNotVerify)
    {
        const TemporaryDirectory temporary;
        const auto identity = Identity::loadOrCreate (temporary.path());
        const auto signature = identity.sign ("hello");

        EXPECT_FALSE (Identity::verify (identity.publicKey(), "hello", ""));
        EXPECT_FALSE (Identity::verify (identity.publicKey(), "hello", signature.substr (0, 63)));
        EXPECT_FALSE (Identity::verify (identity.publicKey(), "hello", signature + '\0'));
        EXPECT_FALSE (Identity::verify (identity.publicKey(), "hello", signature + signature));
    }

    TEST (Identity, ATruncatedKeyFileIsAnErrorAndIsLeftAsItIs)
    {
        const TemporaryDirectory temporary;
        (void) Identity::loadOrCreate (temporary.path());
        const auto file = Identity::keyFileIn (temporary.path());
        const auto truncated = readBytes (file).substr (0, 40);
        writeBytes (file, truncated);
        ::chmod (file.c_str(), 0644);

        const auto error = loadError (temporary.path());
        EXPECT_THAT (error, HasSubstr (file.string()));
        EXPECT_THAT (error, HasSubstr ("is 40 bytes where an identity key is 64"));

        // Not replaced, not even made private: a damaged key is for a person to look at.
        EXPECT_EQ (readBytes (file), truncated);
        EXPECT_EQ (modeOf (file), 0644u);
        EXPECT_THAT (loadError (temporary.path()), HasSubstr ("is 40 bytes"));
    }

    TEST (Identity, AnEmptyKeyFileIsNeverReplaced)
    {
        const TemporaryDirectory temporary;
        const auto file = Identity::keyFileIn (temporary.path());
        writeBytes (file, "");

        EXPECT_THAT (loadError (temporary.path()), HasSubstr ("is 0 bytes"));
        EXPECT_EQ (std::filesystem::file_size (file), 0u);
    }

    TEST (Identity, AKeyFileWhosePublicKeyDoesNotMatchIsAnError)
    {
        const TemporaryDirectory temporary;
        (void) Identity::loadOrCreate (temporary.path());
        const auto file = Identity::keyFileIn (temporary.path());
        auto bytes = readBytes (file);
        bytes[50] = static_cast<char> (bytes[50] ^ 4);
        writeBytes (file, bytes);

        const auto error = loadError (temporary.path());
        EXPECT_THAT (error, HasSubstr (file.string()));
        EXPECT_THAT (error, HasSubstr ("damaged: its public key does not match its secret key"));
        EXPECT_EQ (readBytes (file), bytes);
    }

    TEST (Identity, SomethingOtherThanAFileInItsPlaceIsAnError)
    {
        const TemporaryDirectory temporary;
        const auto file = Identity::keyFileIn (temporary.path());
        std::filesystem::create_directory (file);

        EXPECT_THAT (loadError (temporary.path()), HasSubstr (file.string() + " is not a regular file"));
        EXPECT_TRUE (std::filesystem::is_directory (file));
    }

    TEST (Identity, AnUnreadableKeyFileIsAnError)
    {
        if (::geteuid() == 0)
            GTEST_SKIP() << "root reads any file, so permissions cannot make one unreadable";

        const TemporaryDirectory temporary;
        (void) Identity::loadOrCreate (temporary.path());
        const auto file = Identity::keyFileIn (temporary.path());
        const auto bytes = readBytes (file);
        ::chmod (file.c_str(), 0);

        const auto error = loadError (temporary.path());
        EXPECT_THAT (error, HasSubstr ("cannot read the identity key " + file.string()));
        EXPECT_THAT (error, HasSubstr ("Permission denied"));

        ::chmod (file.c_str(), 0600);
        EXPECT_EQ (readBytes (file), bytes);
    }

    TEST (Identity, AKeyFileOthersCanReadIsMadePrivate)
    {
        const TemporaryDirectory temporary;
        const auto original = Identity::loadOrCreate (temporary.path());
        const auto file = Identity::keyFileIn (temporary.path());

        for (const unsigned looser : { 0644u, 0660u, 0604u, 0700u })
        {
            ::chmod (file.c_str(), looser);
            const auto loaded = Identity::loadOrCreate (temporary.path());

            EXPECT_EQ (loaded.modeBeforeTightening(), std::optional<unsigned> (looser));
            EXPECT_EQ (modeOf (file), 0600u) << std::oct << looser;
            EXPECT_EQ (loaded.publicKey(), original.publicKey());
        }

        EXPECT_FALSE (Identity::loadOrCreate (temporary.path()).modeBeforeTightening().has_value()) << "0600 is left alone";

        // Narrower than 0600 is the owner's choice, and stays.
        ::chmod (file.c_str(), 0400);
        EXPECT_FALSE (Identity::loadOrCreate (temporary.path()).modeBeforeTightening().has_value());
        EXPECT_EQ (modeOf (file), 0400u);
    }

    TEST (Identity, TheDaemonsEnvelopeSignerIsItsEd25519Key)
    {
        const TemporaryDirectory one;
        const TemporaryDirectory other;
        const auto identity = Identity::loadOrCreate (one.path());
        const auto stranger = Identity::loadOrCreate (other.path());
        const IdentitySigner signer (identity);
        const EnvelopeSigner& keys = signer;

        EXPECT_EQ (keys.publicKey(), identity.publicKey());
        const auto signature = keys.sign ("an envelope");
        EXPECT_EQ (signature, identity.sign ("an envelope"));
        EXPECT_TRUE (keys.verify (identity.publicKey(), "an envelope", signature));
        EXPECT_FALSE (keys.verify (identity.publicKey(), "an envelopE", signature));
        EXPECT_FALSE (keys.verify (stranger.publicKey(), "an envelope", signature));
        EXPECT_FALSE (keys.verify (identity.publicKey(), "an envelope", signature.substr (0, 63)));
        EXPECT_TRUE (keys.verify (stranger.publicKey(), "an envelope", stranger.sign ("an envelope")));
    }
} // namespace earshot
