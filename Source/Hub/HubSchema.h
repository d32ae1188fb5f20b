#pragma once

#include "SqlConnection.h"

#include <span>

namespace earshot
{
    /** The hub's schema, one text for both databases with the type names each spells its own
        way, plus what each does its own way (full-text search). */
    namespace hubSchema
    {
        /** PRAGMA application_id of a SQLite hub file. */
        constexpr int applicationId = 0x45616862; // "Eahb"

        /** The steps in the dialect: steps[n] takes a database from schema version n to n + 1.
            Append only. The texts live as long as the program. */
        [[nodiscard]] std::span<const char* const> steps (SqlConnection::Dialect dialect);
    } // namespace hubSchema
} // namespace earshot
