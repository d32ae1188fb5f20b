#include "SqliteConnection.h"

#include "Core/Error.h"
#include "HubSchema.h"

namespace earshot
{
    namespace
    {
        [[nodiscard]] const Database::Schema& hubFileSchema()
        {
            static const Database::Schema schema { hubSchema::applicationId, hubSchema::steps (SqlConnection::Dialect::sqlite), "the Earshot hub", "hub store" };
            return schema;
        }

        /** Runs fn, turning the Store's errors into the hub's. */
        template <typename Fn>
        auto translated (Fn&& fn)
        {
            try
            {
                return fn();
            }
            catch (const StoreError& error)
            {
                throw Error (ErrorCode::internal, error.what());
            }
        }

        [[nodiscard]] std::optional<std::string> columnText (const Statement& statement, int column)
        {
            switch (statement.columnType (column))
            {
                case Statement::ColumnType::integer:
                    return std::to_string (statement.columnInt64 (column));
                case Statement::ColumnType::real:
                    return exactText (statement.columnDouble (column));
                case Statement::ColumnType::text:
                    return statement.columnText (column);
                case Statement::ColumnType::blob:
                    return statement.columnBlob (column);
                case Statement::ColumnType::null:
                    break;
            }

            return std::nullopt;
        }
    } // namespace

    SqliteConnection::SqliteConnection (const std::filesystem::path& file)
    try : database (file, hubFileSchema())
    {
    }
    catch (const StoreError& error)
    {
        throw Error (ErrorCode::internal, error.what());
    }

    void SqliteConnection::transaction (const std::function<void()>& work)
    {
        translated ([&]
                    { database.transaction (work); });
    }

    Statement& SqliteConnection::prepare (std::string_view sql, const std::vector<SqlValue>& parameters)
    {
        // A bound on the texts kept, should a caller ever build unboundedly many.
        constexpr std::size_t mostStatements = 256;
        auto found = statements.find (std::string (sql));

        if (found == statements.end())
        {
            if (statements.size() >= mostStatements)
                statements.clear();
            found = statements.emplace (std::string (sql), database.prepare (sql)).first;
        }

        auto& statement = found->second;
        statement.reset();

        for (std::size_t i = 0; i < parameters.size(); ++i)
        {
            const auto index = static_cast<int> (i + 1);
            const auto& value = parameters[i];

            if (const auto* integer = std::get_if<std::int64_t> (&value))
                statement.bindInt64 (index, *integer);
            else if (const auto* real = std::get_if<double> (&value))
                statement.bindDouble (index, *real);
            else if (const auto* text = std::get_if<std::string> (&value))
                statement.bindText (index, *text);
            else if (const auto* bytes = std::get_if<SqlBytes> (&value))
                statement.bindBlob (index, bytes->bytes);
            else
                statement.bindNull (index);
        }

        return statement;
    }

    SqlRows SqliteConnection::query (std::string_view sql, const std::vector<SqlValue>& parameters)
    {
        return translated ([&]
                           {
                               auto& statement = prepare (sql, parameters);
                               SqlRows rows;

                               while (statement.step())
                               {
                                   std::vector<std::optional<std::string>> columns;
                                   for (int column = 0; column < statement.columnCount(); ++column)
                                       columns.push_back (columnText (statement, column));
                                   rows.emplace_back (std::move (columns));
                               }

                               statement.reset();
                               return rows; });
    }

    std::int64_t SqliteConnection::execute (std::string_view sql, const std::vector<SqlValue>& parameters)
    {
        return translated ([&]
                           {
                               prepare (sql, parameters).run();
                               return static_cast<std::int64_t> (database.changes()); });
    }
} // namespace earshot
