#pragma once

#include <filesystem>
#include <string>

namespace earshot::testing
{
    /** A throwaway PostgreSQL 15 cluster in a fresh temporary folder: initdb, then a server that
    listens only on a unix socket in that folder (no TCP), with trust authentication for the
    user "earshot". It never touches a system cluster.

    initdb refuses to run as root, so as root the cluster belongs to the "postgres" system user
    that Debian's package makes (commands run through runuser); as anyone else it is theirs.
    Every wait is bounded (pg_ctl -t). The destructor stops the server and removes the folder. */
    class PostgresCluster final
    {
    public:
        /** Makes and starts the cluster. Throws std::runtime_error with the log on failure. */
        PostgresCluster();
        ~PostgresCluster();

        PostgresCluster (const PostgresCluster&) = delete;
        PostgresCluster& operator= (const PostgresCluster&) = delete;

        /** Stops the server at once (pg_ctl stop -m fast); the data stays. */
        void stop();

        /** Starts the server again. */
        void start();

        /** Creates an empty database and returns its libpq connection string. */
        [[nodiscard]] std::string createDatabase (const std::string& name);

        /** The folder that holds the server's socket (the libpq "host"). */
        [[nodiscard]] const std::filesystem::path& socketFolder() const noexcept { return folder; }

    private:
        /** Runs a PostgreSQL program as the cluster's owner; throws with its log when it fails. */
        void run (const std::string& program, const std::string& arguments, const std::string& what);

        std::filesystem::path folder;
        std::filesystem::path dataFolder;
        bool running = false;
    };
} // namespace earshot::testing
