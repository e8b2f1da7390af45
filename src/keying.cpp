#include <piaojue/evaluation.hpp>
#include <piaojue/keying.hpp>

#include <map>

namespace piaojue {

std::vector<KeyedRow> read_keyed_rows(Source& text, const std::string& file, const std::vector<std::string>& ids,
                                      const MarkTable& marks) {
    BallotReader reader(text, file, ids, BallotReader::k_any_rows, &marks);
    std::vector<KeyedRow> rows;
    Ballot b;
    while (reader.next(b))
        rows.push_back(KeyedRow{std::string(b.serial), b.marks, b.declared_void, std::string(b.note), b.line});
    reader.finish();
    return rows;
}

std::optional<std::string> KeyingComparison::agreement_rate() const {
    return percentage(agreeing, cells);
}

KeyingComparison compare_keyings(const std::vector<KeyedRow>& first, const std::vector<KeyedRow>& second,
                                 std::string first_file, std::string second_file) {
    KeyingComparison c;
    c.first_file = std::move(first_file);
    c.second_file = std::move(second_file);
    c.first_rows = static_cast<Count>(first.size());
    c.second_rows = static_cast<Count>(second.size());
    std::map<std::string, const KeyedRow*, std::less<>> by_serial;
    for (const KeyedRow& r : second) by_serial.emplace(r.serial, &r);
    using What = KeyingDifference::What;
    for (const KeyedRow& a : first) {
        auto it = by_serial.find(a.serial);
        if (it == by_serial.end()) {
            c.differences.push_back({What::only_first, a.serial, 0, {}, {}, {}, {}, a.line, 0});
            continue;
        }
        const KeyedRow& b = *it->second;
        for (std::size_t p = 0; p < a.marks.size(); ++p) {
            ++c.cells;
            if (a.marks[p] == b.marks[p])
                ++c.agreeing;
            else
                c.differences.push_back({What::mark, a.serial, p, a.marks[p], b.marks[p], {}, {}, a.line, b.line});
        }
        c.cells += 2;
        if (a.declared_void == b.declared_void)
            ++c.agreeing;
        else
            c.differences.push_back({What::status,
                                     a.serial,
                                     0,
                                     {},
                                     {},
                                     a.declared_void ? "void" : "",
                                     b.declared_void ? "void" : "",
                                     a.line,
                                     b.line});
        if (a.note == b.note)
            ++c.agreeing;
        else
            c.differences.push_back({What::note, a.serial, 0, {}, {}, a.note, b.note, a.line, b.line});
    }
    std::map<std::string, bool, std::less<>> in_first;
    for (const KeyedRow& a : first) in_first.emplace(a.serial, true);
    for (const KeyedRow& b : second)
        if (!in_first.contains(b.serial))
            c.differences.push_back({What::only_second, b.serial, 0, {}, {}, {}, {}, 0, b.line});
    return c;
}

namespace {

Text at(const std::string& file, std::size_t line) {
    return {file + " line " + std::to_string(line), file + " 第 " + std::to_string(line) + " 行"};
}

Text status_words(const std::string& s) {
    return s.empty() ? Text{"not void", "未作废"} : Text{"declared void", "作废"};
}

Text note_words(const std::string& s) {
    return s.empty() ? Text{"no note", "无备注"} : Text{"“" + s + "”", "“" + s + "”"};
}

}  // namespace

Text describe(const KeyingDifference& d, const KeyingComparison& c, const std::vector<std::string>& ids,
              const MarkTable& marks) {
    using What = KeyingDifference::What;
    const Text a = at(c.first_file, d.first_line), b = at(c.second_file, d.second_line);
    switch (d.what) {
        case What::only_first:
            return {
                "ballot " + d.ballot + " is keyed in " + c.first_file + " only (line " + std::to_string(d.first_line) +
                    ")",
                "票号 " + d.ballot + " 只在 " + c.first_file + " 中录入（第 " + std::to_string(d.first_line) + " 行）"};
        case What::only_second:
            return {"ballot " + d.ballot + " is keyed in " + c.second_file + " only (line " +
                        std::to_string(d.second_line) + ")",
                    "票号 " + d.ballot + " 只在 " + c.second_file + " 中录入（第 " + std::to_string(d.second_line) +
                        " 行）"};
        case What::mark: {
            const Text x = marks.words(d.first), y = marks.words(d.second);
            const std::string& id = ids[d.project];
            return {
                "ballot " + d.ballot + ", " + id + ": " + x.en + " (" + a.en + ") but " + y.en + " (" + b.en + ")",
                "票号 " + d.ballot + "，项目 " + id + "：" + x.zh + "（" + a.zh + "），" + y.zh + "（" + b.zh + "）"};
        }
        case What::status: {
            const Text x = status_words(d.first_text), y = status_words(d.second_text);
            return {"ballot " + d.ballot + ", status: " + x.en + " (" + a.en + ") but " + y.en + " (" + b.en + ")",
                    "票号 " + d.ballot + "，状态：" + x.zh + "（" + a.zh + "），" + y.zh + "（" + b.zh + "）"};
        }
        case What::note: {
            const Text x = note_words(d.first_text), y = note_words(d.second_text);
            return {"ballot " + d.ballot + ", note: " + x.en + " (" + a.en + ") but " + y.en + " (" + b.en + ")",
                    "票号 " + d.ballot + "，备注：" + x.zh + "（" + a.zh + "），" + y.zh + "（" + b.zh + "）"};
        }
    }
    return {};
}

Error keying_error(const KeyingComparison& c, const std::vector<std::string>& ids, const MarkTable& marks) {
    std::vector<Diagnostic> out;
    const Text hint{"look at the paper ballot and correct the file that differs from it; tally again when both agree",
                    "请对照纸质选票，更正与选票不符的那个文件；两份录入一致后再计票"};
    for (const KeyingDifference& d : c.differences) {
        const bool second = d.what != KeyingDifference::What::only_first;
        out.push_back(Diagnostic{second ? c.second_file : c.first_file,
                                 second ? d.second_line : d.first_line,
                                 0,
                                 describe(d, c, ids, marks),
                                 hint,
                                 {}});
    }
    return Error(ExitCode::keyings_differ, std::move(out));
}

}  // namespace piaojue
