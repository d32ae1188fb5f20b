#include "PostgresCluster.h"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <pwd.h>
#include <stdexcept>
#include <unistd.h>

namespace earshot::testing
{
    namespace
    {
        const std::filesystem::path binaries = "/usr/lib/postgresql/15/bin";
        constexpr auto owner = "postgres";

        [[nodiscard]] bool runningAsRoot() noexcept
        {
            return ::geteuid() == 0;
        }

        [[nodiscard]] std::string readLog (const std::filesystem::path& file)
        {
            std::ifstream stream (file);
            return { std::istreambuf_iterator<char> (stream), std::istreambuf_iterator<char>() };
        }
    } // namespace

    PostgresCluster::PostgresCluster()
    {
        if (! std::filesystem::exists (binaries / "initdb"))
            throw std::runtime_error ("PostgreSQL 15 is not installed (" + (binaries / "initdb").string()
                                      + " is missing); run scripts/install-deps");

        auto pattern = (std::filesystem::temp_directory_path() / "earshot-hub-pg-XXXXXX").string();

        if (::mkdtemp (pattern.data()) == nullptr)
            throw std::runtime_error ("cannot create a temporary folder from " + pattern);

        folder = pattern;
        dataFolder = folder / "data";

        if (runningAsRoot())
        {
            const auto* account = ::getpwnam (owner);

            if (account == nullptr)
                throw std::runtime_error ("running as root, the test cluster needs the 'postgres' system user that "
                                          "Debian's postgresql package makes; run scripts/install-deps");

            if (::chown (folder.c_str(), account->pw_uid, account->pw_gid) != 0)
                throw std::runtime_error ("cannot give " + folder.string() + " to the postgres user");
        }

        run ("initdb", "-D '" + dataFolder.string() + "' -U earshot --auth=trust --encoding=UTF8 --locale=C --no-sync", "initdb");
        start();
    }

    PostgresCluster::~PostgresCluster()
    {
        try
        {
            stop();
        }
        catch (...)
        {
            // The folder goes anyway; a server that would not stop has lost its files.
        }

        std::error_code ignored;
        std::filesystem::remove_all (folder, ignored);
    }

    void PostgresCluster::start()
    {
        // -F: no fsync (throwaway data); -h '': no TCP; -k: the socket in our own folder.
        run ("pg_ctl",
             "-D '" + dataFolder.string() + "' -l '" + (folder / "server.log").string() + "' -o \"-k '" + folder.string()
                 + "' -h '' -F\" -w -t 60 start",
             "pg_ctl start");
        running = true;
    }

    void PostgresCluster::stop()
    {
        if (! running)
            return;

        running = false;
        run ("pg_ctl", "-D '" + dataFolder.string() + "' -m fast -w -t 60 stop", "pg_ctl stop");
    }

    std::string PostgresCluster::createDatabase (const std::string& name)
    {
        run ("createdb", "-h '" + folder.string() + "' -U earshot " + name, "createdb " + name);
        return "host=" + folder.string() + " user=earshot dbname=" + name;
    }

    void PostgresCluster::run (const std::string& program, const std::string& arguments, const std::string& what)
    {
        const auto log = folder / "command.log";
        const auto prefix = runningAsRoot() ? std::string ("runuser -u ") + owner + " -- " : std::string();
        const auto command = prefix + "'" + (binaries / program).string() + "' " + arguments + " > '" + log.string()
                             + "' 2>&1";

        if (std::system (command.c_str()) != 0)
            throw std::runtime_error (what + " failed (" + command + "):\n" + readLog (log) + readLog (folder / "server.log"));
    }
} // namespace earshot::testing
