// The ballots file (ballots.csv, docs/rules.md §2.4): one row per returned paper ballot, read as a stream so
// memory does not grow with the number of ballots.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <piaojue/csv.hpp>
#include <piaojue/error.hpp>
#include <piaojue/rules.hpp>

namespace piaojue {

/// One mark on a ballot: 赞成 ○, 不赞成 ×, 弃权 (blank), or unreadable (?). An evaluation's
/// level marks follow them (marks.hpp: level_mark).
enum class Mark : std::uint8_t { approve, disapprove, abstain, unreadable };

struct MarkTable;  // marks.hpp

/// The mark a cell means (surrounding spaces, U+3000 included, ignored), or nullopt.
[[nodiscard]] std::optional<Mark> parse_mark(std::string_view cell);
/// The fixed columns of a ballots file, besides one per project.
enum class BallotColumn { serial, status, note };

/// The fixed column a header cell names (票号 / ballot, 状态 / status, 备注 / note; the English
/// names in any letter case; surrounding spaces ignored), or nullopt for a project's column.
[[nodiscard]] std::optional<BallotColumn> ballot_column(std::string_view header);

/// The one-letter normal form of `mark` used in Merkle leaves and templates: Y N A ?, and the
/// digits 1–5 for an evaluation's levels, best first.
[[nodiscard]] char mark_letter(Mark mark);

/// The set of ballot serials seen so far. Serials are numbered at counting, so numeric ones are
/// kept as runs of consecutive numbers (memory grows with the gaps, not the ballots); others as
/// text. Exact in every case. See docs/design.md.
class SerialSet {
public:
    /// Adds `serial`; false if it was already there.
    bool insert(std::string_view serial);
    /// Adds every serial of `other`; false (with some of them added) if any was already here.
    bool merge(const SerialSet& other);
    /// When every serial is a number of the same number of digits (001, 002, …): the serials of
    /// 1..`count` that are missing and those above `count`, each list cut at `limit`; nullopt
    /// when the serials follow no such sequence.
    struct Gaps {
        std::vector<std::string> missing, beyond;
        std::size_t width = 0;
    };
    [[nodiscard]] std::optional<Gaps> gaps(std::uint64_t count, std::size_t limit) const;

private:
    // Adds the numbers first..last, `width` digits wide, joining the runs beside them; false
    // (nothing added) if one of them is here already.
    bool insert_run(std::size_t width, std::uint64_t first, std::uint64_t last);

    using Key = std::pair<std::size_t, std::uint64_t>;  // (digits, value): "007" ≠ "7"
    std::map<Key, std::uint64_t> runs_;                 // run start → run end (inclusive)
    std::set<std::string, std::less<>> text_;
};

/// One ballot row, valid until the next `BallotReader::next()`.
struct Ballot {
    std::string_view serial;     ///< 票号
    std::vector<Mark> marks;     ///< one per candidate, in candidate-list order
    bool declared_void = false;  ///< ruled void by the scrutineers (status void / 作废)
    std::string_view note;       ///< 备注
    std::size_t line = 0;
};

/// Streams the ballots of one round. Entry errors (bad marks, bad serials, duplicate serials)
/// are collected, up to a cap, and thrown together by `finish()`.
class BallotReader {
public:
    /// `expected_rows` for a file of any number of rows (the auditors' readings of a sample).
    static constexpr Count k_any_rows = std::numeric_limits<Count>::max();

    /// Reads ballots for the candidates `candidate_ids` (ballot order) from UTF-8 `text`, named
    /// `file` in errors; `expected_rows` is the session's ballots_returned (or k_any_rows); the
    /// cells are read with `marks` (the selection vote's standard table when null). Reads the
    /// header now and throws Error (exit 3) if it is wrong.
    BallotReader(Source& text, std::string file, std::vector<std::string> candidate_ids, Count expected_rows,
                 const MarkTable* marks = nullptr);
    ~BallotReader();
    /// Reads rows from `text`, a part of a ballots file below its header (the chunked tally's
    /// workers), with the columns `header` read: no header is read, rows are not counted
    /// against ballots_returned, and lines are numbered from 1 at the start of `text`.
    BallotReader(Source& text, const BallotReader& header);

    /// Reads the next well-formed ballot into `ballot`; false at the end. Rows with entry errors
    /// are reported to the collector and skipped.
    bool next(Ballot& ballot);

    /// A note when the header's project columns are in another order than the list's (the first
    /// one out of order), or nullopt: a swapped header is the classic keying slip.
    [[nodiscard]] std::optional<Diagnostic> column_order_notice() const { return order_notice_; }
    /// Throws the collected entry errors, and checks the row count against ballots_returned.
    void finish();

    /// The normalised row that is a Merkle leaf (docs/record-format.md): serial, marks as
    /// letters in candidate-list order, `void` or empty, note; separated by TAB.
    static void normal_row(const Ballot& ballot, std::string& out);

    [[nodiscard]] Count rows() const { return rows_; }
    /// Lines of the text read so far, blank ones included (and the header, for a whole file).
    [[nodiscard]] std::size_t lines_read() const { return csv_.lines_read(); }
    /// Whether no entry error has been collected so far.
    [[nodiscard]] bool clean() const { return errors_.empty(); }
    /// The serials of the rows read so far, handed over: the reader's set is left empty (the
    /// chunked tally merges each chunk's into the whole file's).
    [[nodiscard]] SerialSet take_serials() { return std::move(seen_); }

private:
    static Text unknown_mark(std::string_view cell, const std::string& id);
    [[nodiscard]] Text custom_mark_hint(std::string_view cell) const;

    CsvReader csv_;
    std::string file_;
    std::vector<std::string> candidate_ids_;
    Count expected_rows_;
    ErrorCollector errors_;
    std::shared_ptr<const TableShape> shape_;
    std::size_t serial_col_ = 0;
    std::vector<std::size_t> mark_cols_;  // column of each candidate, in candidate order
    std::size_t last_mark_col_ = 0;       // the rightmost of them: its cell ends a row's marks
    std::optional<std::size_t> status_col_;
    std::optional<std::size_t> note_col_;
    std::shared_ptr<const MarkTable> marks_;  // a session's own table; null for the standard one
    std::optional<Diagnostic> order_notice_;
    Count rows_ = 0;
    SerialSet seen_;
    // Where each serial was first keyed, for the first k_lines_kept rows (a meeting's file): a
    // duplicate's error names that line.
    static constexpr std::size_t k_lines_kept = 4096;
    std::map<std::string, std::size_t, std::less<>> first_lines_;
    // Rows beyond ballots_returned are read on, up to k_extra_rows, to say which they are.
    static constexpr Count k_extra_rows = 64;
    std::size_t first_extra_line_ = 0;
    [[nodiscard]] Text row_count_detail() const;
};

}  // namespace piaojue
