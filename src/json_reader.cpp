#include "json_reader.hpp"

#include <piaojue/text.hpp>

#include <set>
#include <vector>

namespace piaojue::detail {

std::pair<std::size_t, std::size_t> line_column(std::string_view bytes, std::size_t offset) {
    offset = std::min(offset, bytes.size());
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < offset; ++i) {
        if (bytes[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(bytes[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return {line, column};
}

Json JsonReader::parse(std::string_view bytes) const {
    if (style_.utf8_first) {
        if (std::optional<std::size_t> bad = find_invalid_utf8(bytes)) {
            auto [line, column] = line_column(bytes, *bad);
            throw Error(ExitCode::input,
                        coded(style_.code, diagnostic_at(file_, line, column, {"not valid UTF-8", "不是有效的 UTF-8"},
                                                         style_.hint)));
        }
    }
    // Duplicate keys are legal JSON that nlohmann would silently resolve to the last one; a file
    // with two values for one field must be refused, not guessed at. The depth cap keeps hostile
    // nesting cheap.
    std::vector<std::set<std::string>> keys;
    std::optional<std::string> duplicate;
    bool too_deep = false;
    auto callback = [&](int depth, Json::parse_event_t event, Json& parsed) {
        if (style_.max_depth > 0 && depth > style_.max_depth) too_deep = true;
        if (event == Json::parse_event_t::object_start) keys.emplace_back();
        if (event == Json::parse_event_t::object_end && !keys.empty()) keys.pop_back();
        if (event == Json::parse_event_t::key && !keys.empty() &&
            !keys.back().insert(parsed.get<std::string>()).second && !duplicate)
            duplicate = parsed.get<std::string>();
        return !too_deep;
    };
    Json doc;
    try {
        doc = Json::parse(bytes.begin(), bytes.end(), callback);
    } catch (const Json::parse_error& e) {
        auto [line, column] = line_column(bytes, e.byte > 0 ? e.byte - 1 : 0);
        Text message = style_.syntax;
        if (style_.syntax_detail) {
            std::string detail = e.what();
            if (std::size_t colon = detail.find(": ", detail.find("column")); colon != std::string::npos)
                detail = detail.substr(colon + 2);
            message = {message.en + ": " + detail, message.zh + "：" + detail};
        }
        throw Error(ExitCode::input,
                    coded(style_.code, diagnostic_at(file_, line, column, std::move(message), style_.hint)));
    } catch (const Json::out_of_range&) {
        // A number too large for a double (`1e400`): nlohmann reports no position for it.
        throw Error(ExitCode::input, coded(style_.code, diagnostic_at(file_, 0, 0,
                                                                      {style_.syntax.en + ": a number is out of range",
                                                                       style_.syntax.zh + "：数值超出范围"},
                                                                      style_.hint)));
    }
    if (too_deep) fail(style_.nested_too_deeply);
    if (duplicate) fail(style_.duplicate("\"" + printable_line(*duplicate) + "\""));
    return doc;
}

std::string JsonReader::path_of(const std::string& path, std::string_view key) const {
    if (style_.pointer_paths) return path + "/" + std::string(key);
    return path.empty() ? std::string(key) : path + "." + std::string(key);  // "outcome", not ".outcome"
}

std::string JsonReader::element_of(const std::string& path, std::size_t index) const {
    return style_.pointer_paths ? path + "/" + std::to_string(index) : path + "[]";
}

namespace {

bool is_type(const Json& v, JsonType type) {
    switch (type) {
        case JsonType::object:
            return v.is_object();
        case JsonType::array:
            return v.is_array();
        case JsonType::string:
            return v.is_string();
        case JsonType::integer:
            return v.is_number_integer();  // unsigned too; never a float
        case JsonType::boolean:
            return v.is_boolean();
    }
    return false;
}

}  // namespace

const Json& JsonReader::expect(const Json& value, JsonType type, const std::string& path) const {
    if (!is_type(value, type)) fail(path, style_.wrong_type(type));
    return value;
}

const Json* JsonReader::find(const Json& obj, std::string_view key, JsonType type, const std::string& path) const {
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(key);
    if (it == obj.end()) return nullptr;
    return &expect(*it, type, path_of(path, key));
}

const Json& JsonReader::at(const Json& obj, std::string_view key, JsonType type, const std::string& path) const {
    const Json* v = find(obj, key, type, path);
    if (v == nullptr) fail(path_of(path, key), style_.missing);
    return *v;
}

void JsonReader::exactly(const Json& obj, const std::string& path, std::initializer_list<std::string_view> keys) const {
    expect(obj, JsonType::object, path);
    for (const auto& [key, value] : obj.items())
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) fail(path_of(path, key), style_.unknown_field);
    for (std::string_view key : keys)
        if (!obj.contains(key)) fail(path_of(path, key), style_.missing);
}

std::string JsonReader::str(const Json& obj, std::string_view key, const std::string& path) const {
    return at(obj, key, JsonType::string, path).get<std::string>();
}

bool JsonReader::boolean(const Json& obj, std::string_view key, const std::string& path) const {
    return at(obj, key, JsonType::boolean, path).get<bool>();
}

std::int64_t JsonReader::count(const Json& obj, std::string_view key, const std::string& path,
                               std::int64_t most) const {
    const Json& v = at(obj, key, JsonType::integer, path);
    bool in_range = v.is_number_unsigned() ? v.get<std::uint64_t>() <= static_cast<std::uint64_t>(most)
                                           : v.get<std::int64_t>() >= 0 && v.get<std::int64_t>() <= most;
    if (!in_range) fail(path_of(path, key), style_.out_of_range);
    return v.get<std::int64_t>();
}

void JsonReader::fail(const std::string& path, const Text& what) const {
    Text message = path.empty() ? Text{style_.prefix.en + what.en, style_.prefix.zh + what.zh}
                                : Text{style_.prefix.en + path + style_.separator.en + what.en,
                                       style_.prefix.zh + path + style_.separator.zh + what.zh};
    throw Error(ExitCode::input, coded(style_.code, diagnostic_about(file_, std::move(message), style_.field_hint)));
}

std::optional<Json> parse_json_or_nothing(std::string_view bytes) {
    Json j = Json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (j.is_discarded()) return std::nullopt;
    return j;
}

}  // namespace piaojue::detail
