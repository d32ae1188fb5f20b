#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace earshot
{
    /** User text made safe for full-text search: it is cut into words and each word is quoted,
        so that quotes, '*', NEAR(, AND, OR or unbalanced brackets search literally and never
        reach the search engine as syntax. */
    namespace searchText
    {
        /** The words of text, lower-cased: runs of ASCII letters and digits and of non-ASCII
            UTF-8 characters; everything else, bytes that are not UTF-8 included, separates words. */
        [[nodiscard]] std::vector<std::string> words (std::string_view text);

        /** Whether text is well-formed UTF-8 (shortest forms, no surrogates), as both databases
            require of text. */
        [[nodiscard]] bool isUtf8 (std::string_view text) noexcept;

        /** An FTS5 MATCH expression: every word as a quoted string, the last also as a prefix. */
        [[nodiscard]] std::string fts5Query (const std::vector<std::string>& words);

        /** A PostgreSQL to_tsquery text: every word quoted, joined by &, the last also a prefix. */
        [[nodiscard]] std::string tsQuery (const std::vector<std::string>& words);
    } // namespace searchText
} // namespace earshot
