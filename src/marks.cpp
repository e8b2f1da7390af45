#include <piaojue/marks.hpp>

#include <algorithm>

namespace piaojue {

std::string_view name(VoteKind kind) {
    return kind == VoteKind::satisfaction ? "satisfaction" : "selection";
}

std::optional<VoteKind> parse_vote_kind(std::string_view s) {
    if (s == "selection") return VoteKind::selection;
    if (s == "satisfaction") return VoteKind::satisfaction;
    return std::nullopt;
}

std::optional<Mark> MarkTable::find(std::string_view cell) const {
    const std::string_view t = trim(cell);
    for (const MarkClass& c : classes)
        if (std::find(c.symbols.begin(), c.symbols.end(), t) != c.symbols.end()) return c.mark;
    return std::nullopt;
}

const MarkClass* MarkTable::class_of(Mark mark) const {
    for (const MarkClass& c : classes)
        if (c.mark == mark) return &c;
    return nullptr;
}

namespace {

Text class_words(const MarkClass& c) {
    switch (c.mark) {
        case Mark::approve:
            return {"approve", "赞成"};
        case Mark::disapprove:
            return {"disapprove", "不赞成"};
        case Mark::abstain:
            return {"abstain", "弃权"};
        case Mark::unreadable:
            return {"unreadable", "无法辨认"};
        default:
            return {c.name, c.name};  // a level is named in the session's own words
    }
}

}  // namespace

Text MarkTable::words(Mark mark) const {
    if (const MarkClass* c = class_of(mark)) return class_words(*c);
    return {"?", "?"};
}

Text MarkTable::hint() const {
    Text out{"marks are ", "可用的标记："};
    for (std::size_t i = 0; i < classes.size(); ++i) {
        const MarkClass& c = classes[i];
        std::string symbols_en, symbols_zh;
        for (const std::string& s : c.symbols) {
            symbols_en += (symbols_en.empty() ? "" : " / ") + (s.empty() ? std::string("blank") : s);
            symbols_zh += (symbols_zh.empty() ? "" : " 或 ") + (s.empty() ? std::string("空白") : s);
        }
        const Text w = class_words(c);
        out.en += (i ? ", " : "") + symbols_en + " (" + w.en + ")";
        out.zh += (i ? "、" : "") + symbols_zh + "（" + w.zh + "）";
    }
    return out;
}

MarkTable satisfaction_marks(const std::vector<std::string>& levels) {
    MarkTable t;
    t.standard = false;
    for (std::size_t i = 0; i < levels.size(); ++i) {
        MarkClass c{levels[i], level_mark(i), {levels[i]}};
        auto add = [&c](std::initializer_list<const char*> symbols) {
            for (const char* s : symbols)
                if (std::find(c.symbols.begin(), c.symbols.end(), s) == c.symbols.end()) c.symbols.emplace_back(s);
        };
        if (i == 0) add({"\xE2\x97\x8B" /* ○ */, "\xE3\x80\x87" /* 〇 */});
        if (i + 1 == levels.size()) add({"\xC3\x97" /* × */, "X", "x"});
        if (levels.size() == 3 && i == 1) add({"\xE2\x96\xB3" /* △ */});
        t.classes.push_back(std::move(c));
    }
    t.classes.push_back(MarkClass{"abstain", Mark::abstain, {"", "弃权"}});
    t.classes.push_back(MarkClass{"unreadable", Mark::unreadable, {"?", "\xEF\xBC\x9F" /* ？ */}});
    return t;
}

std::optional<Text> bad_mark_symbol(std::string_view symbol) {
    if (trim(symbol).size() != symbol.size())
        return Text{"has spaces around it (they are ignored when a cell is read)", "前后有空格（读取时会被忽略）"};
    if (symbol.find_first_of(",\"\r\n") != std::string_view::npos)
        return Text{"contains a comma, a quote or a line break", "含有逗号、引号或换行"};
    if (auto bad = find_forbidden_char(symbol))
        return Text{"contains the invisible or control character " + code_point_name(bad->code_point),
                    "含有不可见字符或控制字符 " + code_point_name(bad->code_point)};
    if (utf8_length(symbol) > 16) return Text{"is longer than 16 characters", "超过 16 个字"};
    return std::nullopt;
}

}  // namespace piaojue
