#include "SqlConnection.h"

#include "Core/Error.h"

#include <charconv>
#include <cmath>

namespace earshot
{
    namespace
    {
        const std::string noText;

        [[noreturn]] void throwUnreadable (const std::string& text, const char* what)
        {
            throw Error (ErrorCode::internal,
                         "hub database: the value \"" + text + "\" is not " + what
                             + "; the database was changed by another program");
        }
    } // namespace

    bool SqlRow::isNull (std::size_t column) const
    {
        return ! fields.at (column).has_value();
    }

    std::int64_t SqlRow::integer (std::size_t column) const
    {
        const auto& field = fields.at (column);

        if (! field.has_value())
            return 0;

        std::int64_t value = 0;
        const auto* end = field->data() + field->size();
        const auto [position, error] = std::from_chars (field->data(), end, value);

        if (error == std::errc() && position == end)
            return value;

        // An integer-valued REAL or NUMERIC, as a sum may come back.
        return std::llround (real (column));
    }

    double SqlRow::real (std::size_t column) const
    {
        const auto& field = fields.at (column);

        if (! field.has_value())
            return 0.0;

        double value = 0.0;
        const auto* end = field->data() + field->size();
        const auto [position, error] = std::from_chars (field->data(), end, value);

        if (error != std::errc() || position != end)
            throwUnreadable (*field, "a number");

        return value;
    }

    std::optional<double> SqlRow::optionalReal (std::size_t column) const
    {
        if (isNull (column))
            return std::nullopt;
        return real (column);
    }

    const std::string& SqlRow::text (std::size_t column) const
    {
        const auto& field = fields.at (column);
        return field.has_value() ? *field : noText;
    }

    std::string exactText (double value)
    {
        char buffer[32];
        const auto [end, error] = std::to_chars (buffer, buffer + sizeof (buffer), value);
        return { buffer, error == std::errc() ? end : buffer };
    }
} // namespace earshot
