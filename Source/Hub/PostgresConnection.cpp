#include "PostgresConnection.h"

#include "Core/Error.h"
#include "HubSchema.h"

#include "Core/Hex.h"

#include <pqxx/pqxx>

#include <unordered_map>

namespace earshot
{
    namespace
    {
        constexpr pqxx::oid byteaType = 17;

        /** Any number, the same for every hub: pg_advisory_xact_lock's key for migrations. */
        constexpr long long migrationLock = 0x45616862;

        constexpr auto describeDatabase = "the hub's PostgreSQL database";

        /** "?1" becomes "$1": the statements are written in SQLite's spelling of parameters. */
        [[nodiscard]] std::string postgresSpelling (std::string_view sql)
        {
            std::string result (sql);

            for (std::size_t i = 0; i + 1 < result.size(); ++i)
                if (result[i] == '?' && result[i + 1] >= '0' && result[i + 1] <= '9')
                    result[i] = '$';

            return result;
        }

        /** Each parameter as the text PostgreSQL reads it, bytes in bytea's hex form. */
        [[nodiscard]] std::vector<std::optional<std::string>> parameterTexts (const std::vector<SqlValue>& parameters)
        {
            std::vector<std::optional<std::string>> texts;

            for (const auto& value : parameters)
            {
                if (const auto* integer = std::get_if<std::int64_t> (&value))
                    texts.emplace_back (std::to_string (*integer));
                else if (const auto* real = std::get_if<double> (&value))
                    texts.emplace_back (exactText (*real));
                else if (const auto* text = std::get_if<std::string> (&value))
                    texts.emplace_back (*text);
                else if (const auto* bytes = std::get_if<SqlBytes> (&value))
                    texts.emplace_back ("\\x" + toHex (bytes->bytes));
                else
                    texts.emplace_back (std::nullopt);
            }

            return texts;
        }

        /** Whether an error means the server went away rather than refusing the statement:
            SQLSTATE class 08 (connection exception) or 57P (operator intervention: shutdown). */
        [[nodiscard]] bool isConnectionLoss (const pqxx::sql_error& error)
        {
            const auto& state = error.sqlstate();
            return state.rfind ("08", 0) == 0 || state.rfind ("57P", 0) == 0;
        }

        [[nodiscard]] Error unavailable (const std::string& why)
        {
            return Error (ErrorCode::unavailable,
                          std::string (describeDatabase) + " cannot be reached (" + why
                              + "); the hub tries again at the next request once the server is back");
        }
    } // namespace

    struct PostgresConnection::Session
    {
        pqxx::connection connection;
        pqxx::work* current = nullptr;

        explicit Session (const std::string& location)
            : connection (location)
        {
            connection.set_client_encoding ("UTF8");
        }

        pqxx::work& work()
        {
            if (current == nullptr)
                throw Error (ErrorCode::internal, "a hub statement ran outside a transaction");
            return *current;
        }

        /** Runs one statement with its parameters as text (NULL as a null pointer), prepared on
            its first run and kept for the connection's life: the hub runs a few dozen texts over
            and over, and parsing and planning one costs as much as running it. */
        [[nodiscard]] pqxx::result run (std::string_view sql, const std::vector<SqlValue>& parameters)
        {
            auto text = postgresSpelling (sql);
            auto found = prepared.find (text);

            if (found == prepared.end())
            {
                auto name = "earshot_" + std::to_string (prepared.size() + 1);
                connection.prepare (name, text);
                found = prepared.emplace (std::move (text), std::move (name)).first;
            }

            const auto texts = parameterTexts (parameters);
            std::vector<const char*> pointers;

            for (const auto& value : texts)
                pointers.push_back (value.has_value() ? value->c_str() : nullptr);

            return work().exec_prepared (found->second, pqxx::prepare::make_dynamic_params (pointers));
        }

        /** Statement names by text. */
        std::unordered_map<std::string, std::string> prepared;
    };

    PostgresConnection::PostgresConnection (std::string connectionLocation)
        : location (std::move (connectionLocation))
    {
        connect();
        migrate();
    }

    PostgresConnection::~PostgresConnection() = default;

    void PostgresConnection::connect()
    {
        try
        {
            session = std::make_unique<Session> (location);
        }
        catch (const pqxx::broken_connection& error)
        {
            throw unavailable (error.what());
        }
    }

    void PostgresConnection::migrate()
    {
        const auto steps = hubSchema::steps (Dialect::postgres);

        transaction ([&]
                     {
                         auto& work = session->work();
                         work.exec ("SELECT pg_advisory_xact_lock (" + std::to_string (migrationLock) + ")");
                         work.exec ("CREATE TABLE IF NOT EXISTS hub_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)");

                         const auto stored = work.exec ("SELECT value FROM hub_meta WHERE key = 'schema_version'");
                         const auto version = stored.empty() ? std::size_t { 0 } : stored[0][0].as<std::size_t>();

                         if (version > steps.size())
                             throw Error (ErrorCode::internal,
                                                  std::string (describeDatabase) + " was written by a newer hub (schema version "
                                                      + std::to_string (version) + "; this one knows up to "
                                                      + std::to_string (steps.size()) + "); upgrade the hub");

                         for (auto step = version; step < steps.size(); ++step)
                             work.exec (steps[step]);

                         work.exec ("INSERT INTO hub_meta (key, value) VALUES ('schema_version', '" + std::to_string (steps.size())
                                    + "') ON CONFLICT (key) DO UPDATE SET value = excluded.value"); });
    }

    void PostgresConnection::transaction (const std::function<void()>& work)
    {
        for (int attempt = 0;; ++attempt)
        {
            const auto reconnected = session == nullptr;

            if (reconnected)
                connect();

            try
            {
                pqxx::work transactionWork (session->connection);
                session->current = &transactionWork;
                struct Detach
                {
                    Session& owner;
                    ~Detach() { owner.current = nullptr; }
                } detach { *session };

                work();
                transactionWork.commit();
                return;
            }
            catch (const pqxx::in_doubt_error& error)
            {
                session.reset();
                throw unavailable (std::string ("the connection broke while committing, so the last change may or may not "
                                                "have been saved: ")
                                   + error.what());
            }
            catch (const pqxx::broken_connection& error)
            {
                session.reset();
                if (reconnected || attempt > 0)
                    throw unavailable (error.what());
            }
            catch (const pqxx::sql_error& error)
            {
                const auto lost = isConnectionLoss (error) || ! session->connection.is_open();

                if (! lost)
                    throw Error (ErrorCode::internal, std::string (describeDatabase) + ": " + error.what());

                session.reset();
                if (reconnected || attempt > 0)
                    throw unavailable (error.what());
            }
            catch (const pqxx::failure& error)
            {
                if (! session->connection.is_open())
                    session.reset();
                throw Error (ErrorCode::internal, std::string (describeDatabase) + ": " + error.what());
            }
        }
    }

    SqlRows PostgresConnection::query (std::string_view sql, const std::vector<SqlValue>& parameters)
    {
        const auto result = session->run (sql, parameters);
        SqlRows rows;

        for (const auto& row : result)
        {
            std::vector<std::optional<std::string>> columns;

            for (pqxx::row::size_type column = 0; column < row.size(); ++column)
            {
                const auto& field = row[column];

                if (field.is_null())
                    columns.emplace_back (std::nullopt);
                else if (result.column_type (column) == byteaType)
                    columns.emplace_back (fromHex (std::string_view (field.c_str(), field.size()).substr (2)));
                else
                    columns.emplace_back (std::string (field.c_str(), field.size()));
            }

            rows.emplace_back (std::move (columns));
        }

        return rows;
    }

    std::int64_t PostgresConnection::execute (std::string_view sql, const std::vector<SqlValue>& parameters)
    {
        return static_cast<std::int64_t> (session->run (sql, parameters).affected_rows());
    }
} // namespace earshot
