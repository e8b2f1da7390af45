// Fuzz target: the batch summary reader of `piaojue verify OUTDIR` (verify_batch, verify.hpp,
// JSON through nlohmann::json). An auditor runs it on a directory that may have been edited:
// whatever summary.json holds, verification must end in a report (or a piaojue::Error), never a
// nlohmann exception, a crash or a hang; an entry must never send a check outside OUTDIR; and
// the report must show the summary's text with control characters escaped. The rest of OUTDIR
// is a real batch output of two sessions, made once in memory.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <piaojue/batch.hpp>
#include <piaojue/error.hpp>
#include <piaojue/fs.hpp>
#include <piaojue/verify.hpp>

#include "fuzz_support.hpp"
#include "memory_fs.hpp"

const char* const piaojue::fuzz::k_target = "fuzz_summary";

namespace {

using namespace piaojue;
using fuzz::bug;

const std::string k_out = "out";
const std::string k_summary = "out/summary.json";

std::string session_toml(const std::string& id) {
    return "[session]\nid = \"" + id +
           "\"\nbody = \"Town\"\nmeeting = \"5th\"\ndate = 2026-01-09\nlevel = \"township\"\n"
           "deputies = 5\npresent = 5\nballots_issued = 5\nballots_returned = 5\n"
           "candidates = \"candidates.csv\"\nballots = \"ballots.csv\"\n\n"
           "[rules]\nseats = 2\n\n[officers]\nchief_scrutineer = \"A\"\nscrutineers = [\"B\"]\ncounters = [\"C\"]\n";
}

// OUTDIR as `piaojue batch` leaves it for sessions `a` and `b`, with their sources under src/.
MemoryFileSystem make_batch_output() {
    MemoryFileSystem fs;
    for (const std::string id : {"a", "b"}) {
        fs.files["src/" + id + "/session.toml"] = session_toml(id);
        fs.files["src/" + id + "/candidates.csv"] = "id,name,budget\nP01,Road,10\nP02,School,20\nP03,Canteen,30\n";
        fs.files["src/" + id + "/ballots.csv"] = "ballot,P01,P02,P03\n1,Y,Y,N\n2,Y,Y,N\n3,Y,N,Y\n4,Y,Y,A\n5,N,Y,Y\n";
    }
    BatchOptions options;
    options.output_dir = k_out;
    BatchResult result = run_batch(fs, find_sessions(fs, "src"), options);
    if (result.exit_code != piaojue::ExitCode::ok) bug("the harness's own batch did not finish cleanly");
    fs.files[k_summary] = result.summary_json;
    fs.files["out/summary.csv"] = result.summary_csv;
    return fs;
}

VerifyOptions options_without_roles() {
    VerifyOptions options;
    options.inputs_at_hand = false;
    options.required_roles.clear();
    options.integrity_only = true;  // the harness checks the summary, not who signed it
    return options;
}

// Text for a terminal: nothing below U+0020 but the line feed, no DEL.
void check_printable(const std::string& text) {
    for (unsigned char c : text)
        if ((c < 0x20 && c != '\n') || c == 0x7f) bug("a control character reached the report unescaped");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const MemoryFileSystem k_output = [] {
        MemoryFileSystem fs = make_batch_output();
        // The unedited output verifies: the target would otherwise test only refusals.
        if (verify_batch(fs, k_out, std::nullopt, options_without_roles()).code() != ExitCode::ok)
            bug("the harness's own batch output does not verify");
        return fs;
    }();
    MemoryFileSystem fs = k_output;
    fs.files[k_summary] = std::string(reinterpret_cast<const char*>(data), size);
    try {
        BatchVerifyResult r = verify_batch(fs, k_out, std::nullopt, options_without_roles());
        if (r.summary.state == CheckState::pass) {
            if (r.records.size() != 2) bug("B1 passed a summary that leaves a record of OUTDIR out");
            for (const VerifyResult& record : r.records) {
                if (!fs.files.contains(record.record_path)) bug("B1 passed an entry naming a file not in OUTDIR");
                if (!record.record_path.starts_with(k_out + "/")) bug("a record checked outside OUTDIR");
            }
        } else {
            if (r.code() == ExitCode::ok) bug("B1 failed but verification passed");
            if (r.summary.state != CheckState::fail) bug("B1 neither passed nor failed");
            if (r.summary.details.empty()) bug("B1 failed without saying why");
        }
        for (Lang lang : {Lang::en, Lang::zh}) check_printable(render_batch_verify(r, lang));
    } catch (const Error& e) {
        // A listed record that cannot be read at all stops verification with an input error
        // about that record; the summary itself is in memory and always readable.
        if (e.code() != ExitCode::input) bug("an error other than an input error (exit 3)");
        for (const Diagnostic& d : e.diagnostics()) {
            (void)format_diagnostic(d, Lang::en);
            (void)format_diagnostic(d, Lang::zh);
        }
    }
    return 0;
}
