// One round end to end: read the session and the files it names through the FileSystem seam,
// digest the raw bytes, count the ballots as they stream by, decide, and write the record bytes.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <piaojue/confine.hpp>
#include <piaojue/encoding.hpp>
#include <piaojue/fs.hpp>
#include <piaojue/record.hpp>
#include <piaojue/tally.hpp>

namespace piaojue {

/// How to read a round's inputs.
struct ReadOptions {
    Encoding encoding = Encoding::utf8;  ///< of the CSV files (`--encoding`)
    /// Threads that parse a large UTF-8 ballots file, a chunk of lines each (docs/design.md,
    /// "Parallel parsing"): 0 for one per core (up to 8), 1 for the one-thread reader only. The
    /// record is the same bytes whatever the number.
    unsigned parse_threads = 0;
    /// The machine's hardware threads, asked only for a large file; the CLI hands in the
    /// system's answer (the core asks no system itself). By default one: no parallel parsing.
    std::function<unsigned()> cores = [] { return 1u; };
    /// Folders besides the session's own whose files the session may name (`--allow-path`).
    PathPolicy paths;
    /// Records made in this run, by the resolved path (FileSystem::resolved_path) at which a later
    /// round's `previous` names them: a batch's earlier rounds, whose records go to OUTDIR rather
    /// than beside their session files. Read instead of the file at that path.
    std::map<std::string, std::string> known_records;
};

/// A round's setup with the digests of the inputs read so far.
struct LoadedRound {
    RoundSetup setup;
    std::vector<Diagnostic> notices;  ///< worth a note, not an error: a GB18030 file, a reordered header
    std::vector<InputDigest> inputs;  ///< session, candidates | previous (ballots added by tally)
    std::string session_path;
};

/// Reads the session file at `session_path` and its candidate list (first round) or previous
/// record (later rounds, whose digest is checked against `previous_digest`). Throws Error
/// (exit 3) for any input problem. Does not apply R1–R3: see `decide_before_ballots`.
[[nodiscard]] LoadedRound load_round(const FileSystem& fs, const std::string& session_path, const ReadOptions& options);

/// A tallied round: its typed record and the record's bytes.
struct RoundResult {
    RoundRecord round;                ///< setup, inputs, counts (absent when no ballot was read), decision
    std::string session_path;         ///< as given
    std::string record;               ///< the record's exact bytes: write_record(round)
    std::vector<Diagnostic> notices;  ///< for the counters' attention (LoadedRound::notices, and the ballots')
};

/// The encoding `path` is read in, decided for that file alone (SPEC §3, choose_encoding) from its
/// first 64 KiB, or from every byte when `requested` is gb18030 (`--encoding gb18030` applies to
/// the CSV files that are not valid UTF-8). A GB18030 file read without that request adds a
/// notice naming it to `notices`.
[[nodiscard]] Encoding input_encoding(const FileSystem& fs, const std::string& path, Encoding requested,
                                      std::vector<Diagnostic>* notices);

/// Loads, checks, counts and decides the round of `session_path`, and renders its record.
[[nodiscard]] RoundResult tally_round(const FileSystem& fs, const std::string& session_path,
                                      const ReadOptions& options);

/// The default record path: `result.json` beside the session file.
[[nodiscard]] std::string default_record_path(const std::string& session_path);

}  // namespace piaojue
