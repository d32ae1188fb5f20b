#pragma once

#include "Daemon/SealedBox.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace earshot
{
    struct IdentityFactory;

    /** The daemon's Ed25519 key pair: who this daemon is to its friends. The public key goes into
        the friend code; the secret key signs passes and acknowledgements.

        The key pair lives in `identity.key` in the data directory, 64 bytes: the 32-byte seed then
        the 32-byte public key (the layout NaCl and libsodium call an Ed25519 secret key), readable
        by the owner only. Losing it means every friend has to add this daemon again, so nothing
        here ever overwrites or deletes a key file: one that cannot be read is an error to fix by
        hand. Signing and verifying are libtorrent's Ed25519 (the one its DHT uses).

        An Identity is immutable once loaded; any thread may call its const members. */
    class Identity final
    {
    public:
        static constexpr std::size_t publicKeySize = 32;
        static constexpr std::size_t signatureSize = 64;
        using PublicKey = std::array<std::uint8_t, publicKeySize>;

        /** Reads `identity.key` from dataDirectory (creating the directory if needed), or on
            first start makes a new key pair and writes it there, readable by the owner only
            (mode 0600, written to a temporary file then linked into place, so a crash leaves
            either no key file or a whole one). A key file that other users may read or write is
            tightened to 0600 (see modeBeforeTightening()). Throws Error (failedPrecondition)
            naming the file and the problem when it exists but cannot be read, is not a regular
            file, has the wrong size, or its public key does not match its seed; the file is then
            left as it is. */
        [[nodiscard]] static Identity loadOrCreate (const std::filesystem::path& dataDirectory);

        /** The file loadOrCreate keeps the key pair in. */
        [[nodiscard]] static std::filesystem::path keyFileIn (const std::filesystem::path& dataDirectory);

        [[nodiscard]] const PublicKey& publicKey() const noexcept { return publicKeyBytes; }

        /** The 64-byte Ed25519 signature of message. */
        [[nodiscard]] std::string sign (std::string_view message) const;

        /** Whether signature is publicKey's Ed25519 signature of message; false for a signature
            that is not 64 bytes. */
        [[nodiscard]] static bool verify (const PublicKey& publicKey, std::string_view message, std::string_view signature);

        /** What opens the messages friends seal to this identity's key (SealedBox: its X25519
            form, so friends need nothing beyond the friend code). */
        [[nodiscard]] SealedBox sealedBox() const;

        /** True when loadOrCreate made this key pair now (first start), so the daemon can say so. */
        [[nodiscard]] bool isNew() const noexcept { return created; }

        /** When the key file had permissions beyond the owner's read and write, its mode before
            loadOrCreate narrowed it (e.g. 0644, now 0600), so the daemon can warn that the secret
            key may have been read. */
        [[nodiscard]] std::optional<unsigned> modeBeforeTightening() const noexcept { return looserMode; }

    private:
        /** Reads, makes and writes key files (in Identity.cpp). */
        friend struct IdentityFactory;

        Identity() = default;

        PublicKey publicKeyBytes {};
        /** The 64-byte secret key in libtorrent's form (the expanded seed), as libtorrent wants it
            for signing. */
        std::array<char, 64> secretKeyBytes {};
        /** The 32-byte seed both forms of the secret key come from. */
        std::array<char, 32> seedBytes {};
        bool created = false;
        std::optional<unsigned> looserMode;
    };
} // namespace earshot
