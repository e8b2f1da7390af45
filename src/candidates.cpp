#include <piaojue/candidates.hpp>
#include <piaojue/confusable.hpp>
#include <piaojue/csv.hpp>
#include <piaojue/error.hpp>
#include <piaojue/text.hpp>

#include <algorithm>
#include <array>
#include <map>

namespace piaojue {

namespace {

enum class Column { id, name, budget, lead, note, year };

struct ColumnName {
    Column column;
    std::string_view en, zh;
};

constexpr std::array<ColumnName, 6> k_columns{{{Column::id, "id", "编号"},
                                               {Column::name, "name", "项目名称"},
                                               {Column::budget, "budget", "预算"},
                                               {Column::lead, "lead", "牵头单位"},
                                               {Column::note, "note", "备注"},
                                               {Column::year, "year", "年度"}}};

std::optional<Column> column_named(std::string_view header) {
    std::string lower(trim(header));
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    for (const ColumnName& c : k_columns)
        if (lower == c.en || lower == c.zh) return c.column;
    return std::nullopt;
}

Text forbidden_text(std::string_view what_en, std::string_view what_zh, const ForbiddenChar& bad) {
    return {std::string(what_en) + " contains the invisible or control character " + code_point_name(bad.code_point),
            std::string(what_zh) + "含有不可见字符或控制字符 " + code_point_name(bad.code_point)};
}

}  // namespace

bool valid_candidate_id(std::string_view id) {
    if (id.empty() || id.size() > 32) return false;
    for (char c : id)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    return true;
}

std::optional<Decimal> parse_budget(std::string_view cell) {
    auto ascii = fold_fullwidth_digits(cell);
    if (!ascii) return std::nullopt;
    return Decimal::parse(*ascii);
}

namespace {

// Reads candidates.csv row by row, each cell checked by its own step; every entry error of the
// file is collected so that counters fix them in one pass.
class CandidateReader {
public:
    CandidateReader(Source& text, const std::string& file, bool projects)
        : csv_(text, file), file_(file), projects_(projects) {}

    std::vector<Candidate> read() {
        if (!csv_.next())
            throw_input_error(
                file_, 0, 0, {"the candidate list is empty", "候选项目表为空"},
                {"the first row must be the header: id,name,budget,lead,note (or 编号,项目名称,预算,牵头单位,备注)",
                 "第一行应为表头：编号,项目名称,预算,牵头单位,备注（或 id,name,budget,lead,note）"},
                {}, "E_FILE_EMPTY");
        TableShape shape(csv_);
        header(shape);
        std::vector<Candidate> out;
        while (csv_.next()) {
            if (csv_.blank()) continue;
            if (!shape.check_row(csv_, errors_)) continue;
            Candidate c;
            bool ok = id(c);
            ok = name(c) && ok;
            ok = budget(c) && ok;
            ok = lead_and_note(c) && ok;
            ok = year(c) && ok;
            if (ok) out.push_back(std::move(c));
            if (id_lines_.size() > 1000)
                throw Error(ExitCode::input,
                            coded("E_TOO_MANY_CANDIDATES",
                                  csv_.at_record({"more than 1000 candidates", "候选项目超过 1000 个"},
                                                 {"check that the right file is named", "请检查文件是否选对"})));
        }
        errors_.checkpoint();
        if (out.empty())
            throw_input_error(file_, csv_.line(), 0,
                              {"the candidate list has a header but no projects", "候选项目表只有表头，没有项目"},
                              {"add one row per candidate project", "请每个候选项目填一行"}, {}, "E_NO_CANDIDATES");
        return out;
    }

private:
    // The header row: every cell names a known column, once; id and name are there.
    void header(const TableShape& shape) {
        CsvReader& csv = csv_;
        ErrorCollector& errors = errors_;
        std::map<Column, std::size_t>& index = index_;
        // No cell of the first row names a column: the header row is missing (see BallotReader).
        bool any_column = false;
        for (std::size_t i = 0; i < shape.width(); ++i) any_column = any_column || column_named(csv.fields()[i].text);
        if (!any_column)
            throw Error(ExitCode::input,
                        coded("E_HEADER_MISSING",
                              csv.at_record({"the first row is not a header: none of its cells names a column",
                                             "第一行不是表头：没有一个单元格是列名"},
                                            {"insert the header row first: id,name,budget,lead,note",
                                             "请在文件最前面插入表头行：编号,项目名称,预算,牵头单位,备注"})));
        for (std::size_t i = 0; i < shape.width(); ++i) {
            std::string_view h = csv.fields()[i].text;
            auto c = column_named(h);
            if (c == Column::year && !projects_) c.reset();  // an evaluation's project list only
            if (!c) {
                errors.add(coded("E_COLUMN_UNKNOWN",
                                 csv.at(i,
                                        {"unknown column \"" + std::string(trim(h)) + "\"",
                                         "未知的列“" + std::string(trim(h)) + "”"},
                                        {"columns are id/编号, name/项目名称, budget/预算, lead/牵头单位, note/备注",
                                         "可用的列：编号/id、项目名称/name、预算/budget、牵头单位/lead、备注/note"})));
                continue;
            }
            if (!index.emplace(*c, i).second)
                errors.add(coded("E_COLUMN_TWICE", csv.at(i,
                                                          {"column \"" + std::string(trim(h)) + "\" appears twice",
                                                           "列“" + std::string(trim(h)) + "”出现了两次"},
                                                          {"keep one of the two columns", "请只保留其中一列"})));
        }
        for (Column required : {Column::id, Column::name})
            if (!index.contains(required)) {
                const ColumnName& c = k_columns[static_cast<std::size_t>(required)];
                errors.add(
                    coded("E_COLUMN_MISSING",
                          csv.at_record({"the header lacks the required column \"" + std::string(c.en) + "\" (" +
                                             std::string(c.zh) + ")",
                                         "表头缺少必需的列“" + std::string(c.zh) + "”（" + std::string(c.en) + "）"},
                                        {"add the column to the first row", "请在第一行加上该列"})));
            }
        errors.checkpoint();
    }

    // The id: well formed and not repeated (ids are compared folded).
    bool id(Candidate& c) {
        CsvReader& csv = csv_;
        const auto& f = csv.fields();
        bool ok = true;
        std::size_t ci = index_[Column::id];
        std::string_view id = trim(f[ci].text);
        if (!valid_candidate_id(id)) {
            errors_.add(
                coded("E_ID_INVALID", csv.at(ci,
                                             {id.empty() ? "the id is empty" : "bad id \"" + std::string(id) + "\"",
                                              id.empty() ? "编号为空" : "编号“" + std::string(id) + "”不合规"},
                                             {"ids use letters, digits, '_' and '-' (at most 32), e.g. P01",
                                              "编号只能由字母、数字、“_”和“-”组成（不超过 32 个），如 P01"})));
            ok = false;
        } else {
            std::string key = fold_key(id);
            auto [it, fresh] = id_lines_.emplace(key, csv.line());
            if (!fresh) {
                errors_.add(
                    coded("E_ID_DUPLICATE",
                          csv.at(ci,
                                 {"id \"" + std::string(id) + "\" repeats the id on line " + std::to_string(it->second),
                                  "编号“" + std::string(id) + "”与第 " + std::to_string(it->second) + " 行重复"},
                                 {"give each project its own id", "每个项目应有不同的编号"})));
                ok = false;
            }
            c.id = std::string(id);
        }
        return ok;
    }

    // The name: not empty, no control or invisible character, not the same as another after
    // folding, nor a look-alike of one (TR39 skeleton).
    bool name(Candidate& c) {
        CsvReader& csv = csv_;
        const auto& f = csv.fields();
        bool ok = true;
        std::size_t ni = index_[Column::name];
        std::string_view name = trim(f[ni].text);
        if (name.empty()) {
            errors_.add(coded("E_NAME_EMPTY", csv.at(ni, {"the project name is empty", "项目名称为空"},
                                                     {"fill in the name", "请填写项目名称"})));
            ok = false;
        } else if (auto bad = find_forbidden_char(name)) {
            bool line_break = bad->code_point == '\n' || bad->code_point == '\r';
            errors_.add(coded("E_NAME_INVALID",
                              csv.at(ni,
                                     line_break ? Text{"the project name contains a line break", "项目名称中有换行"}
                                                : forbidden_text("the project name", "项目名称", *bad),
                                     line_break ? Text{"remove the line break (Alt+Enter in Excel)",
                                                       "请删去换行（Excel 中的 Alt+Enter）"}
                                                : Text{"retype the name", "请重新输入名称"})));
            ok = false;
        } else {
            auto [it, fresh] = name_lines_.emplace(fold_key(name), csv.line());
            if (!fresh) {
                errors_.add(
                    coded("E_NAME_DUPLICATE",
                          csv.at(ni,
                                 {"project name \"" + std::string(name) + "\" repeats the name on line " +
                                      std::to_string(it->second),
                                  "项目名称“" + std::string(name) + "”与第 " + std::to_string(it->second) + " 行重复"},
                                 {"names must differ (also after ignoring spaces and full-width forms)",
                                  "项目名称不能相同（忽略空格和全角半角差别后也不能相同）"})));
                ok = false;
            } else if (auto earlier = look_alike_.add(name, csv.line())) {
                std::string n(name);
                std::string line = std::to_string(earlier->line);
                errors_.add(coded(
                    "E_NAME_LOOKALIKE",
                    csv.at(ni,
                           {"project name \"" + n + "\" looks the same as \"" + earlier->name + "\" on line " + line,
                            "项目名称“" + n + "”与第 " + line + " 行的“" + earlier->name + "”看起来相同"},
                           {"the names differ only in look-alike characters (" +
                                first_difference_text(name, earlier->name, false) +
                                "); retype the name with ordinary characters",
                            "两个名称只在形近字符上不同（" + first_difference_text(name, earlier->name, true) +
                                "）；请用常规字符重新输入名称"})));
                ok = false;
            }
            c.name = std::string(name);
        }
        return ok;
    }

    // The budget, when there is one: a non-negative amount in 万元.
    bool budget(Candidate& c) {
        CsvReader& csv = csv_;
        const auto& f = csv.fields();
        bool ok = true;
        if (auto it = index_.find(Column::budget); it != index_.end()) {
            std::string_view b = trim(f[it->second].text);
            if (!b.empty()) {
                c.budget = parse_budget(b);
                if (!c.budget) {
                    bool comma = b.find(',') != std::string_view::npos;
                    errors_.add(coded(
                        "E_BUDGET_INVALID",
                        csv.at(it->second,
                               {"bad budget \"" + std::string(b) + "\"", "预算“" + std::string(b) + "”无效"},
                               {comma ? "write the amount without thousands separators, e.g. 1000"
                                      : "write a non-negative amount in 万元 with at most 6 decimals, e.g. 1280.5",
                                comma ? "金额不要用千位分隔符，如 1000"
                                      : "请写不带符号的万元金额，最多 6 位小数，如 1280.5"})));
                    ok = false;
                }
            }
        }
        return ok;
    }

    // The lead unit and the note, free text without control or invisible characters.
    bool lead_and_note(Candidate& c) {
        CsvReader& csv = csv_;
        const auto& f = csv.fields();
        bool ok = true;
        for (Column optional : {Column::lead, Column::note}) {
            auto it = index_.find(optional);
            if (it == index_.end()) continue;
            std::string_view v = trim(f[it->second].text);
            if (auto bad = find_forbidden_char(v)) {
                errors_.add(coded("E_CELL_INVALID", csv.at(it->second, forbidden_text("the cell", "该单元格", *bad),
                                                           {"retype it", "请重新输入"})));
                ok = false;
            }
            (optional == Column::lead ? c.lead : c.note) = std::string(v);
        }
        return ok;
    }

    // An evaluation's year column: the year the project was adopted, four digits, or blank.
    bool year(Candidate& c) {
        auto it = index_.find(Column::year);
        if (it == index_.end()) return true;
        std::string_view v = trim(csv_.fields()[it->second].text);
        if (v.empty()) return true;
        auto digits = fold_fullwidth_digits(v);
        if (!digits || digits->size() != 4 ||
            !std::all_of(digits->begin(), digits->end(), [](char d) { return d >= '0' && d <= '9'; })) {
            errors_.add(
                coded("E_YEAR_INVALID",
                      csv_.at(it->second, {"bad year \"" + std::string(v) + "\"", "年度“" + std::string(v) + "”无效"},
                              {"write the year in four digits, e.g. 2025", "请用四位数字填写年度，如 2025"})));
            return false;
        }
        c.year = *digits;
        return true;
    }

    CsvReader csv_;
    const std::string& file_;
    bool projects_ = false;
    ErrorCollector errors_;
    std::map<Column, std::size_t> index_;
    std::map<std::string, std::size_t> id_lines_;    // folded id → line
    std::map<std::string, std::size_t> name_lines_;  // fold_key(name) → line
    LookAlikeNames look_alike_;                      // TR39 skeleton → first name and line
};

}  // namespace

std::vector<Candidate> parse_candidates(Source& text, const std::string& file, bool projects) {
    return CandidateReader(text, file, projects).read();
}

}  // namespace piaojue
