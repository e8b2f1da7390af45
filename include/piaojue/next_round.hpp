// The files of the next round (tie re-vote or supplementary vote), written from the previous
// round's record so that counters do not type the candidate list or the digest by hand.
#pragma once

#include <optional>
#include <string>

#include <piaojue/error.hpp>
#include <piaojue/record.hpp>

namespace piaojue {

/// What the counters may already know about the next round.
struct NextRoundInput {
    std::string record_path;   ///< previous record, as the new session file should name it
    std::string record_bytes;  ///< its exact bytes (digested into previous_digest)
    std::string id;            ///< new session id; default `<previous id>-r<round>`
    std::optional<Count> present, issued, returned;
};

/// The next round's `session.toml` and empty `ballots.csv` template.
struct NextRoundFiles {
    std::string session_toml;
    std::string ballots_csv;
    RoundRecord previous;
};

/// Builds the files from `input`; throws Error (exit 3) when the record has no next round.
/// Attendance and ballot numbers not given are left as commented lines that tally refuses until
/// they are filled in: a guessed number must never decide a vote.
[[nodiscard]] NextRoundFiles make_next_round(const NextRoundInput& input, const std::string& record_file, Lang lang);

/// An empty ballots file for `candidates` (ballot order): the header only, in Chinese or English,
/// CRLF line ends; with `excel`, a UTF-8 byte-order mark first, so that Excel on Chinese Windows
/// opens it as UTF-8. Formula-like ids are neutralised (`'-A1`), and read back as the id.
[[nodiscard]] std::string ballot_template(const std::vector<Candidate>& candidates, Lang lang, bool excel);

/// `text` as a TOML basic string literal, quotes included.
[[nodiscard]] std::string toml_quote(const std::string& text);

}  // namespace piaojue
