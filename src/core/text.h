#pragma once
// Text checks shared by every layer that takes strings from outside.
#include <string>
#include <string_view>

namespace sb {

// Well-formed UTF-8 without NUL bytes: what both databases store as text.
bool is_clean_utf8(std::string_view s);
// Non-empty and only ASCII digits (Meta's ids, wa_ids).
bool is_digits(std::string_view s);
// At most `max_bytes`, cut at a character boundary (never inside a UTF-8 sequence).
std::string truncate_utf8(std::string_view s, size_t max_bytes);

}  // namespace sb
