// Batch: every township's session of a county at once, in parallel, with one deterministic
// roll-up (summary.json + summary.csv) that can be signed and verified like a record.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <piaojue/fs.hpp>
#include <piaojue/round.hpp>

namespace piaojue {

inline constexpr std::string_view k_summary_format = "piaojue-batch-summary/1";

/// One session found for a batch.
struct BatchItem {
    std::string session_path;  ///< as opened
    std::string source_name;   ///< relative to the batch source (DIR or manifest), for the summary
};

/// The sessions under `source`: every `session.toml` below a directory, or those listed in a CSV
/// manifest (column `session`, paths relative to the manifest), in a stable order. Throws Error
/// (exit 3) for an unreadable source or manifest.
[[nodiscard]] std::vector<BatchItem> find_sessions(const FileSystem& fs, const std::string& source);

/// The outcome for one session.
struct BatchEntry {
    BatchItem item;
    std::string id;          ///< session id (or the source name when the session is unreadable)
    std::string body;
    int round = 0;
    std::string status;      ///< outcome name, or `error`
    int exit_code = 0;
    Count seats_filled = 0;  ///< projects adopted in all rounds so far
    std::string budget_adopted;
    std::string record_path; ///< relative to the output directory
    std::string record_digest; ///< `<algo>:<hex>` of the record's bytes (the session's digest)
    std::string error;       ///< first diagnostic, English, when status is `error`
    bool kept = false;       ///< an earlier run's identical record was kept
};

/// How to run a batch.
struct BatchOptions {
    std::string output_dir;
    unsigned jobs = 1;
    bool force = false;            ///< replace a record that differs from a fresh tally
    ReadOptions read;
    /// Called after each session finishes (from worker threads, serialised): done, total.
    std::function<void(std::size_t, std::size_t)> progress;
    /// Called with each record written (path, bytes), e.g. to sign it; serialised.
    std::function<void(const std::string&, const std::string&)> on_record;
};

/// The batch's result.
struct BatchResult {
    std::vector<BatchEntry> entries;  ///< sorted by id
    std::string summary_json;
    std::string summary_csv;
    int exit_code = 0;                ///< the most serious of the entries' (see docs/batch.md)
};

/// Runs every session of `items`: refuses duplicate ids before writing anything (Error, exit 3),
/// then tallies in parallel, writes each record to `<output_dir>/<id>/result.json` (keeping an
/// identical one from an earlier run), and writes the summary files. One broken session never
/// stops the others.
[[nodiscard]] BatchResult run_batch(FileSystem& fs, const std::vector<BatchItem>& items, const BatchOptions& options);

/// The more serious of two exit codes: 1 > 9 > 8 > 3 > 7 > 4 > 5 > 6 > 0.
[[nodiscard]] int more_serious(int a, int b);

/// `cell` made safe for a spreadsheet: a leading = + - @ TAB or CR gets a `'` in front
/// (CSV formula injection), and the cell is quoted when it holds , " or a line break.
[[nodiscard]] std::string csv_cell(std::string_view cell);

}  // namespace piaojue
