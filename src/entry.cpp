#include <piaojue/entry.hpp>
#include <piaojue/next_round.hpp>
#include <piaojue/source.hpp>
#include <piaojue/text.hpp>

#include <algorithm>
#include <cctype>

namespace piaojue {

std::vector<Key> parse_keys(std::string_view bytes) {
    std::vector<Key> keys;
    for (std::size_t i = 0; i < bytes.size();) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c == 0x1B) {
            // ESC [ X or ESC O X: an arrow; ESC [ n ~ and the like: other; a lone ESC: Escape.
            if (i + 2 < bytes.size() && (bytes[i + 1] == '[' || bytes[i + 1] == 'O')) {
                std::size_t end = i + 2;
                while (end < bytes.size() && (bytes[end] < 0x40 || bytes[end] > 0x7E)) ++end;
                const char final = end < bytes.size() ? bytes[end] : '\0';
                Key::Code code = final == 'A'   ? Key::Code::up
                                 : final == 'B' ? Key::Code::down
                                 : final == 'C' ? Key::Code::right
                                 : final == 'D' ? Key::Code::left
                                                : Key::Code::other;
                if (end != i + 2) code = Key::Code::other;  // parameters: not a plain arrow
                keys.push_back({code, {}});
                i = std::min(end + 1, bytes.size());
            } else {
                keys.push_back({Key::Code::escape, {}});
                ++i;
            }
            continue;
        }
        if (c == '\r' || c == '\n') {
            keys.push_back({Key::Code::enter, {}});
            // CR LF from one Enter counts once
            i += (c == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') ? 2 : 1;
            continue;
        }
        if (c == 0x7F || c == 0x08) {
            keys.push_back({Key::Code::backspace, {}});
            ++i;
            continue;
        }
        if (c == '\t') {
            keys.push_back({Key::Code::tab, {}});
            ++i;
            continue;
        }
        if (c == 0x03 || c == 0x04) {
            keys.push_back({Key::Code::interrupt, {}});
            ++i;
            continue;
        }
        if (c < 0x20) {
            keys.push_back({Key::Code::other, {}});
            ++i;
            continue;
        }
        std::size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        n = std::min(n, bytes.size() - i);
        keys.push_back({Key::Code::text, std::string(bytes.substr(i, n))});
        i += n;
    }
    return keys;
}

namespace {

std::string pad(std::string s, std::size_t width) {
    std::size_t w = display_width(s);
    while (w > width && !s.empty()) {  // cut whole characters off the end
        std::size_t cut = s.size() - 1;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
        s.erase(cut);
        w = display_width(s);
    }
    return s + std::string(width - w, ' ');
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

}  // namespace

EntryScreen::EntryScreen(const RoundSetup& setup, std::string file, std::string existing, Lang lang, bool second,
                         const std::vector<std::string>& keys)
    : setup_(setup), file_(std::move(file)), lang_(lang), second_(second) {
    set_keys(keys);
    std::vector<std::string> ids;
    for (const Candidate& c : setup.candidates) ids.push_back(c.id);
    if (existing.empty()) existing = ballot_template(setup.candidates, lang, false);
    StringSource source(existing);
    for (const KeyedRow& r : read_keyed_rows(source, file_, ids, setup.marks)) serials_.push_back(r.serial);
    const std::string_view body = std::string_view(existing).substr(existing.starts_with("\xEF\xBB\xBF") ? 3 : 0);
    zh_header_ = body.starts_with("票号");
    text_ = std::move(existing);
    if (!text_.empty() && text_.back() != '\n') text_ += '\n';
    start_ballot();
}

void EntryScreen::start_ballot() {
    marks_.assign(setup_.candidates.size(), std::nullopt);
    void_ = false;
    note_.clear();
    cursor_ = 0;
    serial_ = next_serial();
    mode_ = Mode::marks;
}

// The number after the last ballot's, as wide as it (leading zeros kept); 001 for the first
// (wider when more ballots were returned).
std::string EntryScreen::next_serial() const {
    if (serials_.empty()) {
        std::size_t width = std::max<std::size_t>(3, std::to_string(setup_.session.ballots_returned).size());
        return std::string(width - 1, '0') + "1";
    }
    const std::string& last = serials_.back();
    if (last.empty() || last.size() > 18 ||
        !std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return {};
    std::string next = std::to_string(std::stoull(last) + 1);
    if (next.size() < last.size()) next = std::string(last.size() - next.size(), '0') + next;
    return next;
}

bool EntryScreen::pending() const {
    return std::any_of(marks_.begin(), marks_.end(), [](const auto& m) { return m.has_value(); }) || void_;
}

std::string EntryScreen::t(const char* en, const std::string& zh) const {
    return lang_ == Lang::zh ? zh : std::string(en);
}

// The default keys (1/y 赞成, 2/n 不赞成, 3/space 弃权, ? unreadable; an evaluation's levels by
// number), then each `CLASS=KEYS` setting replacing a class's keys.
void EntryScreen::set_keys(const std::vector<std::string>& specs) {
    if (setup_.evaluation()) {
        for (std::size_t l = 0; l < setup_.rules.levels.size(); ++l)
            keys_.emplace_back(std::string(1, static_cast<char>('1' + l)), level_mark(l));
        keys_.insert(keys_.end(), {{" ", Mark::abstain}, {"0", Mark::abstain}});
    } else {
        keys_ = {{"1", Mark::approve},    {"y", Mark::approve},    {"Y", Mark::approve}, {"2", Mark::disapprove},
                 {"n", Mark::disapprove}, {"N", Mark::disapprove}, {"3", Mark::abstain}, {" ", Mark::abstain}};
    }
    keys_.insert(keys_.end(), {{"?", Mark::unreadable}, {"\xEF\xBC\x9F", Mark::unreadable}});
    auto usage = [](const std::string& spec, const Text& why) {
        throw Error(ExitCode::usage,
                    Diagnostic{.message = {"--keys " + spec + ": " + why.en, "--keys " + spec + "：" + why.zh},
                               .hint = {"e.g. --keys approve=1o --keys abstain=3space",
                                        "例如 --keys approve=1o --keys abstain=3space"}});
    };
    for (const std::string& spec : specs) {
        const std::size_t eq = spec.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
            usage(spec, {"write CLASS=KEYS", "应写成 类别=按键"});
        const std::string name = spec.substr(0, eq);
        std::optional<Mark> mark;
        for (const MarkClass& c : setup_.marks.classes) {
            const Text words = setup_.marks.words(c.mark);
            if (c.name == name || words.en == name || words.zh == name) mark = c.mark;
        }
        if (!mark) usage(spec, {"no class of marks is named " + name, "没有名为“" + name + "”的标记类别"});
        std::string rest = spec.substr(eq + 1);
        std::vector<std::string> chosen;
        for (std::size_t at; (at = rest.find("space")) != std::string::npos;) rest.replace(at, 5, " ");
        for (const Key& k : parse_keys(rest)) {
            if (k.code != Key::Code::text)
                usage(spec, {"only printable keys can be marks", "只有可打印的键可作标记键"});
            if (std::string("vVsSuUqQ").find(k.text) != std::string::npos && k.text.size() == 1)
                usage(spec, {"v, s, u and q are the screen's commands", "v、s、u、q 是录入界面的命令键"});
            chosen.push_back(k.text);
        }
        std::erase_if(keys_, [&](const auto& k) { return k.second == *mark; });
        for (const std::string& key : chosen) {
            for (const auto& [other, m] : keys_)
                if (other == key && m != *mark)
                    usage(spec, {"the key “" + key + "” already stands for " + setup_.marks.words(m).en,
                                 "按键“" + key + "”已用于“" + setup_.marks.words(m).zh + "”"});
            keys_.emplace_back(key, *mark);
        }
    }
}

std::optional<Mark> EntryScreen::mark_for(const std::string& key) const {
    for (const auto& [k, mark] : keys_)
        if (k == key) return mark;
    return std::nullopt;
}

// What the file gets for `mark`: ○ × blank ? with the standard table; else the class's first
// symbol (an evaluation's: the level's name), a blank for abstain when blank means abstain.
std::string EntryScreen::symbol(Mark mark) const {
    if (setup_.marks.standard) {
        switch (mark) {
            case Mark::approve:
                return "\xE2\x97\x8B";  // ○
            case Mark::disapprove:
                return "\xC3\x97";  // ×
            case Mark::abstain:
                return "";
            default:
                return "?";
        }
    }
    const MarkClass* c = setup_.marks.class_of(mark);
    if (c == nullptr || c->symbols.empty()) return "?";
    if (mark == Mark::abstain && std::find(c->symbols.begin(), c->symbols.end(), "") != c->symbols.end()) return "";
    return c->symbols.front();
}

Count EntryScreen::approvals() const {
    return static_cast<Count>(std::count(marks_.begin(), marks_.end(), std::optional<Mark>(Mark::approve)));
}

std::string EntryScreen::row() const {
    std::string line = serial_;
    for (const auto& m : marks_) line += "," + csv_field(symbol(m.value_or(Mark::abstain)));
    line += ",";
    if (void_) line += zh_header_ ? "作废" : "void";
    line += "," + csv_field(note_);
    return line + "\n";
}

EntryScreen::Result EntryScreen::finish() {
    for (std::size_t i = 0; i < marks_.size(); ++i)
        if (!marks_[i] && !void_) {
            cursor_ = i;
            message_ = t("not keyed yet: ", "尚未录入：") + setup_.candidates[i].id +
                       t(" (space: abstain)", "（空格键为弃权）");
            return Result::none;
        }
    if (serial_.empty()) {
        mode_ = Mode::serial;
        edit_.clear();
        message_ = t("type the serial written on the paper ballot", "请输入纸质选票上的票号");
        return Result::none;
    }
    if (std::find(serials_.begin(), serials_.end(), serial_) != serials_.end()) {
        message_ =
            t("serial ", "票号 ") + serial_ + t(" is keyed already: press s to change it", " 已录入过：按 s 修改票号");
        return Result::none;
    }
    if (!setup_.evaluation() && !void_ && approvals() > setup_.seats && mode_ != Mode::confirm_over) {
        mode_ = Mode::confirm_over;
        message_ = t("approves ", "赞成 ") + std::to_string(approvals()) +
                   t(" projects, more than the ", " 项，超过应选 ") + std::to_string(setup_.seats) +
                   t(" seats: press Enter again to save it as on the paper (the tally rules it invalid)",
                     " 项：如与纸质选票一致，请再按回车存入（计票时为无效票）");
        return Result::none;
    }
    text_ += row();
    serials_.push_back(serial_);
    message_ = t("saved ballot ", "已存入票号 ") + serial_;
    start_ballot();
    return Result::saved;
}

EntryScreen::Result EntryScreen::handle(const Key& key) {
    using Code = Key::Code;
    if (mode_ == Mode::serial || mode_ == Mode::note) {
        if (key.code == Code::enter) {
            if (mode_ == Mode::serial) {
                if (!edit_.empty()) serial_ = edit_;
            } else {
                note_ = edit_;
            }
            mode_ = Mode::marks;
        } else if (key.code == Code::escape) {
            mode_ = Mode::marks;
        } else if (key.code == Code::backspace && !edit_.empty()) {
            std::size_t cut = edit_.size() - 1;
            while (cut > 0 && (static_cast<unsigned char>(edit_[cut]) & 0xC0) == 0x80) --cut;
            edit_.erase(cut);
        } else if (key.code == Code::text && (mode_ == Mode::note || edit_.size() < 32)) {
            const bool serial_char = key.text.size() == 1 && (std::isalnum(static_cast<unsigned char>(key.text[0])) ||
                                                              key.text == "-" || key.text == "_" || key.text == "/");
            if (mode_ == Mode::note ? key.text != "," && key.text != "\"" : serial_char) edit_ += key.text;
        }
        return Result::none;
    }
    if (mode_ == Mode::confirm_quit) {
        if (key.code == Code::text && (key.text == "y" || key.text == "Y")) return Result::quit;
        mode_ = Mode::marks;
        message_.clear();
        return Result::none;
    }
    if (mode_ == Mode::confirm_over && key.code != Code::enter) {
        mode_ = Mode::marks;
        message_.clear();
    }
    message_.clear();
    switch (key.code) {
        case Code::up:
            if (cursor_ > 0) --cursor_;
            return Result::none;
        case Code::down:
            if (cursor_ + 1 < marks_.size()) ++cursor_;
            return Result::none;
        case Code::enter:
            return finish();
        case Code::tab:
            mode_ = Mode::serial;
            edit_.clear();
            return Result::none;
        case Code::escape:
        case Code::interrupt:
            if (!pending()) return Result::quit;
            mode_ = Mode::confirm_quit;
            message_ = t("quit and drop the ballot on screen? y: yes, any other key: no",
                         "退出并放弃屏幕上这张未存入的选票？按 y 确认，其他键取消");
            return Result::none;
        case Code::text:
            break;
        default:
            return Result::none;
    }
    if (auto m = mark_for(key.text)) {
        marks_[cursor_] = *m;
        if (cursor_ + 1 < marks_.size()) ++cursor_;
        return Result::none;
    }
    if (key.text == "s" || key.text == "S") {
        mode_ = Mode::serial;
        edit_.clear();
    } else if (key.text == "v" || key.text == "V") {
        void_ = !void_;
        if (void_) {
            mode_ = Mode::note;
            edit_ = note_;
        }
    } else if (key.text == "u" || key.text == "U") {
        if (serials_.empty()) {
            message_ = t("nothing to undo", "没有可撤销的选票");
            return Result::none;
        }
        // The last line is the last ballot's (every line ends in a line feed).
        std::size_t end = text_.size() - 1;
        std::size_t start = text_.rfind('\n', end - 1);
        text_.erase(start == std::string::npos ? 0 : start + 1);
        message_ = t("ballot ", "已撤销票号 ") + serials_.back() + t(" undone: key it again", "，请重新录入");
        serials_.pop_back();
        start_ballot();
        return Result::undone;
    } else if (key.text == "q" || key.text == "Q") {
        if (!pending()) return Result::quit;
        mode_ = Mode::confirm_quit;
        message_ = t("quit and drop the ballot on screen? y: yes, any other key: no",
                     "退出并放弃屏幕上这张未存入的选票？按 y 确认，其他键取消");
    } else {
        message_ = t("not a key of this screen: ", "此键无效：") + key.text;
    }
    return Result::none;
}

// The keys of each class, as set: "1/y 赞成  2/n 不赞成  3/空格 弃权  ? 无法辨认". Upper-case
// twins of a letter, 0 beside space and the full-width ？ are accepted but not listed.
std::string EntryScreen::help_line() const {
    std::string out;
    for (const MarkClass& c : setup_.marks.classes) {
        std::string keys;
        for (const auto& [k, mark] : keys_) {
            if (mark != c.mark) continue;
            // A named copy: clang 14 cannot capture a structured binding in a lambda.
            const char first = k.empty() ? '\0' : k[0];
            const bool twin = (k.size() == 1 && std::isupper(static_cast<unsigned char>(first)) &&
                               std::any_of(keys_.begin(), keys_.end(),
                                           [first](const auto& o) {
                                               return o.first.size() == 1 &&
                                                      o.first[0] == std::tolower(static_cast<unsigned char>(first));
                                           })) ||
                              k == "\xEF\xBC\x9F" || (k == "0" && mark == Mark::abstain && setup_.evaluation());
            if (twin) continue;
            keys += (keys.empty() ? "" : "/") + (k == " " ? t("space", "空格") : k);
        }
        if (keys.empty()) continue;
        const Text words = setup_.marks.words(c.mark);
        out += (out.empty() ? "" : "  ") + keys + " " + (lang_ == Lang::zh ? words.zh : words.en);
    }
    return out;
}

std::vector<std::string> EntryScreen::render(std::size_t width, std::size_t height) const {
    std::vector<std::string> lines;
    const Session& s = setup_.session;
    lines.push_back(t("piaojue enter  ", "piaojue 录入  ") + s.body + "  " + s.meeting +
                    (second_ ? t("  (second keying)", "（第二遍录入）") : ""));
    lines.push_back(t("file ", "文件 ") + file_ + t(": ", "：") + t("", "已录入 ") + std::to_string(serials_.size()) +
                    " / " + std::to_string(s.ballots_returned) + t(" ballots keyed", " 张"));
    std::string serial = mode_ == Mode::serial ? edit_ + "_" : serial_;
    std::string head = t("Ballot ", "票号 ") + serial;
    if (void_) head += t("   DECLARED VOID", "   作废");
    if (!setup_.evaluation())
        head += t("   approvals ", "   赞成 ") + std::to_string(approvals()) + " / " + std::to_string(setup_.seats) +
                (approvals() > setup_.seats ? t(" OVER", " 超过应选") : "");
    lines.push_back(head);
    lines.push_back(std::string(std::min<std::size_t>(width, 60), '-'));
    std::size_t name_width = 0;
    for (const Candidate& c : setup_.candidates) name_width = std::max(name_width, display_width(c.name));
    name_width = std::min<std::size_t>(name_width, 32);
    for (std::size_t i = 0; i < marks_.size(); ++i) {
        const Candidate& c = setup_.candidates[i];
        std::string mark = "\xC2\xB7";  // · not keyed yet
        if (marks_[i]) {
            const Text words = setup_.marks.words(*marks_[i]);
            const std::string sym = symbol(*marks_[i]);
            mark = (sym.empty() ? std::string(" ") : sym) + " " + (lang_ == Lang::zh ? words.zh : words.en);
        }
        lines.push_back((i == cursor_ && mode_ != Mode::serial && mode_ != Mode::note ? "> " : "  ") + pad(c.id, 6) +
                        pad(c.name, name_width) + "  " + mark);
    }
    lines.push_back(std::string(std::min<std::size_t>(width, 60), '-'));
    if (mode_ == Mode::note) lines.push_back(t("note (why void): ", "作废原因（备注）：") + edit_ + "_");
    lines.push_back(help_line());
    lines.push_back(t("Enter save ballot  arrows move  v void  s serial  u undo last  q quit",
                      "回车 存入本张  ↑↓ 移动  v 作废  s 改票号  u 撤销上一张  q 退出"));
    lines.push_back(message_);
    if (lines.size() > height) lines.resize(height);
    for (std::string& l : lines) l = pad(l, width);
    return lines;
}

}  // namespace piaojue
