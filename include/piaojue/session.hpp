// The session file (session.toml, docs/rules.md §2.2): the meeting, its attendance and ballot numbers, and
// the adopted rules. Parsed strictly: an unknown key or a wrong type is an error, never ignored.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <piaojue/marks.hpp>
#include <piaojue/rules.hpp>

namespace piaojue {

/// The officers printed on the report for signatures (`[officers]`).
struct Officers {
    std::string chief_scrutineer;          ///< 总监票人
    std::vector<std::string> scrutineers;  ///< 监票人
    std::vector<std::string> counters;     ///< 计票人
};

/// Where a value is written in its file: for errors found after parsing (batch's duplicate ids).
struct SourceSpot {
    std::size_t line = 0;    ///< 1-based; 0 when not known
    std::size_t column = 0;  ///< 1-based, in characters
    std::string text;        ///< the whole line, shown with a caret under the value
};

/// A key of the session file that names a file, e.g. `candidates = "candidates.csv"`. Every such
/// key is listed in Session::paths, so the check that keeps a session inside its folder
/// (confine.hpp) covers a key the day it is added.
struct SessionPath {
    std::string key;    ///< e.g. "candidates"
    std::string value;  ///< the path as written, relative to the session file
    SourceSpot at;      ///< where the value is written
    /// How many folders above the session file's the file may lie: 1 for `previous`, since
    /// next-round puts the rounds of one vote side by side (`round-1/`, `round-2/`); else 0.
    int levels_up = 0;
};

/// One round's session file.
struct Session {
    std::string id;                       ///< unique key, [A-Za-z0-9._-]+
    SourceSpot id_at;                     ///< where `id`'s value is written
    std::string body;                     ///< e.g. 某某镇人民代表大会
    std::string meeting;                  ///< e.g. 第十八届人民代表大会第三次会议
    std::string date;                     ///< YYYY-MM-DD
    std::string level;                    ///< township | county | subdistrict
    VoteKind kind = VoteKind::selection;  ///< `kind`: a selection vote or a satisfaction evaluation (R8)
    Count deputies = 0;                   ///< 全体代表 (legal membership)
    Count present = 0;
    Count ballots_issued = 0;
    Count ballots_returned = 0;
    std::optional<std::string> candidates;       ///< path as written, relative to the session file (round 1)
    std::optional<std::string> projects;         ///< an evaluation's projects.csv, as written
    std::optional<std::string> selection;        ///< an evaluation's link: the record of the vote that chose them
    std::optional<std::string> ballots;          ///< path as written, relative to the session file
    std::optional<std::string> ballots_second;   ///< double keying: the second counter's file
    std::optional<std::string> previous;         ///< previous round's record (later rounds)
    std::optional<std::string> previous_digest;  ///< hex digest of that record, written by next-round
    std::optional<Rules> rules;                  ///< `[rules]` (round 1 only; later rounds inherit)
    Officers officers;
    /// The mark table in force: `[marks]` applied to the kind's default (selection_marks() or
    /// satisfaction_marks(levels)). A later round's session has none of its own: nullopt.
    std::optional<MarkTable> marks;
    std::vector<SessionPath> paths;  ///< every key above that names a file, in file order

    [[nodiscard]] bool is_later_round() const { return previous.has_value(); }
};

/// Parses the session file `bytes`, named `file` in errors. Throws Error (exit 3) naming the line
/// and column of every unknown or duplicate key, wrong type, or inconsistent number.
[[nodiscard]] Session parse_session(std::string_view bytes, const std::string& file);

/// Whether `id` is a valid session id ([A-Za-z0-9][A-Za-z0-9._-]*, at most 128 characters).
[[nodiscard]] bool valid_session_id(std::string_view id);

}  // namespace piaojue
