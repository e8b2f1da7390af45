// Batch: every township's session of a county at once, in parallel, with one deterministic
// roll-up (summary.json + summary.csv) that can be signed and verified like a record.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <piaojue/encoding.hpp>
#include <piaojue/error.hpp>
#include <piaojue/fs.hpp>
#include <piaojue/record.hpp>
#include <piaojue/round.hpp>

namespace piaojue {

inline constexpr std::string_view k_summary_format = "piaojue-batch-summary/1";
/// The roll-up's files in the output directory (summary.sig.json when it is signed); no session
/// id may take one of these names, in any letter case.
inline constexpr std::array<std::string_view, 3> k_summary_names = {"summary.json", "summary.csv", "summary.sig.json"};

/// One session found for a batch.
struct BatchItem {
    std::string session_path;  ///< as opened
    std::string source_name;   ///< relative to the batch source (DIR or manifest), for the summary
};

/// The sessions under `source`: every `session.toml` below a directory, or those listed in a CSV
/// manifest (column `session`, paths relative to the manifest), in a stable order. Throws Error
/// (exit 3) for an unreadable source or manifest.
[[nodiscard]] std::vector<BatchItem> find_sessions(const FileSystem& fs, const std::string& source);

/// What became of one session of a batch: its round's outcome, or an error that stopped it.
enum class BatchStatus { final_, tie, shortfall, void_, no_quorum, slate_rejected, error };
/// The outcome's name (`final`, `tie`, …), or `error`: as the roll-up writes it.
[[nodiscard]] std::string_view name(BatchStatus s);
[[nodiscard]] std::optional<BatchStatus> parse_batch_status(std::string_view s);
/// The status of a round that ended in `outcome`.
[[nodiscard]] BatchStatus batch_status(Outcome outcome);

/// An evaluation round's verdict counts and overall rate, as a batch entry lists them: each level
/// with the number of projects given it, best first; the rate or "".
void evaluation_summary(const RoundRecord& round, std::vector<std::pair<std::string, Count>>& verdicts,
                        std::string& overall_rate);

/// The outcome for one session.
struct BatchEntry {
    BatchItem item;
    std::string id;  ///< session id (or the source name when the session is unreadable)
    std::string body;
    int round = 0;
    BatchStatus status = BatchStatus::error;
    ExitCode exit_code = ExitCode::ok;
    Count seats_filled = 0;  ///< projects adopted in all rounds so far
    std::string budget_adopted;
    /// A satisfaction evaluation's (R8): how many projects got each level, best first, and the
    /// overall rate ("" with no valid ballot). `evaluation` is false for a selection vote.
    bool evaluation = false;
    std::vector<std::pair<std::string, Count>> verdicts;
    std::string overall_rate;
    std::string record_path;              ///< relative to the output directory
    std::string record_digest;            ///< `<algo>:<hex>` of the record's bytes (the session's digest)
    std::string error;                    ///< first diagnostic, English, when status is `error` (the summary's)
    std::string error_zh;                 ///< the same in Chinese
    std::string error_code;               ///< its machine code (docs/json.md), e.g. E_MARK_UNKNOWN
    std::vector<Diagnostic> diagnostics;  ///< all of the error's, when status is `error`
    bool kept = false;                    ///< an earlier run's identical record was kept
};

/// How summary.csv is written: for people opening it in a spreadsheet (docs/batch.md). The
/// choice is recorded in summary.json (`csv`), so that `verify` writes the same bytes again; it
/// never follows the locale.
struct SummaryStyle {
    Lang lang = Lang::zh;                ///< headers, status words and errors
    Encoding encoding = Encoding::utf8;  ///< utf-8 (with a BOM) or gb18030 (without)
    /// A summary.json of piaojue 0.1.0, which has no `csv`: English, UTF-8 without a BOM.
    bool legacy = false;
};

/// How to run a batch.
struct BatchOptions {
    std::string output_dir;
    unsigned jobs = 1;
    bool force = false;  ///< replace a record that differs from a fresh tally
    ReadOptions read;
    SummaryStyle summary;
    /// Called after each session finishes (from worker threads, serialised): done, total.
    std::function<void(std::size_t, std::size_t)> progress;
    /// Called with each record written or kept (path, bytes), e.g. to sign it, once every record
    /// is on disk, one after another in the order of the items; an Error it throws turns that
    /// session into an error entry.
    std::function<void(const std::string&, const std::string&)> on_record;
};

/// The batch's result.
struct BatchResult {
    std::vector<BatchEntry> entries;  ///< sorted by id
    std::string summary_json;
    std::string summary_csv;
    ExitCode exit_code = ExitCode::ok;  ///< the most serious of the entries' (see docs/batch.md)
    /// Records already in the output directory (`<id>/result.json`) that this run does not
    /// list — left from an earlier run; `verify OUTDIR` fails B1 while they are there.
    std::vector<std::string> unlisted_records;
};

/// `<name>/result.json` (relative to `dir`, sorted) for every directory `name` directly below
/// `dir` that is not in `listed` and holds one: records a roll-up of `listed` leaves out. None
/// when `dir` is not a directory.
[[nodiscard]] std::vector<std::string> unlisted_records(const FileSystem& fs, const std::string& dir,
                                                        const std::set<std::string>& listed);

/// Runs every session of `items`. Before writing anything it refuses (Error, exit 3) session ids
/// that share an output directory — equal, or equal but for letter case — or that name a file of
/// the roll-up (k_summary_names), and (exit 9) a roll-up path that is a directory. Then it
/// tallies in parallel and then writes each record to `<output_dir>/<id>/result.json`, all made
/// durable together (FileSystem::write_each_atomic), keeping an identical one from an earlier run
/// and, without `force`, refusing (that session: exit 9) to replace one that differs. One broken session never stops
/// the others. The roll-up's bytes are returned for the caller to write.
[[nodiscard]] BatchResult run_batch(FileSystem& fs, const std::vector<BatchItem>& items, const BatchOptions& options);

/// The roll-up's order: by id, then by source name.
[[nodiscard]] bool summary_order(const BatchEntry& a, const BatchEntry& b);

/// A roll-up's bytes, and the most serious of its entries' exit codes.
struct RenderedSummary {
    std::string json;  ///< summary.json
    std::string csv;   ///< summary.csv
    ExitCode exit_code = ExitCode::ok;
    std::map<std::string, int> by_status;  ///< entries per status
};

/// The roll-up of `entries` (in the order given: run_batch sorts them by id) as batch writes it,
/// `version` being the generator's (`verify` re-renders a summary with the version and the
/// style it names).
[[nodiscard]] RenderedSummary render_summary(const std::vector<BatchEntry>& entries, const std::string& version,
                                             const SummaryStyle& style);

/// The more serious of two exit codes: 1 > 9 > 8 > 10 > 3 > 7 > 4 > 5 > 6 > 0.
[[nodiscard]] int more_serious(int a, int b);
[[nodiscard]] ExitCode more_serious(ExitCode a, ExitCode b);

/// `cell` made safe for a spreadsheet: a leading = + - @ TAB or CR gets a `'` in front
/// (CSV formula injection), and the cell is quoted when it holds , " or a line break.
[[nodiscard]] std::string csv_cell(std::string_view cell);

}  // namespace piaojue
