// The one strict JSON reader behind every JSON file piaojue reads back: result records,
// signature files and the batch summary. nlohmann parses; this adds what a strict reader needs
// around it: a located syntax error (byte offset → line:column, here and nowhere else), UTF-8
// checked first, duplicate keys and deep nesting refused, and typed field access that names the
// field's path in every error. Each kind of file keeps its own wording (JsonStyle).
#pragma once

#include <piaojue/error.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace piaojue::detail {

using Json = nlohmann::ordered_json;

/// Line and column (in code points), both 1-based, of byte `offset` of `bytes`.
[[nodiscard]] std::pair<std::size_t, std::size_t> line_column(std::string_view bytes, std::size_t offset);

/// The JSON types a field may be asked for.
enum class JsonType { object, array, string, integer, boolean };

/// How one kind of file words its errors; the texts are the file kind's own, so that each
/// message reads as it always has.
struct JsonStyle {
    Text syntax;                 ///< "not valid JSON"
    bool syntax_detail = false;  ///< append nlohmann's words: "not valid JSON: unexpected …"
    Text hint;                   ///< what to do about a syntax error
    Text field_hint;             ///< what to do about a field error
    bool utf8_first = false;     ///< refuse invalid UTF-8 at its line and column before parsing
    int max_depth = 0;           ///< deeper nesting is refused (0: no limit)
    Text prefix;                 ///< before every field error, e.g. "not a valid piaojue record: "
    bool pointer_paths = false;  ///< `/a/0/b` (else `a.b`, arrays as `a[]`)
    Text separator;              ///< between the path and the phrase: " " or ": "
    Text missing;                ///< "is missing"
    Text out_of_range;           ///< "is out of range"
    Text unknown_field;          ///< "unknown field"
    /// The phrase for a value not of `type` ("has the wrong type", "expected a string").
    Text (*wrong_type)(JsonType type) = nullptr;
    Text nested_too_deeply;  ///< when max_depth is exceeded
    /// The phrase for a key that appears twice in one object, given the key, quoted.
    Text (*duplicate)(const std::string& quoted_key) = nullptr;
    const char* code = "E_JSON";  ///< the machine code of every error (docs/json.md)
};

/// Reads one JSON file of one kind: parses, then hands out fields, each error naming `file` and
/// the field's path in the style's words (exit 3).
class JsonReader {
public:
    JsonReader(std::string file, const JsonStyle& style) : file_(std::move(file)), style_(style) {}

    /// Parses `bytes`; throws Error (exit 3) at the line and column of a syntax error.
    [[nodiscard]] Json parse(std::string_view bytes) const;

    /// The path of `key` inside the field at `path`, in the style's notation.
    [[nodiscard]] std::string path_of(const std::string& path, std::string_view key) const;
    /// The path of an element of the array at `path` (`a[]`, or `/a/3`).
    [[nodiscard]] std::string element_of(const std::string& path, std::size_t index) const;

    /// `obj[key]`, which must be there and of `type`.
    const Json& at(const Json& obj, std::string_view key, JsonType type, const std::string& path) const;
    /// `obj[key]` if it is there (then of `type`), else nullptr.
    const Json* find(const Json& obj, std::string_view key, JsonType type, const std::string& path) const;
    /// `value`, which must be of `type`.
    const Json& expect(const Json& value, JsonType type, const std::string& path) const;
    /// `obj` must be an object with exactly the fields `keys`.
    void exactly(const Json& obj, const std::string& path, std::initializer_list<std::string_view> keys) const;

    /// Typed shorthands for `at`.
    [[nodiscard]] std::string str(const Json& obj, std::string_view key, const std::string& path) const;
    [[nodiscard]] bool boolean(const Json& obj, std::string_view key, const std::string& path) const;
    /// A non-negative integer of at most `most` (an error says "is out of range").
    [[nodiscard]] std::int64_t count(const Json& obj, std::string_view key, const std::string& path,
                                     std::int64_t most = 1'000'000'000'000) const;

    /// Throws Error (exit 3): `prefix` + `path` + `separator` + `what` (just `what` without a path).
    [[noreturn]] void fail(const std::string& path, const Text& what) const;
    /// Throws Error (exit 3) with the style's prefix and `what`, no path.
    [[noreturn]] void fail(const Text& what) const { fail({}, what); }

    [[nodiscard]] const std::string& file() const { return file_; }

private:
    std::string file_;
    const JsonStyle& style_;
};

/// `bytes` parsed leniently: nullopt when they are not JSON (the caller reports that as a
/// check result rather than an error).
[[nodiscard]] std::optional<Json> parse_json_or_nothing(std::string_view bytes);

}  // namespace piaojue::detail
