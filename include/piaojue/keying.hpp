// Double keying (双人录入, SPEC §3): two counters key the same paper ballots into two files
// independently; every difference between them is listed, by 票号 and project, for the counters
// to settle against the paper. Marks of one class are equal (○ = Y). Pure: the files are handed in.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <piaojue/ballots.hpp>
#include <piaojue/error.hpp>
#include <piaojue/marks.hpp>
#include <piaojue/source.hpp>

namespace piaojue {

/// One keyed ballot row, as read.
struct KeyedRow {
    std::string serial;
    std::vector<Mark> marks;  ///< one per project, in the list's order
    bool declared_void = false;
    std::string note;
    std::size_t line = 0;
};

/// The rows of a ballots file for the projects `ids`, read with `marks` (entry errors throw, exit
/// 3, naming the file): any number of rows, in file order.
[[nodiscard]] std::vector<KeyedRow> read_keyed_rows(Source& text, const std::string& file,
                                                    const std::vector<std::string>& ids, const MarkTable& marks);

/// What differs in one ballot between the two keyings.
struct KeyingDifference {
    enum class What { mark, status, note, only_first, only_second };
    What what = What::mark;
    std::string ballot;                                  ///< 票号
    std::size_t project = 0;                             ///< index into the ids, for a mark
    Mark first = Mark::abstain, second = Mark::abstain;  ///< a mark's two readings
    std::string first_text, second_text;                 ///< a status's or note's
    std::size_t first_line = 0, second_line = 0;         ///< 0 where the ballot is not in that file
};

/// The comparison of two keyings of the same ballots.
struct KeyingComparison {
    std::string first_file, second_file;
    Count first_rows = 0, second_rows = 0;
    Count cells = 0;                            ///< compared: (projects + status + note) for each ballot in both files
    Count agreeing = 0;                         ///< of those, the cells that agree
    std::vector<KeyingDifference> differences;  ///< in the first file's order, then the second's

    [[nodiscard]] bool same() const { return differences.empty(); }
    /// agreeing / cells as a percentage with two decimals ("99.39"), none with no cell compared.
    [[nodiscard]] std::optional<std::string> agreement_rate() const;
};

/// Compares `first` with `second`, cell by cell, ballot by ballot (matched by 票号).
[[nodiscard]] KeyingComparison compare_keyings(const std::vector<KeyedRow>& first, const std::vector<KeyedRow>& second,
                                               std::string first_file, std::string second_file);

/// One difference in words: "ballot 007, P03: approve (ballots.csv line 8) but disapprove
/// (ballots-b.csv line 8)", in both languages, with the projects' `ids` and the session's `marks`.
[[nodiscard]] Text describe(const KeyingDifference& d, const KeyingComparison& c, const std::vector<std::string>& ids,
                            const MarkTable& marks);

/// The differences as diagnostics of an Error with exit 10 (`tally` with `ballots_second`): each
/// names the second file and its line, the first file's line in the message.
[[nodiscard]] Error keying_error(const KeyingComparison& c, const std::vector<std::string>& ids,
                                 const MarkTable& marks);

}  // namespace piaojue
