#include <piaojue/error.hpp>
#include <piaojue/evaluation.hpp>
#include <piaojue/session.hpp>
#include <piaojue/text.hpp>

#include "toml.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace piaojue {

namespace {

std::string type_name(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::string:
            return "string";
        case toml::node_type::integer:
            return "integer";
        case toml::node_type::floating_point:
            return "float";
        case toml::node_type::boolean:
            return "boolean";
        case toml::node_type::date:
            return "date";
        case toml::node_type::time:
            return "time";
        case toml::node_type::date_time:
            return "date-time";
        case toml::node_type::array:
            return "array";
        case toml::node_type::table:
            return "table";
        default:
            return "value";
    }
}

// The type's name in Chinese messages.
std::string type_name_zh(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::string:
            return "字符串";
        case toml::node_type::integer:
            return "整数";
        case toml::node_type::floating_point:
            return "小数";
        case toml::node_type::boolean:
            return "布尔值";
        case toml::node_type::date:
            return "日期";
        case toml::node_type::time:
            return "时间";
        case toml::node_type::date_time:
            return "日期时间";
        case toml::node_type::array:
            return "列表";
        case toml::node_type::table:
            return "表";
        default:
            return "值";
    }
}

// Reads one session file, collecting every problem before throwing.
// The keys of [session].
const std::set<std::string> k_session_keys = {"id",
                                              "body",
                                              "meeting",
                                              "date",
                                              "level",
                                              "deputies",
                                              "present",
                                              "ballots_issued",
                                              "ballots_returned",
                                              "candidates",
                                              "ballots",
                                              "previous",
                                              "previous_digest",
                                              "kind",
                                              "projects",
                                              "selection",
                                              "ballots_second"};

class SessionParser {
public:
    SessionParser(std::string_view bytes, const std::string& file) : bytes_(bytes), file_(file) {}

    Session parse();

private:
    void check_utf8();
    toml::table parse_toml_root();
    const toml::table& session_table(const toml::table& root);
    void identity(const toml::table* session, Session& s);
    void numbers(const toml::table* session, Session& s);
    void paths(const toml::table* session, Session& s);
    void rules(const toml::table& root, const toml::table* session, Session& s);
    void officers(const toml::table& root, Session& s);
    void levels(const toml::table& rules, Rules& r);
    void marks(const toml::table& root, Session& s);
    std::vector<std::string> get_symbols(const toml::node& n, const std::string& key);

    std::string line_text(std::size_t line) const {
        std::size_t start = 0;
        for (std::size_t l = 1; l < line; ++l) {
            start = bytes_.find('\n', start);
            if (start == std::string_view::npos) return {};
            ++start;
        }
        std::size_t end = bytes_.find('\n', start);
        std::string_view text =
            bytes_.substr(start, end == std::string_view::npos ? bytes_.size() - start : end - start);
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
        return std::string(text);
    }

    // `code`: E_SESSION_VALUE for a value that is wrong, missing or of the wrong type.
    void error(const toml::source_region& where, Text message, Text hint = {}, std::string code = "E_SESSION_VALUE") {
        errors_.add(Diagnostic{file_, where.begin.line, where.begin.column, std::move(message), std::move(hint),
                               line_text(where.begin.line), std::move(code)});
    }

    // Calls `handler` for each key of `table`, reporting keys not in `known`.
    void check_keys(const toml::table& table, const std::string& section, const std::set<std::string>& known) {
        for (auto&& [key, node] : table) {
            std::string k(key.str());
            if (!known.contains(k)) {
                std::string all;
                for (const auto& name : known) all += (all.empty() ? "" : ", ") + name;
                error(key.source(),
                      {"unknown key \"" + k + "\" in [" + section + "]", "[" + section + "] 中有未知的键“" + k + "”"},
                      {"known keys: " + all, "可用的键：" + all}, "E_SESSION_KEY_UNKNOWN");
            }
        }
    }

    std::optional<std::string> get_string(const toml::table& t, const std::string& section, const char* key,
                                          bool required) {
        const toml::node* n = t.get(key);
        if (n == nullptr) {
            if (required) missing(t, section, key);
            return std::nullopt;
        }
        if (!n->is_string()) {
            wrong_type(*n, section, key, "a string in quotes", "带引号的字符串");
            return std::nullopt;
        }
        std::string value = n->as_string()->get();
        if (trim(value).empty()) {
            error(n->source(), {"\"" + std::string(key) + "\" is empty", "“" + std::string(key) + "”为空"});
            return std::nullopt;
        }
        if (auto bad = find_forbidden_char(value)) {
            error(n->source(),
                  {"\"" + std::string(key) + "\" contains the invisible or control character " +
                       code_point_name(bad->code_point),
                   "“" + std::string(key) + "”含有不可见字符或控制字符 " + code_point_name(bad->code_point)},
                  {"retype the value", "请重新输入该值"});
            return std::nullopt;
        }
        return value;
    }

    // A key of [session] that names a file: read as get_string does, and listed in `s.paths`.
    std::optional<std::string> get_path(const toml::table& t, const char* key, int levels_up, Session& s) {
        std::optional<std::string> value = get_string(t, "session", key, false);
        if (value) {
            const toml::source_position& at = t.get(key)->source().begin;
            s.paths.push_back(SessionPath{key, *value, SourceSpot{at.line, at.column, line_text(at.line)}, levels_up});
        }
        return value;
    }

    std::optional<Count> get_count(const toml::table& t, const std::string& section, const char* key, Count minimum) {
        const toml::node* n = t.get(key);
        if (n == nullptr) {
            missing(t, section, key);
            return std::nullopt;
        }
        if (!n->is_integer()) {
            wrong_type(*n, section, key, "a whole number without quotes, e.g. 45", "不带引号的整数，如 45");
            return std::nullopt;
        }
        // TOML allows `+45`; a count written with a sign is a typing slip worth a second look.
        std::string text = line_text(n->source().begin.line);
        std::size_t col = n->source().begin.column;
        std::string_view from = utf8_prefix(text, col - 1);
        if (from.size() < text.size() && text[from.size()] == '+') {
            error(n->source(),
                  {"\"" + std::string(key) + "\" is written with a sign", "“" + std::string(key) + "”带有正负号"},
                  {"write the plain number, e.g. 45", "请写不带符号的数字，如 45"});
            return std::nullopt;
        }
        // TOML also reads 0x2D, 0o55, 0b101101 and 4_5 as numbers: for a count of people or
        // ballots each is a slip, never what a counter means. Plain decimal digits only.
        std::string_view token = std::string_view(text).substr(from.size());
        token = token.substr(0, token.find_first_of(" \t#\r,]}"));
        std::string_view digits = token.starts_with('-') ? token.substr(1) : token;
        if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            error(n->source(),
                  {"\"" + std::string(key) + "\" must be written in plain decimal digits, not " + std::string(token),
                   "“" + std::string(key) + "”应写成普通的十进制数字，而不是 " + std::string(token)},
                  {"write the number as digits only, e.g. 45", "请只用数字书写，如 45"});
            return std::nullopt;
        }
        Count value = n->as_integer()->get();
        if (value < minimum || value > 1'000'000'000) {
            error(n->source(), {"\"" + std::string(key) + "\" must be between " + std::to_string(minimum) +
                                    " and 1000000000, not " + std::to_string(value),
                                "“" + std::string(key) + "”必须在 " + std::to_string(minimum) +
                                    " 到 1000000000 之间，而不是 " + std::to_string(value)});
            return std::nullopt;
        }
        return value;
    }

    void missing(const toml::table& t, const std::string& section, const char* key) {
        error(t.source(),
              {"[" + section + "] lacks the required key \"" + std::string(key) + "\"",
               "[" + section + "] 缺少必需的键“" + std::string(key) + "”"},
              {"add " + std::string(key) + " = … to [" + section + "]",
               "请在 [" + section + "] 中加上 " + std::string(key) + " = …"},
              "E_SESSION_KEY_MISSING");
    }

    void wrong_type(const toml::node& n, const std::string& section, const char* key, const std::string& want_en,
                    const std::string& want_zh) {
        std::string type = type_name(n);
        const char* article = type.front() == 'i' || type.front() == 'a' ? ", not an " : ", not a ";
        error(n.source(),
              {"\"" + std::string(key) + "\" in [" + section + "] must be " + want_en + article + type,
               "[" + section + "] 中的“" + std::string(key) + "”应为" + want_zh + "，而不是" + type_name_zh(n)});
    }

    template <typename E>
    std::optional<E> get_enum(const toml::table& t, const char* key, E fallback) {
        const std::string choices = rule_choices<E>();
        const toml::node* n = t.get(key);
        if (n == nullptr) return fallback;
        if (!n->is_string()) {
            wrong_type(*n, "rules", key, "one of " + choices, choices + " 之一");
            return std::nullopt;
        }
        auto v = parse_rule<E>(n->as_string()->get());
        if (!v)
            error(n->source(),
                  {"unknown value \"" + n->as_string()->get() + "\" for \"" + key + "\"",
                   "“" + std::string(key) + "”的值“" + n->as_string()->get() + "”无法识别"},
                  {"use one of " + choices, "可用的值：" + choices});
        return v;
    }

    std::vector<std::string> get_names(const toml::table& t, const char* key) {
        std::vector<std::string> out;
        const toml::node* n = t.get(key);
        if (n == nullptr) return out;
        const toml::array* a = n->as_array();
        if (a == nullptr) {
            wrong_type(*n, "officers", key, "a list of names in quotes", "带引号的姓名列表");
            return out;
        }
        for (const toml::node& item : *a) {
            if (!item.is_string() || trim(item.as_string()->get()).empty() ||
                find_forbidden_char(item.as_string()->get())) {
                error(item.source(), {"each entry of \"" + std::string(key) + "\" must be a non-empty name in quotes",
                                      "“" + std::string(key) + "”的每一项都应为带引号的非空姓名"});
                continue;
            }
            out.push_back(item.as_string()->get());
        }
        return out;
    }

    std::string_view bytes_;
    const std::string& file_;
    ErrorCollector errors_;
};

Session SessionParser::parse() {
    check_utf8();
    const toml::table root = parse_toml_root();
    Session s;
    const toml::table& session = session_table(root);
    identity(&session, s);
    numbers(&session, s);
    paths(&session, s);
    rules(root, &session, s);
    officers(root, s);
    marks(root, s);
    errors_.checkpoint();
    return s;
}

// The bytes are UTF-8: a file saved in another encoding is refused at its first bad byte.
void SessionParser::check_utf8() {
    if (auto bad = find_invalid_utf8(bytes_)) {
        std::size_t line_start = bytes_.rfind('\n', *bad == 0 ? 0 : *bad - 1);
        line_start = line_start == std::string_view::npos || *bad == 0 ? 0 : line_start + 1;
        std::size_t line = 1 + static_cast<std::size_t>(std::count(
                                   bytes_.begin(), bytes_.begin() + static_cast<std::ptrdiff_t>(line_start), '\n'));
        std::size_t column = utf8_length(bytes_.substr(line_start, *bad - line_start)) + 1;
        throw_input_error(file_, line, column,
                          {"not valid UTF-8 at byte " + std::to_string(*bad),
                           "第 " + std::to_string(*bad) + " 字节处不是有效的 UTF-8"},
                          {"save the session file as UTF-8 (in Notepad: Save as, Encoding UTF-8)",
                           "请以 UTF-8 编码保存会议文件（记事本：另存为，编码选 UTF-8）"},
                          {}, "E_ENCODING_INVALID");
    }
}

// The TOML itself, with toml++'s words for the slips counters make turned into ones they can act on.
toml::table SessionParser::parse_toml_root() {
    toml::table root;
    try {
        root = parse_toml(bytes_, file_);
    } catch (const toml::parse_error& e) {
        const auto& where = e.source();
        std::string description(e.description());
        std::string line = line_text(where.begin.line);
        Text message{"not valid TOML: " + description, "不是有效的 TOML：" + description};
        Text hint{"compare with examples/township/session.toml", "请对照 examples/township/session.toml"};
        // toml++'s words for the slips counters make, in terms they can act on.
        if (description.find("redefine") != std::string::npos) {
            hint = {"each key and each [section] may appear only once: delete the repeated one",
                    "每个键、每个 [部分] 只能出现一次：请删去重复的那一个"};
        } else if (line.find("＝") != std::string::npos || line.find("“") != std::string::npos ||
                   line.find("”") != std::string::npos || line.find("［") != std::string::npos ||
                   line.find("］") != std::string::npos || line.find("＂") != std::string::npos) {
            hint = {"type = [ ] and \" as half-width (English) punctuation, not ＝ ［ ］ “ ”",
                    "请用半角（英文）标点输入 = [ ] 和 \"，而不是 ＝ ［ ］ “ ”"};
        } else if (description.find("control characters") != std::string::npos &&
                   where.begin.column > utf8_length(line)) {
            message = {"the quoted value is not closed on this line", "带引号的值在本行没有结束"};
            hint = {"add the closing \" at the end of the value", "请在值的末尾补上 \""};
        }
        throw Error(ExitCode::input, Diagnostic{file_, where.begin.line, where.begin.column, std::move(message),
                                                std::move(hint), line, "E_SESSION_TOML"});
    }

    return root;
}

// [session], present and with only its own keys.
const toml::table& SessionParser::session_table(const toml::table& root) {
    // Keys of [session] at the top level: the line [session] was deleted or never typed. One
    // error at the first of them, not "unknown key" for each.
    if (!root.contains("session")) {
        const toml::key* first = nullptr;
        for (auto&& [key, node] : root)
            if (k_session_keys.contains(std::string(key.str())) &&
                (first == nullptr || key.source().begin.line < first->source().begin.line))
                first = &key;
        if (first != nullptr) {
            error(first->source(),
                  {"the line [session] is missing above " + std::string(first->str()) + " = …",
                   std::string(first->str()) + " = … 之前缺少 [session] 这一行"},
                  {"insert a line [session] before the session's keys (id, body, …)",
                   "请在会议的各个键（id、body 等）之前插入一行 [session]"});
            errors_.checkpoint();
        }
    }
    check_keys(root, "top level", {"session", "rules", "officers", "marks"});
    const toml::table* session = root["session"].as_table();
    if (session == nullptr) {
        error(root.source(), {"the file has no [session] section", "文件缺少 [session] 部分"},
              {"start the file with [session]", "请以 [session] 开头"}, "E_SESSION_SECTION_MISSING");
        errors_.checkpoint();
    }
    check_keys(*session, "session", k_session_keys);
    return *session;
}

// What the meeting is: its id (which names an output folder), body, meeting, date and level.
void SessionParser::identity(const toml::table* session, Session& s) {
    if (auto id = get_string(*session, "session", "id", true)) {
        bool charset = std::all_of(id->begin(), id->end(), [](char c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                   c == '-';
        });
        if (!charset || id->size() > 128)
            error(session->get("id")->source(),
                  {"session id \"" + *id + "\" may only use letters, digits, '.', '_' and '-'",
                   "会议编号“" + *id + "”只能包含字母、数字、“.”、“_”和“-”"},
                  {"e.g. id = \"dongsheng-tianjiao-2026\"", "例如 id = \"dongsheng-tianjiao-2026\""});
        else if (!valid_session_id(*id))
            error(session->get("id")->source(),
                  {"session id \"" + *id + "\" must start with a letter or digit (it names an output folder)",
                   "会议编号“" + *id + "”须以字母或数字开头（它用作输出目录名）"},
                  {"e.g. id = \"dongsheng-tianjiao-2026\"", "例如 id = \"dongsheng-tianjiao-2026\""});
        s.id = *id;
        const toml::source_position& at = session->get("id")->source().begin;
        s.id_at = SourceSpot{at.line, at.column, line_text(at.line)};
    }
    s.body = get_string(*session, "session", "body", true).value_or("");
    s.meeting = get_string(*session, "session", "meeting", true).value_or("");
    if (const toml::node* n = session->get("date")) {
        if (auto d = n->as_date()) {
            char buf[16];
            const toml::date& v = d->get();
            std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(v.year), static_cast<unsigned>(v.month),
                          static_cast<unsigned>(v.day));
            s.date = buf;
        } else {
            wrong_type(*n, "session", "date", "a date without quotes, e.g. 2026-01-15",
                       "不带引号的日期，如 2026-01-15");
        }
    } else {
        missing(*session, "session", "date");
    }
    if (const toml::node* n = session->get("kind")) {
        auto kind = n->is_string() ? parse_vote_kind(n->as_string()->get()) : std::nullopt;
        if (kind)
            s.kind = *kind;
        else
            error(n->source(), {"unknown kind of vote", "未知的票决类型"},
                  {"use kind = \"selection\" (choosing projects, the default) or kind = \"satisfaction\" (满意度测评)",
                   "可用：kind = \"selection\"（项目票决，默认）或 kind = \"satisfaction\"（满意度测评）"});
    }
    if (auto level = get_string(*session, "session", "level", true)) {
        if (*level != "township" && *level != "county" && *level != "subdistrict")
            error(session->get("level")->source(), {"unknown level \"" + *level + "\"", "未知的级别“" + *level + "”"},
                  {"use township, county or subdistrict", "可用：township、county、subdistrict"});
        s.level = *level;
    }
}

// Attendance and ballot numbers, and R3: issued ≤ present ≤ deputies.
void SessionParser::numbers(const toml::table* session, Session& s) {
    auto deputies = get_count(*session, "session", "deputies", 1);
    auto present = get_count(*session, "session", "present", 0);
    auto issued = get_count(*session, "session", "ballots_issued", 0);
    auto returned = get_count(*session, "session", "ballots_returned", 0);
    s.deputies = deputies.value_or(0);
    s.present = present.value_or(0);
    s.ballots_issued = issued.value_or(0);
    s.ballots_returned = returned.value_or(0);
    // R3: issued ≤ present ≤ deputies. (returned > issued is not an input error: it voids the vote.)
    if (deputies && present && *present > *deputies)
        error(session->get("present")->source(),
              {"present (" + std::to_string(*present) + ") exceeds deputies (" + std::to_string(*deputies) + ")",
               "出席人数（" + std::to_string(*present) + "）超过全体代表人数（" + std::to_string(*deputies) + "）"},
              {"check the attendance count", "请核对出席人数"});
    if (present && issued && *issued > *present)
        error(session->get("ballots_issued")->source(),
              {"ballots issued (" + std::to_string(*issued) + ") exceed deputies present (" + std::to_string(*present) +
                   ")",
               "发出选票数（" + std::to_string(*issued) + "）超过出席人数（" + std::to_string(*present) + "）"},
              {"check the number of ballots issued", "请核对发出的选票数"});
}

// The files the session names, and the pairing of previous with previous_digest.
void SessionParser::paths(const toml::table* session, Session& s) {
    s.candidates = get_path(*session, "candidates", 0, s);
    s.projects = get_path(*session, "projects", 0, s);
    // The vote that chose the projects is usually last year's folder beside this one.
    s.selection = get_path(*session, "selection", 1, s);
    s.ballots = get_path(*session, "ballots", 0, s);
    s.ballots_second = get_path(*session, "ballots_second", 0, s);
    if (s.ballots_second && s.ballots && *s.ballots_second == *s.ballots)
        error(session->get("ballots_second")->source(),
              {"ballots_second names the same file as ballots", "ballots_second 与 ballots 是同一个文件"},
              {"the second counter keys into a file of their own, e.g. ballots-b.csv",
               "第二位计票人应录入另一个文件，如 ballots-b.csv"});
    s.previous = get_path(*session, "previous", 1, s);
    s.previous_digest = get_string(*session, "session", "previous_digest", false);
    if (s.previous && !s.previous_digest) missing(*session, "session", "previous_digest");
    if (!s.previous && s.previous_digest)
        error(session->get("previous_digest")->source(),
              {"previous_digest without previous", "有 previous_digest 却没有 previous"},
              {"remove previous_digest, or name the previous record with previous = …",
               "请删去 previous_digest，或用 previous = … 指明上一轮的结果记录"});
}

// [rules]: required in a first round, refused in a later one (the rules of a vote do not change
// between its rounds).
void SessionParser::rules(const toml::table& root, const toml::table* session, Session& s) {
    const toml::table* rules = root["rules"].as_table();
    const bool evaluation = s.kind == VoteKind::satisfaction;
    for (const char* key : {"projects", "selection"})
        if (!evaluation && session->contains(key))
            error(session->get(key)->source(),
                  {std::string(key) + " belongs to a satisfaction evaluation (kind = \"satisfaction\")",
                   std::string(key) + " 只用于满意度测评（kind = \"satisfaction\"）"},
                  {"a selection vote names its list with candidates = …; for an evaluation add kind = \"satisfaction\"",
                   "项目票决用 candidates = … 指明候选项目；满意度测评请加上 kind = \"satisfaction\""});
    if (evaluation) {
        for (const char* key : {"candidates", "previous", "previous_digest"})
            if (session->contains(key))
                error(session->get(key)->source(),
                      {"a satisfaction evaluation has no " + std::string(key), "满意度测评没有 " + std::string(key)},
                      {"name the evaluated projects with projects = \"projects.csv\"",
                       "请用 projects = \"projects.csv\" 指明测评的项目"});
        if (!s.projects) missing(*session, "session", "projects");
        Rules r;
        r.levels = {"满意", "基本满意", "不满意"};
        if (rules != nullptr) {
            check_keys(*rules, "rules", {"levels", "quorum", "pass_base", "unreadable", "digest"});
            r.quorum = get_enum(*rules, "quorum", QuorumRule::at_least_2_3).value_or(QuorumRule::at_least_2_3);
            r.pass_base = get_enum(*rules, "pass_base", PassBase::all_deputies).value_or(PassBase::all_deputies);
            r.unreadable =
                get_enum(*rules, "unreadable", UnreadableRule::void_mark).value_or(UnreadableRule::void_mark);
            r.digest = get_enum(*rules, "digest", DigestAlgo::sha256).value_or(DigestAlgo::sha256);
            levels(*rules, r);
        }
        s.rules = r;
        return;
    }
    if (s.previous) {
        if (s.candidates)
            error(session->get("candidates")->source(),
                  {"a later round takes its candidates from the previous record, not from a list",
                   "后续轮次的候选项目来自上一轮的结果记录，不能另列"},
                  {"remove the candidates key", "请删去 candidates 键"});
        if (rules != nullptr)
            error(rules->source(),
                  {"a later round keeps the rules of the previous round; [rules] is not allowed",
                   "后续轮次沿用上一轮的规则，不能有 [rules]"},
                  {"remove the [rules] section", "请删去 [rules] 部分"});
    } else {
        if (!s.candidates) missing(*session, "session", "candidates");
        if (rules == nullptr) {
            error(root.source(), {"the file has no [rules] section", "文件缺少 [rules] 部分"},
                  {"add [rules] with at least seats = …", "请加上 [rules]，至少写明 seats = …"},
                  "E_SESSION_SECTION_MISSING");
        } else {
            check_keys(*rules, "rules",
                       {"seats", "surplus", "quorum", "pass_base", "unreadable", "shortfall", "digest"});
            Rules r;
            r.seats = get_count(*rules, "rules", "seats", 1).value_or(1);
            r.surplus = get_enum(*rules, "surplus", SurplusRule::ceil_20).value_or(SurplusRule::ceil_20);
            r.quorum = get_enum(*rules, "quorum", QuorumRule::at_least_2_3).value_or(QuorumRule::at_least_2_3);
            r.pass_base = get_enum(*rules, "pass_base", PassBase::all_deputies).value_or(PassBase::all_deputies);
            r.unreadable =
                get_enum(*rules, "unreadable", UnreadableRule::void_mark).value_or(UnreadableRule::void_mark);
            r.shortfall =
                get_enum(*rules, "shortfall", ShortfallRule::supplementary).value_or(ShortfallRule::supplementary);
            r.digest = get_enum(*rules, "digest", DigestAlgo::sha256).value_or(DigestAlgo::sha256);
            s.rules = r;
        }
    }
}

// [officers]: the names printed on the report for signatures.
void SessionParser::officers(const toml::table& root, Session& s) {
    if (const toml::node* n = root.get("officers")) {
        if (const toml::table* officers = n->as_table()) {
            check_keys(*officers, "officers", {"chief_scrutineer", "scrutineers", "counters"});
            s.officers.chief_scrutineer = get_string(*officers, "officers", "chief_scrutineer", false).value_or("");
            s.officers.scrutineers = get_names(*officers, "scrutineers");
            s.officers.counters = get_names(*officers, "counters");
        } else {
            error(n->source(), {"officers must be a section [officers]", "officers 应为 [officers] 部分"});
        }
    }
}

// `levels = [...]`: 2–5 distinct names, best first, each keyable as a mark.
void SessionParser::levels(const toml::table& rules, Rules& r) {
    const toml::node* n = rules.get("levels");
    if (n == nullptr) return;
    std::vector<std::string> names = get_symbols(*n, "levels");
    if (names.empty() && !n->is_array()) return;
    const std::string range = std::to_string(k_min_levels) + "–" + std::to_string(k_max_levels);
    if (names.size() < k_min_levels || names.size() > k_max_levels) {
        error(n->source(),
              {"levels lists " + std::to_string(names.size()) + (names.size() == 1 ? " level" : " levels") +
                   "; an evaluation has " + range + " levels",
               "levels 列出了 " + std::to_string(names.size()) + " 个等次，测评应有 " + range + " 个"},
              {"e.g. levels = [\"满意\", \"基本满意\", \"不满意\"], best first",
               "例如 levels = [\"满意\", \"基本满意\", \"不满意\"]，从好到差"});
        return;
    }
    bool ok = true;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i].empty() || names[i] == "abstain" || names[i] == "unreadable") {
            error(n->source(), {"level \"" + names[i] + "\" cannot name a level", "“" + names[i] + "”不能作为等次名称"},
                  {"name each level in words, e.g. 满意", "请用文字命名各等次，如“满意”"});
            ok = false;
        }
        for (std::size_t j = 0; j < i; ++j)
            if (names[j] == names[i]) {
                error(n->source(), {"level \"" + names[i] + "\" is listed twice", "等次“" + names[i] + "”重复"});
                ok = false;
            }
    }
    if (ok) r.levels = std::move(names);  // else the default levels stand in while the errors are reported
}

// The strings of a `[marks]` class or of `levels`, each a symbol a counter can key.
std::vector<std::string> SessionParser::get_symbols(const toml::node& n, const std::string& key) {
    std::vector<std::string> out;
    const toml::array* a = n.as_array();
    if (a == nullptr) {
        const std::string section = key == "levels" ? "rules" : "marks";
        wrong_type(n, section, key.c_str(), "a list in square brackets, e.g. [\"满意\", \"○\"]",
                   "方括号中的列表，如 [\"满意\", \"○\"]");
        return out;
    }
    for (const toml::node& item : *a) {
        if (!item.is_string()) {
            error(item.source(),
                  {"each entry of \"" + key + "\" must be text in quotes", "“" + key + "”的每一项都应为带引号的文字"});
            continue;
        }
        const std::string& symbol = item.as_string()->get();
        if (auto why = bad_mark_symbol(symbol)) {
            error(
                item.source(),
                {"\"" + symbol + "\" in " + key + " " + why->en, key + " 中的“" + symbol + "”" + why->zh},
                {"a mark is what a counter types into a cell, e.g. \"○\"", "标记是计票人在单元格中输入的内容，如“○”"});
            continue;
        }
        out.push_back(symbol);
    }
    return out;
}

// [marks]: the kind's default table with the classes it lists replaced; every symbol in one
// class only, a blank only in abstain. A later round keeps the previous record's table.
void SessionParser::marks(const toml::table& root, Session& s) {
    if (s.previous) {
        if (const toml::node* n = root.get("marks"))
            error(n->source(),
                  {"a later round keeps the marks of the previous round; [marks] is not allowed",
                   "后续轮次沿用上一轮的标记，不能有 [marks]"},
                  {"remove the [marks] section", "请删去 [marks] 部分"});
        return;
    }
    MarkTable table = s.kind == VoteKind::satisfaction
                          ? satisfaction_marks(s.rules ? s.rules->levels : std::vector<std::string>{})
                          : selection_marks();
    const toml::node* n = root.get("marks");
    const toml::table* marks = n != nullptr ? n->as_table() : nullptr;
    if (n != nullptr && marks == nullptr) {
        error(n->source(), {"marks must be a section [marks]", "marks 应为 [marks] 部分"});
        return;
    }
    auto listed = [&](const MarkClass& c) { return marks != nullptr && marks->contains(c.name); };
    if (marks != nullptr) {
        std::set<std::string> known;
        for (const MarkClass& c : table.classes) known.insert(c.name);
        check_keys(*marks, "marks", known);
        table.standard = false;
        table.custom = true;
        for (MarkClass& c : table.classes) {
            const toml::node* list = marks->get(c.name);
            if (list == nullptr) continue;
            std::vector<std::string> symbols = get_symbols(*list, c.name);
            if (symbols.empty() && list->is_array())
                error(list->source(), {"\"" + c.name + "\" lists no symbol", "“" + c.name + "”没有列出任何标记"},
                      {"list at least one, or leave the class out to keep its defaults",
                       "请至少列出一个；或删去这一项，沿用默认标记"});
            if (c.mark != Mark::abstain && std::find(symbols.begin(), symbols.end(), "") != symbols.end())
                error(list->source(), {"a blank cell can only mean abstain", "空白只能表示弃权"},
                      {"remove \"\" from " + c.name, "请从 " + c.name + " 中删去 \"\""});
            c.symbols = std::move(symbols);
        }
    }
    // Every symbol in one class only: reported at a class the session lists (the other may keep
    // its defaults), else at the levels whose names made the clash.
    for (std::size_t i = 0; i < table.classes.size(); ++i)
        for (std::size_t j = i + 1; j < table.classes.size(); ++j) {
            const MarkClass& a = table.classes[i];
            const MarkClass& b = table.classes[j];
            for (const std::string& sym : a.symbols) {
                if (std::find(b.symbols.begin(), b.symbols.end(), sym) == b.symbols.end()) continue;
                if (sym.empty()) continue;  // a blank outside abstain is reported above
                const MarkClass& at = listed(a) || !listed(b) ? a : b;
                const MarkClass& other = &at == &a ? b : a;
                const toml::node* where = listed(at) ? marks->get(at.name) : nullptr;
                if (where == nullptr)
                    if (const toml::table* rules = root["rules"].as_table()) where = rules->get("levels");
                const toml::source_region region = where != nullptr ? where->source() : root.source();
                const std::string shown = sym.empty() ? "(blank)" : sym;
                const std::string shown_zh = sym.empty() ? "（空白）" : sym;
                const char* by_default = listed(other) ? "" : " (by default)";
                error(region,
                      {"\"" + shown + "\" means both " + at.name + " and " + other.name + by_default,
                       "“" + shown_zh + "”既表示 " + at.name + " 又表示 " + other.name +
                           (listed(other) ? "" : "（默认）")},
                      {"list " + other.name + " = […] without it under [marks], or choose another symbol",
                       "请在 [marks] 中列出不含它的 " + other.name + " = […]，或换一个标记"});
            }
        }
    s.marks = std::move(table);
}

}  // namespace

// The id names batch's output folder (OUTDIR/<id>/): it starts with a letter or digit, so no id
// makes a hidden folder (".x", "..."), one an option parser takes for an option ("-x"), or "..".
bool valid_session_id(std::string_view id) {
    if (id.empty() || id.size() > 128) return false;
    auto alnum = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (!alnum(id.front())) return false;
    return std::all_of(id.begin(), id.end(), [&](char c) { return alnum(c) || c == '.' || c == '_' || c == '-'; });
}

Session parse_session(std::string_view bytes, const std::string& file) {
    return SessionParser(bytes, file).parse();
}

}  // namespace piaojue
