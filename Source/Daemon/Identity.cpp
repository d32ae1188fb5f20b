#include "Identity.h"

#include "Swarm/Ed25519Verifier.h"

#include "Core/Error.h"
#include "Core/Hex.h"

#include <libtorrent/kademlia/ed25519.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace earshot
{
    namespace
    {
        constexpr std::size_t seedSize = 32;
        constexpr std::size_t keyFileSize = seedSize + Identity::publicKeySize;
        constexpr mode_t ownerOnly = 0600;

        const std::string startAfresh = "restore it from a backup, or move it away to start with a new identity (friends will then need your new friend code)";

        [[noreturn]] void fail (const std::string& message)
        {
            throw Error (ErrorCode::failedPrecondition, message);
        }

        std::string octal (unsigned mode)
        {
            char text[8] = {};
            std::snprintf (text, sizeof (text), "%04o", mode);
            return text;
        }

        /** Closes a file descriptor when it goes. */
        class FileDescriptor final
        {
        public:
            explicit FileDescriptor (int descriptor) noexcept
                : fd (descriptor) {}
            ~FileDescriptor()
            {
                if (fd >= 0)
                    ::close (fd);
            }
            FileDescriptor (const FileDescriptor&) = delete;
            FileDescriptor& operator= (const FileDescriptor&) = delete;

            [[nodiscard]] int get() const noexcept { return fd; }
            [[nodiscard]] int release() noexcept { return std::exchange (fd, -1); }

        private:
            int fd;
        };

        /** Reads exactly size bytes; false at end of file or on an error (errno says which). */
        bool readFully (int fd, char* buffer, std::size_t size)
        {
            while (size > 0)
            {
                const auto got = ::read (fd, buffer, size);
                if (got < 0 && errno == EINTR)
                    continue;
                if (got <= 0)
                    return false;
                buffer += got;
                size -= static_cast<std::size_t> (got);
            }
            return true;
        }

        bool writeFully (int fd, const char* buffer, std::size_t size)
        {
            while (size > 0)
            {
                const auto written = ::write (fd, buffer, size);
                if (written < 0 && errno == EINTR)
                    continue;
                if (written <= 0)
                    return false;
                buffer += written;
                size -= static_cast<std::size_t> (written);
            }
            return true;
        }

        /** A new secret seed. libtorrent's seed comes from OpenSSL where libtorrent is built with
            it (Debian's is); a build without it would fall back to a Mersenne Twister, so the
            kernel's random bytes are mixed in as well: the seed is never weaker than either. */
        std::array<char, seedSize> newSeed()
        {
            auto seed = lt::dht::ed25519_create_seed();

            std::array<char, seedSize> kernel {};
            std::size_t filled = 0;
            while (filled < kernel.size())
            {
                const auto got = ::getrandom (kernel.data() + filled, kernel.size() - filled, 0);
                if (got < 0 && errno == EINTR)
                    continue;
                if (got < 0)
                    throw Error (ErrorCode::internal, std::string ("cannot get random bytes for a new identity key from the kernel: ") + std::strerror (errno));
                filled += static_cast<std::size_t> (got);
            }

            for (std::size_t i = 0; i < seed.size(); ++i)
                seed[i] = static_cast<char> (seed[i] ^ kernel[i]);
            ::explicit_bzero (kernel.data(), kernel.size());
            return seed;
        }

        void syncDirectory (const std::filesystem::path& directory)
        {
            FileDescriptor fd (::open (directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
            if (fd.get() >= 0)
                (void) ::fsync (fd.get());
        }
    } // namespace

    //==============================================================================
    /** Builds an Identity from the seed that determines it. */
    struct IdentityFactory
    {
        static Identity fromSeed (const std::array<char, seedSize>& seed)
        {
            const auto [publicKey, secretKey] = lt::dht::ed25519_create_keypair (seed);

            Identity identity;
            std::transform (publicKey.bytes.begin(), publicKey.bytes.end(), identity.publicKeyBytes.begin(), [] (char c)
                            { return static_cast<std::uint8_t> (c); });
            identity.secretKeyBytes = secretKey.bytes;
            identity.seedBytes = seed;
            return identity;
        }

        /** The identity in an existing key file, or nothing when there is no key file. */
        static std::optional<Identity> load (const std::filesystem::path& file)
        {
            FileDescriptor fd (::open (file.c_str(), O_RDONLY | O_CLOEXEC));
            if (fd.get() < 0)
            {
                if (errno == ENOENT)
                    return std::nullopt;
                fail ("cannot read the identity key " + file.string() + ": " + std::strerror (errno) + "; fix its permissions, or " + startAfresh);
            }

            struct stat status = {};
            if (::fstat (fd.get(), &status) != 0)
                fail ("cannot read the identity key " + file.string() + ": " + std::strerror (errno));
            if (! S_ISREG (status.st_mode))
                fail (file.string() + " is not a regular file, so it cannot hold the identity key; move it away and start earshotd again");
            if (status.st_size != static_cast<off_t> (keyFileSize))
                fail ("the identity key " + file.string() + " is " + std::to_string (status.st_size) + " bytes where an identity key is " + std::to_string (keyFileSize) + ": it is damaged; " + startAfresh);

            std::array<char, keyFileSize> contents {};
            errno = 0;
            if (! readFully (fd.get(), contents.data(), contents.size()))
                fail ("cannot read the identity key " + file.string() + ": " + (errno != 0 ? std::strerror (errno) : "it ended early") + "; " + startAfresh);

            std::array<char, seedSize> seed {};
            std::copy_n (contents.begin(), seedSize, seed.begin());
            auto identity = fromSeed (seed);
            ::explicit_bzero (seed.data(), seed.size());

            const bool matches = std::equal (identity.publicKeyBytes.begin(), identity.publicKeyBytes.end(), contents.begin() + seedSize, [] (std::uint8_t a, char b)
                                             { return a == static_cast<std::uint8_t> (b); });
            ::explicit_bzero (contents.data(), contents.size());
            if (! matches)
                fail ("the identity key " + file.string() + " is damaged: its public key does not match its secret key; " + startAfresh);

            // Only now, with a key known to be whole: a broken file stays exactly as it was found.
            const auto mode = static_cast<unsigned> (status.st_mode & 07777);
            if ((mode & ~ownerOnly) != 0)
            {
                if (::fchmod (fd.get(), mode & ownerOnly) != 0)
                    fail ("the identity key " + file.string() + " is open to other users (mode " + octal (mode) + ") and could not be made private: " + std::strerror (errno) + "; run chmod 600 " + file.string());
                identity.looserMode = mode;
            }
            return identity;
        }

        static Identity create (const std::filesystem::path& directory, const std::filesystem::path& file)
        {
            auto seed = newSeed();
            auto identity = fromSeed (seed);
            identity.created = true;

            std::array<char, keyFileSize> contents {};
            std::copy (seed.begin(), seed.end(), contents.begin());
            std::transform (identity.publicKeyBytes.begin(), identity.publicKeyBytes.end(), contents.begin() + seedSize, [] (std::uint8_t b)
                            { return static_cast<char> (b); });
            ::explicit_bzero (seed.data(), seed.size());

            // A name no other writer picks, so O_EXCL only fails on a real problem.
            std::array<char, 8> nonce {};
            const auto randomName = lt::dht::ed25519_create_seed();
            std::copy_n (randomName.begin(), nonce.size(), nonce.begin());
            const auto temporary = directory / (".identity.key." + toHex (std::string_view (nonce.data(), nonce.size())) + ".new");

            const auto cannotWrite = [&] (const std::string& what)
            {
                const std::string reason = std::strerror (errno);
                ::unlink (temporary.c_str());
                fail ("cannot write a new identity key to " + directory.string() + " (" + what + "): " + reason);
            };

            {
                FileDescriptor fd (::open (temporary.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, ownerOnly));
                if (fd.get() < 0)
                    fail ("cannot write a new identity key to " + directory.string() + ": " + std::strerror (errno));

                // The umask could only have narrowed 0600; make it exactly that.
                const bool written = ::fchmod (fd.get(), ownerOnly) == 0
                                     && writeFully (fd.get(), contents.data(), contents.size())
                                     && ::fsync (fd.get()) == 0;
                ::explicit_bzero (contents.data(), contents.size());
                if (! written)
                    cannotWrite ("writing " + temporary.filename().string());
                if (::close (fd.release()) != 0)
                    cannotWrite ("closing " + temporary.filename().string());
            }

            // link() rather than rename(): it fails when identity.key appeared meanwhile instead of
            // replacing a key someone may already have handed out.
            if (::link (temporary.c_str(), file.c_str()) == 0)
            {
                ::unlink (temporary.c_str());
            }
            else if (errno == EEXIST)
            {
                ::unlink (temporary.c_str());
                if (auto existing = load (file))
                    return std::move (*existing);
                fail ("the identity key " + file.string() + " appeared and vanished while a new one was being made; start earshotd again");
            }
            else if (errno == EPERM || errno == EOPNOTSUPP || errno == ENOSYS)
            {
                // A file system without hard links: rename() is still atomic, and the data
                // directory lock keeps a second daemon from racing this one.
                if (::rename (temporary.c_str(), file.c_str()) != 0)
                    cannotWrite ("renaming it to " + file.filename().string());
            }
            else
            {
                cannotWrite ("linking it as " + file.filename().string());
            }

            syncDirectory (directory);
            return identity;
        }
    };

    //==============================================================================
    std::filesystem::path Identity::keyFileIn (const std::filesystem::path& dataDirectory)
    {
        return dataDirectory / "identity.key";
    }

    Identity Identity::loadOrCreate (const std::filesystem::path& dataDirectory)
    {
        std::error_code ec;
        std::filesystem::create_directories (dataDirectory, ec);
        if (ec)
            fail ("cannot create the data directory " + dataDirectory.string() + ": " + ec.message());

        const auto file = keyFileIn (dataDirectory);
        if (auto existing = IdentityFactory::load (file))
            return std::move (*existing);
        return IdentityFactory::create (dataDirectory, file);
    }

    std::string Identity::sign (std::string_view message) const
    {
        lt::dht::public_key publicKey;
        std::transform (publicKeyBytes.begin(), publicKeyBytes.end(), publicKey.bytes.begin(), [] (std::uint8_t b)
                        { return static_cast<char> (b); });
        const lt::dht::secret_key secretKey (secretKeyBytes.data());

        const auto signature = lt::dht::ed25519_sign ({ message.data(), static_cast<std::ptrdiff_t> (message.size()) }, publicKey, secretKey);
        return std::string (signature.bytes.begin(), signature.bytes.end());
    }

    SealedBox Identity::sealedBox() const
    {
        SealedBox::Ed25519SecretKey secretKey {};
        std::transform (seedBytes.begin(), seedBytes.end(), secretKey.begin(), [] (char c)
                        { return static_cast<std::uint8_t> (c); });
        std::copy (publicKeyBytes.begin(), publicKeyBytes.end(), secretKey.begin() + seedSize);
        SealedBox box (secretKey);
        ::explicit_bzero (secretKey.data(), secretKey.size());
        return box;
    }

    bool Identity::verify (const PublicKey& publicKey, std::string_view message, std::string_view signature)
    {
        return Ed25519Verifier().verify (publicKey, message, signature);
    }
} // namespace earshot
