#include "DefaultLocations.h"

#include <cstdlib>
#include <unistd.h>

namespace earshot
{
    namespace
    {
        std::string environment (const char* name)
        {
            const char* value = std::getenv (name);
            return value != nullptr ? std::string (value) : std::string();
        }
    } // namespace

    std::filesystem::path defaultDataDirectory()
    {
        if (auto xdg = environment ("XDG_DATA_HOME"); ! xdg.empty())
            return std::filesystem::path (xdg) / "earshot";
        if (auto home = environment ("HOME"); ! home.empty())
            return std::filesystem::path (home) / ".local" / "share" / "earshot";
        return std::filesystem::temp_directory_path() / ("earshot-data-" + std::to_string (::getuid()));
    }

    std::filesystem::path defaultExportDirectory()
    {
        if (auto xdg = environment ("XDG_CACHE_HOME"); ! xdg.empty())
            return std::filesystem::path (xdg) / "earshot" / "exports";
        if (auto home = environment ("HOME"); ! home.empty())
            return std::filesystem::path (home) / ".cache" / "earshot" / "exports";
        return std::filesystem::temp_directory_path() / ("earshot-exports-" + std::to_string (::getuid()));
    }

    std::string defaultApiAddress()
    {
        std::filesystem::path folder;
        if (auto runtime = environment ("XDG_RUNTIME_DIR"); ! runtime.empty())
            folder = std::filesystem::path (runtime) / "earshot";
        else
            folder = std::filesystem::temp_directory_path() / ("earshot-" + std::to_string (::getuid()));
        return "unix:" + (folder / "earshotd.sock").string();
    }

    std::filesystem::path socketDirectoryOf (const std::string& address)
    {
        if (address.rfind ("unix:", 0) != 0)
            return {};
        return std::filesystem::path (address.substr (5)).parent_path();
    }
} // namespace earshot
