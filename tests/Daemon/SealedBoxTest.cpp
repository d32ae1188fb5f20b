// The sealed boxes friends' daemons send each other: only the key they are sealed to opens them,
// a changed byte is caught, and a box's size shows its message's only to the bucket.

#include "Daemon/SealedBox.h"

#include "Core/Error.h"
#include "Core/PassRules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sodium.h>

#include <set>

namespace earshot
{
    namespace
    {
        using ::testing::HasSubstr;

        /** A fresh Ed25519 key pair, as an identity key file holds it. */
        SealedBox::Ed25519SecretKey newSecretKey()
        {
            EXPECT_GE (sodium_init(), 0);
            std::array<std::uint8_t, crypto_sign_PUBLICKEYBYTES> publicKey {};
            SealedBox::Ed25519SecretKey secretKey {};
            crypto_sign_keypair (publicKey.data(), secretKey.data());
            return secretKey;
        }

        /** The message and code of the Error call throws (an empty message when it throws none). */
        std::pair<ErrorCode, std::string> refusalOf (const std::function<void()>& call)
        {
            try
            {
                call();
            }
            catch (const Error& error)
            {
                return { error.code(), error.what() };
            }
            return { ErrorCode::internal, {} };
        }
    } // namespace

    TEST (SealedBox, WhatIsSealedToAKeyOpensWithItWhateverItsSize)
    {
        const SealedBox ben (newSecretKey());
        for (const std::size_t size : { std::size_t { 0 }, std::size_t { 1 }, std::size_t { 1023 }, std::size_t { 1024 }, std::size_t { 5000 }, passRules::maxMessageBytes })
        {
            std::string message (size, '\0');
            for (std::size_t i = 0; i < size; ++i)
                message[i] = static_cast<char> (i * 7 + 3);
            const auto box = SealedBox::seal (ben.publicKey(), message);
            EXPECT_EQ (box.size(), SealedBox::sealedSize (size));
            EXPECT_EQ (ben.open (box), message) << size << " bytes";
        }
    }

    TEST (SealedBox, TheMessageDoesNotShowInTheBoxAndEachSealingDiffers)
    {
        const SealedBox ben (newSecretKey());
        const std::string note = "the b-side nobody plays, at 2:31";
        const auto first = SealedBox::seal (ben.publicKey(), note);
        const auto second = SealedBox::seal (ben.publicKey(), note);
        EXPECT_EQ (first.find (note), std::string::npos);
        EXPECT_EQ (first.find ("b-side"), std::string::npos);
        // A fresh key per box: a retry of the same message cannot be matched with the first try.
        EXPECT_NE (first, second);
        EXPECT_EQ (first.find (std::string (ben.publicKey().begin(), ben.publicKey().end())), std::string::npos);
    }

    TEST (SealedBox, ABoxSealedToAnotherKeyIsRefusedSayingSo)
    {
        const SealedBox ben (newSecretKey());
        const SealedBox cleo (newSecretKey());
        const auto box = SealedBox::seal (cleo.publicKey(), "for Cleo only");

        const auto [code, message] = refusalOf ([&]
                                                { (void) ben.open (box); });
        EXPECT_EQ (code, ErrorCode::invalidArgument);
        EXPECT_THAT (message, HasSubstr ("not sealed to this daemon's key"));
        EXPECT_EQ (cleo.open (box), "for Cleo only");
    }

    TEST (SealedBox, AnyChangedByteIsCaught)
    {
        const SealedBox ben (newSecretKey());
        const auto box = SealedBox::seal (ben.publicKey(), "listen to the second half");
        // The sender's one-time key, the ciphertext, the padding's ciphertext, and the MAC.
        for (const std::size_t at : { std::size_t { 0 }, std::size_t { 31 }, std::size_t { 40 }, std::size_t { 60 }, box.size() / 2, box.size() - 1 })
        {
            auto changed = box;
            changed[at] = static_cast<char> (changed[at] ^ 0x01);
            const auto [code, message] = refusalOf ([&]
                                                    { (void) ben.open (changed); });
            EXPECT_EQ (code, ErrorCode::invalidArgument) << "byte " << at;
            EXPECT_THAT (message, HasSubstr ("not sealed to this daemon's key")) << "byte " << at;
        }
        // Cut short or lengthened: no box has that size.
        EXPECT_EQ (refusalOf ([&]
                              { (void) ben.open (box.substr (0, box.size() - 1)); })
                       .first,
                   ErrorCode::invalidArgument);
        EXPECT_EQ (refusalOf ([&]
                              { (void) ben.open (box + "x"); })
                       .first,
                   ErrorCode::invalidArgument);
        EXPECT_EQ (refusalOf ([&]
                              { (void) ben.open (""); })
                       .first,
                   ErrorCode::invalidArgument);
    }

    TEST (SealedBox, LengthsWithinABucketLookTheSame)
    {
        const SealedBox ben (newSecretKey());
        std::set<std::size_t> sizes;
        for (std::size_t length = 0; length < SealedBox::bucketBytes; length += 37)
            sizes.insert (SealedBox::seal (ben.publicKey(), std::string (length, 'n')).size());
        EXPECT_EQ (sizes, (std::set<std::size_t> { SealedBox::bucketBytes + SealedBox::overheadBytes }));

        // A short note and a long one in the same bucket: the same size.
        const std::string pass (2100, 'p');
        EXPECT_EQ (SealedBox::seal (ben.publicKey(), pass + "ok").size(), SealedBox::seal (ben.publicKey(), pass + std::string (900, 'w')).size());
        // The next bucket starts at a whole one (padding always takes at least a byte).
        EXPECT_EQ (SealedBox::seal (ben.publicKey(), std::string (SealedBox::bucketBytes, 'n')).size(), 2 * SealedBox::bucketBytes + SealedBox::overheadBytes);
    }

    TEST (SealedBox, ABoxWithoutPaddingOrToAKeyOffTheCurveIsRefused)
    {
        const auto secretKey = newSecretKey();
        const SealedBox ben (secretKey);

        // Sealed to the right key, but not padded as a daemon pads.
        std::array<std::uint8_t, 32> benBoxKey {};
        ASSERT_EQ (crypto_sign_ed25519_pk_to_curve25519 (benBoxKey.data(), ben.publicKey().data()), 0);
        const std::string unpadded (SealedBox::bucketBytes, '\0');
        std::string box (unpadded.size() + crypto_box_SEALBYTES, '\0');
        ASSERT_EQ (crypto_box_seal (reinterpret_cast<unsigned char*> (box.data()), reinterpret_cast<const unsigned char*> (unpadded.data()), unpadded.size(), benBoxKey.data()), 0);
        const auto [code, message] = refusalOf ([&]
                                                { (void) ben.open (box); });
        EXPECT_EQ (code, ErrorCode::invalidArgument);
        EXPECT_THAT (message, HasSubstr ("no padded message"));

        // A key of small order has no X25519 form to seal to.
        const auto [keyCode, keyMessage] = refusalOf ([&]
                                                      { (void) SealedBox::seal (PublicKey {}, "anything"); });
        EXPECT_EQ (keyCode, ErrorCode::invalidArgument);
        EXPECT_THAT (keyMessage, HasSubstr ("not a usable Ed25519 public key"));
    }
} // namespace earshot
