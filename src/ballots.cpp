#include <piaojue/ballots.hpp>
#include <piaojue/error.hpp>
#include <piaojue/marks.hpp>
#include <piaojue/text.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <limits>
#include <map>

namespace piaojue {

namespace {

struct MarkSpelling {
    std::string_view text;
    Mark mark;
};

// docs/rules.md §2.5: every accepted spelling of a mark.
constexpr std::array<MarkSpelling, 26> k_marks{{
    {"Y", Mark::approve},
    {"y", Mark::approve},
    {"\xE2\x97\x8B", Mark::approve} /* ○ */,
    {"\xE3\x80\x87", Mark::approve} /* 〇 */,
    {"O", Mark::approve},
    {"o", Mark::approve},
    {"\xE2\x88\x9A", Mark::approve} /* √ */,
    {"\xE2\x9C\x93", Mark::approve} /* ✓ */,
    {"赞成", Mark::approve},
    {"同意", Mark::approve},
    {"N", Mark::disapprove},
    {"n", Mark::disapprove},
    {"\xC3\x97", Mark::disapprove} /* × */,
    {"X", Mark::disapprove},
    {"x", Mark::disapprove},
    {"\xE2\x9C\x97", Mark::disapprove} /* ✗ */,
    {"不赞成", Mark::disapprove},
    {"反对", Mark::disapprove},
    {"不同意", Mark::disapprove},
    {"", Mark::abstain},
    {"A", Mark::abstain},
    {"a", Mark::abstain},
    {"-", Mark::abstain},
    {"弃权", Mark::abstain},
    {"?", Mark::unreadable},
    {"\xEF\xBC\x9F", Mark::unreadable} /* ？ */,
}};

constexpr std::string_view k_mark_hint_en =
    "marks are ○ / Y (approve), × / N (disapprove), blank / A (abstain), ? (unreadable)";
constexpr std::string_view k_mark_hint_zh =
    "可用的标记：○ 或 Y（赞成）、× 或 N（不赞成）、空白或 A（弃权）、?（无法辨认）";

constexpr std::array<bool, 256> k_serial_chars = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c)
        t[static_cast<std::size_t>(c)] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                                         c == '-' || c == '_' || c == '/';
    return t;
}();

bool is_serial_char(char c) {
    return k_serial_chars[static_cast<unsigned char>(c)];
}

// trim() for the cells of a ballot row, which are almost never padded: only a cell that starts
// or ends with a space, a TAB or a byte of U+3000 (E3 80 80) goes through trim().
inline std::string_view trim_cell(std::string_view s) {
    if (s.empty()) return s;
    char f = s.front(), b = s.back();
    if (f != ' ' && f != '\t' && f != '\xE3' && b != ' ' && b != '\t' && b != '\x80') return s;
    return trim(s);
}

// parse_mark() for the marks counters key almost always (a million-ballot file has twelve
// million cells) decided inline, and without a branch on the mark: the marks of a ballot are
// random, so any branch on them mispredicts on most cells.
//
// A cell's key is its length (4 for any longer) with its bytes when it has at most three. The
// table has a slot per (length, first byte) holding the bytes of the mark that lives there, so
// a cell is one load and one compare: blank, every one-byte mark (Y N A ? …), ○, × and
// the other marks of up to three bytes that have a slot of their own. Marks that share a slot
// with another (√ ✓ ✗ with ○: the first in k_marks keeps it), longer cells (赞成), padded cells
// and errors go to parse_mark().
//
// Every key has k_key_bit set and an empty slot is all zero bits, so no cell matches it. The
// empty slot must be zero: GCC 12.2 at -O1 and above emits some slots this table's builder never
// writes as zeros whatever their default member initialisers say (docs/design.md, "The CSV scan").
struct CellKey {
    std::size_t length;   // 4 for any longer
    std::uint32_t bytes;  // k_key_bit | the cell's bytes, first in the low byte, when it has at most three
};

constexpr std::uint32_t k_key_bit = 0x8000'0000;
constexpr std::array<std::uint32_t, 5> k_keep{0, 0xFF, 0xFFFF, 0xFFFFFF, 0};

// The key of the n bytes at p, one byte at a time: reads only p[0, n).
constexpr CellKey mark_key(const char* p, std::size_t n) {
    std::uint32_t bytes = 0;
    for (std::size_t i = 0; i < n && i < 3; ++i) bytes |= std::uint32_t{static_cast<unsigned char>(p[i])} << (8 * i);
    return {n < 4 ? n : 4, k_key_bit | (n < 4 ? bytes : 0)};
}

// The same key from one 4-byte load, for a cell with four readable bytes at p: the bytes past
// the cell are masked off, in arithmetic without a condition on n, which GCC would otherwise
// turn into branches.
inline CellKey mark_key_loaded(const char* p, std::size_t n) {
    std::uint32_t word = 0;
    std::memcpy(&word, p, 4);
    if constexpr (std::endian::native == std::endian::big) word = __builtin_bswap32(word);
    const std::size_t length = n < 4 ? n : 4;
    return {length, k_key_bit | (word & k_keep[length])};
}

// A slot per (length, first byte); cells of four bytes or more share one with no mark in it.
constexpr std::size_t mark_slot(CellKey key) {
    return (key.length << 8) | (key.bytes & 0xFF);
}

struct KeyedMark {
    std::uint32_t bytes = 0;  // the key of the slot's mark; 0 in an empty slot, which no key is
    Mark mark = Mark::approve;
};

constexpr std::array<KeyedMark, 5 * 256> k_keyed_marks = [] {
    std::array<KeyedMark, 5 * 256> t{};
    for (const MarkSpelling& m : k_marks) {
        if (m.text.size() > 3) continue;
        const CellKey key = mark_key(m.text.data(), m.text.size());
        KeyedMark& slot = t[mark_slot(key)];
        if (slot.bytes == 0) slot = {key.bytes, m.mark};
    }
    return t;
}();
constexpr bool decided_inline(std::string_view mark) {
    const CellKey key = mark_key(mark.data(), mark.size());
    return k_keyed_marks[mark_slot(key)].bytes == key.bytes;
}
static_assert(decided_inline("") && decided_inline("Y") && decided_inline("N") && decided_inline("?"));
static_assert(decided_inline("\xE2\x97\x8B") && decided_inline("\xC3\x97"), "○ and × must be decided inline");
static_assert(decided_inline("\xE3\x80\x87") && decided_inline("\xEF\xBC\x9F"));  // 〇 ？
static_assert(!decided_inline("\xE2\x88\x9A") && !decided_inline("YY") && !decided_inline("YYYY"));

// Decides the marks of cells `cells[cols[0]]`, `cells[cols[1]]`, … into `out`, up to `n` or to
// the first cell the table does not decide, whose index it returns (n if none). `Loaded`: every
// cell has four readable bytes from its start (the caller checks the row's last mark cell once),
// so each is keyed from one load. A function of its own, so that its loop keeps every pointer in
// a register: the stores of Marks (bytes) may alias anything.
template <bool Loaded>
[[gnu::noinline]] std::size_t decide_marks(const CsvField* cells, const std::size_t* cols, std::size_t n, Mark* out) {
    for (std::size_t c = 0; c < n; ++c) {
        const std::string_view cell = cells[cols[c]].text;
        const CellKey key = Loaded ? mark_key_loaded(cell.data(), cell.size()) : mark_key(cell.data(), cell.size());
        const KeyedMark& k = k_keyed_marks[mark_slot(key)];
        if (k.bytes != key.bytes) [[unlikely]]
            return c;
        out[c] = k.mark;
    }
    return n;
}

// A header cell as csv_cell wrote it for a spreadsheet: `'-A1` is the id -A1 (next-round's
// template neutralises ids that start like a formula).
std::string_view without_formula_guard(std::string_view h) {
    if (h.size() >= 2 && h[0] == '\'' && std::string_view("=+-@").find(h[1]) != std::string_view::npos)
        h.remove_prefix(1);
    return h;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Levenshtein distance, for "did you mean" on unknown column names.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

// Same length, and every differing character is a digit on both sides: "p01" and "p04".
bool differ_only_in_digits(std::string_view a, std::string_view b) {
    if (a.size() != b.size() || a == b) return false;
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i] && !(digit(a[i]) && digit(b[i]))) return false;
    return true;
}

}  // namespace

std::optional<Mark> parse_mark(std::string_view cell) {
    // The reader asks this only for what decide_marks() does not decide inline.
    std::string_view t = trim(cell);
    for (const MarkSpelling& m : k_marks)
        if (m.text == t) return m.mark;
    return std::nullopt;
}

std::optional<BallotColumn> ballot_column(std::string_view header) {
    const std::string_view h = trim(header);
    const std::string lower = lower_ascii(h);
    if (lower == "ballot" || h == "票号") return BallotColumn::serial;
    if (lower == "status" || h == "状态") return BallotColumn::status;
    if (lower == "note" || h == "备注") return BallotColumn::note;
    return std::nullopt;
}

const MarkTable& selection_marks() {
    static const MarkTable table = [] {
        MarkTable t;
        for (Mark m : {Mark::approve, Mark::disapprove, Mark::abstain, Mark::unreadable}) {
            MarkClass c{std::string(m == Mark::approve      ? "approve"
                                    : m == Mark::disapprove ? "disapprove"
                                    : m == Mark::abstain    ? "abstain"
                                                            : "unreadable"),
                        m,
                        {}};
            for (const MarkSpelling& s : k_marks)
                if (s.mark == m) c.symbols.emplace_back(s.text);
            t.classes.push_back(std::move(c));
        }
        return t;
    }();
    return table;
}

char mark_letter(Mark mark) {
    if (auto level = level_of(mark)) return static_cast<char>('1' + *level);
    switch (mark) {
        case Mark::approve:
            return 'Y';
        case Mark::disapprove:
            return 'N';
        case Mark::abstain:
            return 'A';
        case Mark::unreadable:
            return '?';
    }
    return '?';
}

bool SerialSet::insert(std::string_view serial) {
    // Numeric (up to 18 digits, so the value fits) is checked and read in one pass.
    bool numeric = !serial.empty() && serial.size() <= 18;
    std::uint64_t v = 0;
    for (std::size_t i = 0; numeric && i < serial.size(); ++i) {
        const auto digit = static_cast<std::uint64_t>(static_cast<unsigned char>(serial[i]) - '0');
        numeric = digit <= 9;
        v = v * 10 + digit;
    }
    if (!numeric) return text_.emplace(serial).second;
    Key key{serial.size(), v};
    // Serials are mostly keyed in ascending order: extending the last run needs no search.
    if (!runs_.empty()) {
        auto last = std::prev(runs_.end());
        if (last->first.first == key.first && last->second + 1 == v && last->second != UINT64_MAX) {
            last->second = v;
            return true;
        }
    }
    return insert_run(key.first, v, v);
}

bool SerialSet::insert_run(std::size_t width, std::uint64_t first, std::uint64_t last) {
    // The runs of the same width around [first, last]: one overlapping it holds a serial already
    // here; one adjacent to it is joined.
    const Key start{width, first};
    auto next = runs_.upper_bound(start);
    const bool next_same = next != runs_.end() && next->first.first == width;
    if (next_same && next->first.second <= last) return false;
    const bool joins_next = next_same && last != UINT64_MAX && last + 1 == next->first.second;
    if (next != runs_.begin()) {
        auto prev = std::prev(next);
        if (prev->first.first == width && prev->second >= first) return false;
        if (prev->first.first == width && prev->second + 1 == first) {
            prev->second = joins_next ? next->second : last;
            if (joins_next) runs_.erase(next);
            return true;
        }
    }
    if (joins_next) {
        const std::uint64_t next_end = next->second;
        next = runs_.erase(next);
        runs_.emplace_hint(next, start, next_end);
        return true;
    }
    runs_.emplace_hint(next, start, last);
    return true;
}

std::optional<SerialSet::Gaps> SerialSet::gaps(std::uint64_t count, std::size_t limit) const {
    if (!text_.empty() || runs_.empty() || runs_.begin()->first.first != std::prev(runs_.end())->first.first)
        return std::nullopt;
    Gaps g;
    g.width = runs_.begin()->first.first;
    auto serial = [&](std::uint64_t v) {
        std::string digits = std::to_string(v);
        return digits.size() < g.width ? std::string(g.width - digits.size(), '0') + digits : digits;
    };
    std::uint64_t next = 1;  // the smallest number not yet accounted for
    for (const auto& [start, end] : runs_) {
        for (std::uint64_t v = next; v < start.second && v <= count && g.missing.size() < limit; ++v)
            g.missing.push_back(serial(v));
        for (std::uint64_t v = std::max(start.second, count + 1); v <= end && g.beyond.size() < limit; ++v)
            g.beyond.push_back(serial(v));
        next = std::max(next, end + 1);
    }
    for (std::uint64_t v = next; v <= count && g.missing.size() < limit; ++v) g.missing.push_back(serial(v));
    return g;
}

bool SerialSet::merge(const SerialSet& other) {
    for (const std::string& serial : other.text_)
        if (!text_.insert(serial).second) return false;
    for (const auto& [start, end] : other.runs_)
        if (!insert_run(start.first, start.second, end)) return false;
    return true;
}

BallotReader::~BallotReader() = default;

BallotReader::BallotReader(Source& text, std::string file, std::vector<std::string> candidate_ids, Count expected_rows,
                           const MarkTable* marks)
    : csv_(text, file),
      file_(std::move(file)),
      candidate_ids_(std::move(candidate_ids)),
      expected_rows_(expected_rows) {
    if (marks != nullptr && !marks->standard) marks_ = std::make_shared<const MarkTable>(*marks);
    if (!csv_.next())
        throw Error(ExitCode::input,
                    coded("E_FILE_EMPTY",
                          diagnostic_about(file_, {"the ballots file is empty", "选票文件为空"},
                                           {"the first row must be the header: ballot, then one column per project id",
                                            "第一行应为表头：票号，然后每个项目编号一列"})));
    shape_ = std::make_shared<const TableShape>(csv_);
    const auto& f = csv_.fields();
    std::map<std::string, std::size_t> ids;
    for (std::size_t i = 0; i < candidate_ids_.size(); ++i) ids.emplace(candidate_ids_[i], i);
    mark_cols_.assign(candidate_ids_.size(), SIZE_MAX);
    // A first row in which no cell names a column is data: the header row was deleted or the
    // file starts below it. Say that once, with the header to insert, instead of one "unknown
    // column" per cell and a did-you-mean guessed from a ballot serial.
    bool any_column = false;
    for (std::size_t i = 0; i < shape_->width(); ++i) {
        if (ballot_column(f[i].text) || ids.contains(std::string(trim(f[i].text)))) any_column = true;
    }
    if (!any_column) {
        std::string row;
        for (const auto& id : candidate_ids_) row += "," + id;
        throw Error(
            ExitCode::input,
            coded("E_HEADER_MISSING", csv_.at_record({"the first row is not a header: none of its cells names a column",
                                                      "第一行不是表头：没有一个单元格是列名"},
                                                     {"insert the header row first: ballot" + row,
                                                      "请在文件最前面插入表头行：票号" + row})));
    }
    std::optional<std::size_t> serial;
    ErrorCollector header_errors;
    auto twice = [&](std::size_t i, std::string_view h) {
        header_errors.add(coded(
            "E_COLUMN_TWICE",
            csv_.at(i, {"column \"" + std::string(h) + "\" appears twice", "列“" + std::string(h) + "”出现了两次"},
                    {"keep one of the two columns", "请只保留其中一列"})));
    };
    for (std::size_t i = 0; i < shape_->width(); ++i) {
        std::string_view h = trim(f[i].text);
        const std::optional<BallotColumn> fixed = ballot_column(h);
        if (fixed == BallotColumn::serial) {
            if (serial) twice(i, h);
            serial = i;
        } else if (fixed == BallotColumn::status) {
            if (status_col_) twice(i, h);
            status_col_ = i;
        } else if (fixed == BallotColumn::note) {
            if (note_col_) twice(i, h);
            note_col_ = i;
        } else if (auto it = ids.find(std::string(without_formula_guard(h))); it != ids.end()) {
            if (mark_cols_[it->second] != SIZE_MAX) twice(i, h);
            mark_cols_[it->second] = i;
        } else {
            const std::string lower = lower_ascii(h);
            std::string best;
            std::size_t best_d = 3;
            for (const auto& id : candidate_ids_) {
                std::string lower_id = lower_ascii(id);
                // P01 where this round has P04 is another project (a template of another
                // round), not a typo: ids that differ only in digits are not suggested.
                if (differ_only_in_digits(lower_id, lower)) continue;
                // The distance is at least the difference in length; skipping those keeps a long
                // header cell from costing O(id × cell) per id (seconds for 50 cells of 1 KB).
                if (std::max(lower_id.size(), lower.size()) - std::min(lower_id.size(), lower.size()) >= best_d)
                    continue;
                std::size_t d = edit_distance(lower_id, lower);
                if (d < best_d) best_d = d, best = id;
            }
            std::string listed;
            for (std::size_t k = 0; k < candidate_ids_.size() && k < 20; ++k)
                listed += (k ? ", " : "") + candidate_ids_[k];
            if (candidate_ids_.size() > 20) listed += ", …";
            Text hint =
                best.empty()
                    ? Text{"columns are ballot/票号, this round's project ids (" + listed + "), status/状态, note/备注",
                           "可用的列：票号/ballot、本轮各项目编号（" + listed + "）、状态/status、备注/note"}
                    : Text{"did you mean " + best + "?", "是否应为 " + best + "？"};
            header_errors.add(coded("E_COLUMN_UNKNOWN",
                                    csv_.at(i,
                                            {"unknown column \"" + std::string(h) + "\": not a project of this round",
                                             "未知的列“" + std::string(h) + "”：不是本轮的项目"},
                                            std::move(hint))));
        }
    }
    if (!serial)
        header_errors.add(
            coded("E_COLUMN_MISSING",
                  csv_.at_record({"the header lacks the column \"ballot\" (票号)", "表头缺少“票号”（ballot）列"},
                                 {"the first column should be the ballot serial", "第一列应为票号"})));
    for (std::size_t c = 0; c < candidate_ids_.size(); ++c)
        if (mark_cols_[c] == SIZE_MAX)
            header_errors.add(
                coded("E_COLUMN_MISSING", csv_.at_record({"the header lacks a column for project " + candidate_ids_[c],
                                                          "表头缺少项目 " + candidate_ids_[c] + " 的列"},
                                                         {"add one column per project of this round, headed by its id",
                                                          "本轮每个项目应有一列，以其编号为表头"})));
    header_errors.checkpoint();
    for (std::size_t c = 1; c < mark_cols_.size(); ++c)
        if (mark_cols_[c] < mark_cols_[c - 1]) {
            const std::string& later = candidate_ids_[c];
            const std::string& earlier = candidate_ids_[c - 1];
            order_notice_ = coded(
                "N_COLUMN_ORDER",
                csv_.at(mark_cols_[c],
                        {"the project columns are not in the list's order: " + later + " comes before " + earlier,
                         "项目列的顺序与候选项目表不同：" + later + " 在 " + earlier + " 之前"},
                        {"make sure the marks were keyed under the right heading (a swapped header moves them to other "
                         "projects); a header reordered on purpose and keyed as headed is fine",
                         "请确认每个标记录在了正确的列下（表头两列对调会把标记算到别的项目上）；如果是有意调整列序并按"
                         "表头录入，则无问题"}));
            break;
        }
    serial_col_ = *serial;
    if (!mark_cols_.empty()) last_mark_col_ = *std::max_element(mark_cols_.begin(), mark_cols_.end());
}

BallotReader::BallotReader(Source& text, const BallotReader& header)
    : csv_(text, header.file_),
      file_(header.file_),
      candidate_ids_(header.candidate_ids_),
      expected_rows_(std::numeric_limits<Count>::max()),
      shape_(header.shape_),
      serial_col_(header.serial_col_),
      mark_cols_(header.mark_cols_),
      last_mark_col_(header.last_mark_col_),
      status_col_(header.status_col_),
      note_col_(header.note_col_),
      marks_(header.marks_) {}

bool BallotReader::next(Ballot& ballot) {
    while (csv_.next()) {
        if (csv_.blank()) continue;
        ++rows_;
        if (rows_ > expected_rows_) {
            // Read on a little, to name the extra ballots (finish()); then stop: a 10 GB wrong
            // file must not be read to its end.
            if (first_extra_line_ == 0) first_extra_line_ = csv_.line();
            if (rows_ - expected_rows_ > k_extra_rows) {
                errors_.add(
                    coded("E_BALLOT_COUNT",
                          csv_.at_record({"the file has at least " + std::to_string(rows_) +
                                              " ballot rows but ballots_returned is " + std::to_string(expected_rows_),
                                          "文件至少有 " + std::to_string(rows_) + " 行选票，而收回选票数为 " +
                                              std::to_string(expected_rows_)},
                                         {"the file must hold exactly one row per returned ballot; check "
                                          "ballots_returned in the session "
                                          "file",
                                          "文件应恰好每张收回的选票一行；请核对会议文件中的 ballots_returned"})));
                errors_.checkpoint();
            }
        }
        if (!shape_->check_row(csv_, errors_)) continue;
        const auto& f = csv_.fields();
        bool ok = true;

        std::string_view serial = trim_cell(f[serial_col_].text);
        if (serial.empty()) {
            errors_.add(coded("E_SERIAL_EMPTY",
                              csv_.at(serial_col_, {"the ballot serial is empty", "票号为空"},
                                      {"write the number written on the paper ballot", "请填写纸质选票上的票号"})));
            ok = false;
        } else if (!std::all_of(serial.begin(), serial.end(), is_serial_char) || serial.size() > 32) {
            bool sci = serial.find("E+") != std::string_view::npos || serial.find("e+") != std::string_view::npos;
            errors_.add(coded(
                "E_SERIAL_INVALID",
                csv_.at(serial_col_,
                        {"bad ballot serial \"" + std::string(serial) + "\"", "票号“" + std::string(serial) + "”无效"},
                        sci ? Text{"Excel turned the serial into a number; format the column as Text and retype it",
                                   "Excel 把票号变成了科学计数法；请把该列设为“文本”格式后重新输入"}
                            : Text{"serials use letters, digits, '-', '_' and '/' (at most 32)",
                                   "票号只能由字母、数字、“-”、“_”、“/”组成（不超过 32 个）"})));
            ok = false;
        } else if (!seen_.insert(serial)) {
            auto first = first_lines_.find(serial);
            const std::string line = first != first_lines_.end() ? std::to_string(first->second) : "";
            errors_.add(coded(
                "E_SERIAL_DUPLICATE",
                csv_.at(serial_col_,
                        {"ballot serial \"" + std::string(serial) + "\" appears twice" +
                             (line.empty() ? "" : " (first on line " + line + ")"),
                         "票号“" + std::string(serial) + "”重复" + (line.empty() ? "" : "（第 " + line + " 行已有）")},
                        {"each paper ballot has its own serial; check for a row keyed twice",
                         "每张选票的票号各不相同；请检查是否重复录入"})));
            ok = false;
        } else if (first_lines_.size() < k_lines_kept) {
            first_lines_.emplace(serial, csv_.line());
        }

        // Locals, not members: a store to a Mark (one byte) may alias anything, and the compiler
        // would reload every vector's pointer and size after each one.
        const std::size_t n_marks = candidate_ids_.size();
        const std::size_t* mark_cols = mark_cols_.data();
        const CsvField* cells = f.data();
        // A record read in place (its line feed before in_place_end) whose rightmost mark cell
        // starts four or more bytes before that end: every mark cell can be keyed from one load.
        const char* in_place_end = csv_.in_place_end();
        const bool loaded =
            n_marks != 0 && in_place_end != nullptr && in_place_end - cells[last_mark_col_].text.data() >= 4;
        ballot.marks.resize(n_marks);
        Mark* marks = ballot.marks.data();
        for (std::size_t c = 0; c < n_marks; ++c) {
            if (!marks_) {
                c += loaded ? decide_marks<true>(cells, mark_cols + c, n_marks - c, marks + c)
                            : decide_marks<false>(cells, mark_cols + c, n_marks - c, marks + c);
                if (c == n_marks) break;
            }
            std::string_view cell = cells[mark_cols[c]].text;  // not decided by the inline table
            auto m = marks_ ? marks_->find(cell) : parse_mark(cell);
            if (!m && marks_) {
                ok = false;
                errors_.add(coded("E_MARK_UNKNOWN", csv_.at(mark_cols_[c], unknown_mark(cell, candidate_ids_[c]),
                                                            custom_mark_hint(cell))));
                continue;
            }
            if (!m) {
                std::string shown(trim(cell));
                bool formula = !shown.empty() && (shown[0] == '=' || shown[0] == '#');
                errors_.add(coded(
                    "E_MARK_UNKNOWN",
                    csv_.at(mark_cols_[c],
                            {"unknown mark \"" + shown + "\" for " + candidate_ids_[c],
                             "项目 " + candidate_ids_[c] + " 的标记“" + shown + "”无法识别"},
                            formula ? Text{"this is a spreadsheet formula or error value; type the mark itself. " +
                                               std::string(k_mark_hint_en),
                                           "这是表格公式或错误值，请直接输入标记。" + std::string(k_mark_hint_zh)}
                                    : Text{std::string(k_mark_hint_en), std::string(k_mark_hint_zh)})));
                ok = false;
                continue;
            }
            marks[c] = *m;
        }

        ballot.declared_void = false;
        if (status_col_) {
            std::string_view st = trim_cell(f[*status_col_].text);
            if (st.empty()) {
            } else if (st == "作废" || lower_ascii(st) == "void") {
                ballot.declared_void = true;
            } else {
                errors_.add(coded(
                    "E_STATUS_UNKNOWN",
                    csv_.at(*status_col_,
                            {"unknown status \"" + std::string(st) + "\"", "状态“" + std::string(st) + "”无法识别"},
                            {"leave it blank, or write void (作废) for a ballot the scrutineers ruled void",
                             "留空；监票人裁定作废的选票写“作废”（void）"})));
                ok = false;
            }
        }
        ballot.note = {};
        if (note_col_) {
            ballot.note = trim_cell(f[*note_col_].text);
            if (auto bad = ballot.note.empty() ? std::nullopt : find_forbidden_char(ballot.note)) {
                errors_.add(coded(
                    "E_NOTE_INVALID",
                    csv_.at(*note_col_,
                            {"the note contains the invisible or control character " + code_point_name(bad->code_point),
                             "备注含有不可见字符或控制字符 " + code_point_name(bad->code_point)},
                            {"retype the note on one line", "请在一行内重新输入备注"})));
                ok = false;
            }
        }
        if (!ok) continue;
        ballot.serial = serial;
        ballot.line = csv_.line();
        return true;
    }
    return false;
}

Text BallotReader::unknown_mark(std::string_view cell, const std::string& id) {
    const std::string shown(trim(cell));
    return {"unknown mark \"" + shown + "\" for " + id, "项目 " + id + " 的标记“" + shown + "”无法识别"};
}

// The hint for a cell that is not a mark of the session's own table.
Text BallotReader::custom_mark_hint(std::string_view cell) const {
    const std::string shown(trim(cell));
    const bool evaluation = std::any_of(marks_->classes.begin(), marks_->classes.end(),
                                        [](const MarkClass& c) { return level_of(c.mark).has_value(); });
    Text hint = marks_->hint();
    if (!shown.empty() && (shown[0] == '=' || shown[0] == '#'))
        return {"this is a spreadsheet formula or error value; type the mark itself. " + hint.en,
                "这是表格公式或错误值，请直接输入标记。" + hint.zh};
    if (evaluation) {
        if (auto m = parse_mark(cell); m && (*m == Mark::approve || *m == Mark::disapprove))
            return {"\"" + shown + "\" is a mark of a selection vote; this is a satisfaction evaluation. " + hint.en,
                    "“" + shown + "”是项目票决的标记，本次是满意度测评。" + hint.zh};
        return hint;
    }
    return {hint.en + " (this session's [marks] table)", hint.zh + "（本会议文件 [marks] 规定）"};
}

// Which ballots a wrong row count is about, when the serials are numbered 1, 2, … (001, 002, …):
// "; missing: 019" or "; above 041: 042". Empty when they follow no such sequence, or when
// the sequence explains too little (serials numbered from 101, or many gaps).
Text BallotReader::row_count_detail() const {
    constexpr std::size_t k_listed = 10;
    const auto expected = static_cast<std::uint64_t>(expected_rows_);
    const std::optional<SerialSet::Gaps> g = seen_.gaps(expected, k_listed + 1);
    // Most of 1..returned must be there: serials numbered from 101 are no such sequence.
    if (!g || g->missing.size() + g->beyond.size() > k_listed || (g->missing.empty() && g->beyond.empty()) ||
        2 * g->missing.size() > expected)
        return {};
    auto list = [](const std::vector<std::string>& v, const char* sep) {
        std::string out;
        for (const std::string& s : v) out += (out.empty() ? "" : sep) + s;
        return out;
    };
    std::string last = std::to_string(expected);
    if (last.size() < g->width) last = std::string(g->width - last.size(), '0') + last;
    Text t;
    if (!g->missing.empty()) {
        t.en += "; missing: " + list(g->missing, ", ");
        t.zh += "；缺少票号 " + list(g->missing, "、");
    }
    if (!g->beyond.empty()) {
        t.en += "; above " + last + ": " + list(g->beyond, ", ");
        t.zh += "；超出 " + last + " 的票号 " + list(g->beyond, "、");
    }
    return t;
}

void BallotReader::finish() {
    if (expected_rows_ != k_any_rows && rows_ < expected_rows_) {
        const Text which = row_count_detail();
        errors_.add(Diagnostic{file_,
                               0,
                               0,
                               {"the file has " + std::to_string(rows_) + " ballot rows but ballots_returned is " +
                                    std::to_string(expected_rows_) + which.en,
                                "文件有 " + std::to_string(rows_) + " 行选票，而收回选票数为 " +
                                    std::to_string(expected_rows_) + which.zh},
                               {"key every returned ballot once, or correct ballots_returned in the session file",
                                "请把每张收回的选票录入一次，或更正会议文件中的 ballots_returned"},
                               {},
                               "E_BALLOT_COUNT"});
    }
    if (expected_rows_ != k_any_rows && rows_ > expected_rows_) {
        const Text which = row_count_detail();
        errors_.add(Diagnostic{
            file_,
            first_extra_line_,
            0,
            {"the file has " + std::to_string(rows_) + " ballot rows but ballots_returned is " +
                 std::to_string(expected_rows_) + which.en,
             "文件有 " + std::to_string(rows_) + " 行选票，而收回选票数为 " + std::to_string(expected_rows_) +
                 which.zh},
            {"the file must hold exactly one row per returned ballot: remove a row keyed twice or that is no "
             "ballot, or correct ballots_returned in the session file",
             "文件应恰好每张收回的选票一行：请删去重复录入的行或不是选票的行，或更正会议文件中的 ballots_returned"},
            {},
            "E_BALLOT_COUNT"});
    }
    errors_.checkpoint();
}

void BallotReader::normal_row(const Ballot& ballot, std::string& out) {
    out.assign(ballot.serial);
    out += '\t';
    for (Mark m : ballot.marks) out += mark_letter(m);
    out += '\t';
    if (ballot.declared_void) out += "void";
    out += '\t';
    out += ballot.note;
}

}  // namespace piaojue
