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

/// `text` as a TOML basic string literal, quotes included.
[[nodiscard]] std::string toml_quote(const std::string& text);

}  // namespace piaojue
