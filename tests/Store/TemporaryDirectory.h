#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace earshot::test
{
    /** A fresh folder under the system's temp directory, removed with everything in it when the
    object goes. Each test gets its own, so tests never see each other's SQLite files. */
    class TemporaryDirectory final
    {
    public:
        TemporaryDirectory()
        {
            auto pattern = (std::filesystem::temp_directory_path() / "earshot-store-test-XXXXXX").string();

            if (::mkdtemp (pattern.data()) == nullptr)
                throw std::runtime_error ("cannot create a temporary folder from " + pattern);

            path = pattern;
        }

        ~TemporaryDirectory()
        {
            std::error_code ignored;
            std::filesystem::remove_all (path, ignored);
        }

        TemporaryDirectory (const TemporaryDirectory&) = delete;
        TemporaryDirectory& operator= (const TemporaryDirectory&) = delete;

        [[nodiscard]] std::filesystem::path file (const std::string& name) const { return path / name; }

        std::filesystem::path path;
    };

    /** The whole content of a file, for byte-for-byte comparisons. */
    [[nodiscard]] inline std::string readWholeFile (const std::filesystem::path& file)
    {
        std::ifstream stream (file, std::ios::binary);
        return { std::istreambuf_iterator<char> (stream), std::istreambuf_iterator<char>() };
    }

    inline void writeWholeFile (const std::filesystem::path& file, const std::string& bytes)
    {
        std::ofstream stream (file, std::ios::binary | std::ios::trunc);
        stream.write (bytes.data(), static_cast<std::streamsize> (bytes.size()));
    }
} // namespace earshot::test
