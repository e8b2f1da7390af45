// verify OUTDIR: a batch's roll-up (B1, B2) and every record it lists (V1–V8 each).
#include <piaojue/batch.hpp>
#include <piaojue/record.hpp>
#include <piaojue/session.hpp>
#include <piaojue/text.hpp>
#include <piaojue/verify.hpp>

#include "json_reader.hpp"
#include "parallel.hpp"
#include "verify_internal.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <set>

namespace piaojue {

using json = detail::Json;

namespace {

// One entry of summary.json read as batch writes it (render_summary): nullopt for anything else.
std::optional<BatchEntry> read_summary_entry(const json& e) {
    auto text = [&](const char* key) -> const std::string* {
        auto it = e.find(key);
        return it != e.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
    };
    auto number = [&](const char* key, std::int64_t most) -> std::optional<std::int64_t> {
        auto it = e.find(key);
        if (it == e.end()) return std::nullopt;
        if (it->is_number_unsigned()) {
            auto v = it->get<std::uint64_t>();
            if (v <= static_cast<std::uint64_t>(most)) return static_cast<std::int64_t>(v);
        } else if (it->is_number_integer() && it->get<std::int64_t>() >= 0 && it->get<std::int64_t>() <= most) {
            return it->get<std::int64_t>();
        }
        return std::nullopt;
    };
    const std::string *id = text("id"), *body = text("body"), *session = text("session"), *status = text("status");
    auto round = number("round", 1000), code = number("exit_code", 9);
    if (id == nullptr || body == nullptr || session == nullptr || status == nullptr || !round || !code)
        return std::nullopt;
    std::optional<BatchStatus> known = parse_batch_status(*status);
    if (!known) return std::nullopt;
    BatchEntry b;
    b.id = *id;
    b.body = *body;
    b.item.source_name = *session;
    b.round = static_cast<int>(*round);
    b.status = *known;
    b.exit_code = static_cast<ExitCode>(*code);
    if (b.status == BatchStatus::error) {
        const std::string* error = text("error");
        if (error == nullptr || e.contains("record")) return std::nullopt;
        b.error = *error;
        if (const std::string* zh = text("error_zh")) b.error_zh = *zh;
        if (const std::string* error_code = text("error_code")) b.error_code = *error_code;
        return b;
    }
    const std::string *budget = text("budget_adopted"), *record = text("record"), *want = text("record_digest");
    auto seats = number("seats_filled", std::numeric_limits<std::int64_t>::max());
    if (!valid_session_id(b.id) || budget == nullptr || record == nullptr || *record != b.id + "/result.json" ||
        want == nullptr || !seats)
        return std::nullopt;
    b.seats_filled = *seats;
    b.budget_adopted = *budget;
    if (const std::string* kind = text("kind")) {
        auto verdicts = e.find("verdicts");
        auto rate = e.find("overall_rate");
        if (*kind != name(VoteKind::satisfaction) || verdicts == e.end() || !verdicts->is_object() || rate == e.end() ||
            !(rate->is_null() || rate->is_string()))
            return std::nullopt;
        b.evaluation = true;
        for (const auto& [level, count] : verdicts->items()) {
            if (!count.is_number_unsigned()) return std::nullopt;
            b.verdicts.emplace_back(level, static_cast<Count>(count.get<std::uint64_t>()));
        }
        if (rate->is_string()) b.overall_rate = rate->get<std::string>();
    }
    b.record_path = *record;
    b.record_digest = *want;
    return b;
}

// Where the summary's entry `e` says something else than the record it lists, `v` — what
// batch would have written for that record.
std::vector<Text> summary_differences(const BatchEntry& e, const RoundRecord& v) {
    std::vector<Text> out;
    auto compare = [&](const char* key, const std::string& summary, const std::string& record) {
        if (summary == record) return;
        std::string said = printable_line(summary), is = printable_line(record);
        out.push_back(
            {e.record_path + ": the summary's " + key + " \"" + said + "\" differs from the record's \"" + is + "\"",
             e.record_path + "：汇总所记 " + key + " 为“" + said + "”，结果记录中为“" + is + "”"});
    };
    const Outcome outcome = v.decision.outcome;
    compare("body", e.body, v.setup.session.body);
    compare("round", std::to_string(e.round), std::to_string(v.setup.round));
    compare("status", std::string(name(e.status)), std::string(name(outcome)));
    compare("exit_code", std::to_string(static_cast<int>(e.exit_code)),
            std::to_string(static_cast<int>(exit_code(outcome))));
    compare("seats_filled", std::to_string(e.seats_filled), std::to_string(v.decision.cumulative.size()));
    compare("budget_adopted", e.budget_adopted, v.decision.budget_selected.to_string());
    compare("kind", e.evaluation ? "satisfaction" : "selection", std::string(name(v.setup.session.kind)));
    if (v.setup.evaluation()) {
        std::vector<std::pair<std::string, Count>> verdicts;
        std::string rate;
        evaluation_summary(v, verdicts, rate);
        auto listed = [](const std::vector<std::pair<std::string, Count>>& list) {
            std::string text;
            for (const auto& [level, count] : list)
                text += (text.empty() ? "" : " ") + level + ":" + std::to_string(count);
            return text;
        };
        compare("verdicts", listed(e.verdicts), listed(verdicts));
        compare("overall_rate", e.overall_rate, rate);
    }
    return out;
}

// The length of the longest common prefix of `a` and `b`.
std::size_t common_prefix(std::string_view a, std::string_view b) {
    std::size_t n = std::min(a.size(), b.size());
    return static_cast<std::size_t>(
        std::mismatch(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(n), b.begin()).first - a.begin());
}

}  // namespace

ExitCode BatchVerifyResult::code() const {
    VerifyResult all;
    all.checks = {summary, summary_signatures};
    for (const VerifyResult& r : records) all.checks.insert(all.checks.end(), r.checks.begin(), r.checks.end());
    return all.code();
}

namespace {

// The checks of one batch output directory, step by step; B1 gathers what each step finds.
class BatchVerifier {
public:
    BatchVerifier(const FileSystem& fs, const std::string& dir, const std::optional<std::string>& inputs_root,
                  const VerifyOptions& options, unsigned jobs)
        : fs_(fs), dir_(dir), inputs_root_(inputs_root), options_(options), jobs_(jobs) {
        out_.summary =
            VerifyCheck{"B1", {"batch summary and record digests", "批量汇总与各结果记录的摘要"}, CheckState::pass, {}};
        out_.summary_signatures = VerifyCheck{"B2", {"summary signatures", "汇总的签名"}, CheckState::pass, {}};
        out_.trust = trust_decision(options);
    }

    BatchVerifyResult run() {
        if (!read_summary()) return std::move(out_);
        summary_signatures();
        read_entries();
        check_records();
        check_unlisted();
        if (all_read_) check_totals();
        if (out_.summary.state == CheckState::pass)
            out_.summary.details.push_back({std::to_string(out_.records.size()) + " records match the summary",
                                            std::to_string(out_.records.size()) + " 份结果记录与汇总一致"});
        return std::move(out_);
    }

private:
    void fail(Text detail) {
        out_.summary.state = CheckState::fail;
        out_.summary.details.push_back(std::move(detail));
    }
    const json* field(const char* key) const {
        return summary_.is_object() && summary_.contains(key) ? &summary_[key] : nullptr;
    }

    // summary.json, which must be a piaojue-batch-summary/1 file with entries; false when B1
    // cannot go on (B2 is then skipped).
    bool read_summary() {
        path_ = join_path(dir_, "summary.json");
        if (!fs_.exists(path_))
            throw_about(ExitCode::input, dir_,
                        {"has no summary.json: not a directory written by piaojue batch",
                         "没有 summary.json：不是 piaojue batch 写出的目录"},
                        {"name a record (result.json), or the output directory of piaojue batch (its -o OUTDIR)",
                         "请指定一份结果记录（result.json），或 piaojue batch 的输出目录（其 -o OUTDIR）"});
        bytes_ = fs_.read(path_);
        std::optional<json> parsed = detail::parse_json_or_nothing(bytes_);
        if (parsed) summary_ = std::move(*parsed);
        const json* format = field("format");
        entry_list_ = field("entries");
        if (parsed && format != nullptr && format->is_string() && format->get<std::string>() == k_summary_format &&
            entry_list_ != nullptr && entry_list_->is_array())
            return true;
        fail(!parsed ? Text{path_ + ": not JSON", path_ + "：不是 JSON"}
                     : Text{path_ + ": not a " + std::string(k_summary_format) + " file",
                            path_ + "：不是 " + std::string(k_summary_format) + " 文件"});
        out_.summary_signatures.state = CheckState::skipped;
        out_.summary_signatures.details.push_back(
            {"not checked: B1 could not read the summary", "未核验：B1 无法读取汇总"});
        return false;
    }

    // B2: the summary's signatures, with the same machinery as records (artifact batch-summary).
    void summary_signatures() {
        VerifyCheck& b2 = out_.summary_signatures;
        std::string sig_path = signature_file_name(path_);
        if (!fs_.exists(sig_path)) {
            b2.state = CheckState::skipped;
            b2.details.push_back({"no signature file " + sig_path, "没有签名文件 " + sig_path});
            return;
        }
        try {
            SignatureFile sf = parse_signature_file(fs_.read(sig_path), sig_path);
            VerifyReport rep = verify_signatures(sf, bytes_, Artifact::batch_summary);
            if (options_.trust) check_trust(*options_.trust, sf, rep);
            if (!rep.record_ok) {
                b2.state = CheckState::fail;
                b2.details.push_back(rep.record_reason);
            }
            for (const SignatureCheck& s : rep.signatures) {
                std::string who = std::string(role_name(s.role)) + " " + s.name;
                bool good = s.ok && (!options_.trust || (s.trusted && *s.trusted));
                if (!good) b2.state = CheckState::fail;
                b2.details.push_back(good ? Text{"good signature: " + who, "签名有效：" + who}
                                          : Text{"BAD or untrusted signature: " + who, "签名无效或不可信：" + who});
            }
            // Anyone can make a key: without a trust decision, no signature says who signed.
            if (out_.trust == TrustDecision::undecided) {
                if (b2.state != CheckState::fail) b2.fail_code = ExitCode::key_error;
                b2.state = CheckState::fail;
                b2.details.push_back(
                    {"signers not identified: no trust decision was made (--trust FILE, or "
                     "--no-trust for integrity only)",
                     "签名人身份未核实：未作信任决定（--trust FILE，或 --no-trust 只核验完整性）"});
            }
        } catch (const Error& e) {
            b2.state = CheckState::fail;
            b2.fail_code = ExitCode::key_error;
            b2.details.push_back(e.diagnostics().front().message);
        }
    }

    // The entries, read only as batch writes them: a record lies at `<id>/result.json` inside
    // the directory, so that an edited summary can neither point the check at another file nor
    // put its own text into the report; a field of another type fails B1 instead of stopping.
    void read_entries() {
        std::size_t number = 0;
        for (const json& e : *entry_list_) {
            std::string at = "entries[" + std::to_string(number++) + "]";
            if (!e.is_object()) {
                all_read_ = false;
                fail({at + " is not an object", at + " 不是对象"});
                continue;
            }
            std::optional<BatchEntry> entry = read_summary_entry(e);
            if (!entry) {
                all_read_ = false;
                fail({at + " is not as batch writes it: \"id\" a session id, \"record\" <id>/result.json, "
                           "\"round\", \"exit_code\" and \"seats_filled\" numbers, the other fields strings",
                      at + " 与批量命令写出的格式不符：“id”应为会议编号，“record”应为 <编号>/result.json，"
                           "“round”“exit_code”“seats_filled”应为数字，其余字段应为字符串"});
                continue;
            }
            entries_.push_back(std::move(*entry));
            entry_at_.push_back(std::move(at));
        }
    }

    // The records listed, in summary order; each is checked on its own (in parallel), and the
    // results are gathered in that order, so the report does not depend on `jobs`.
    void check_records() {
        struct Listed {
            const BatchEntry* entry;
            std::string path;
            VerifyOptions options;
        };
        std::vector<Listed> listed;
        // The entries' session paths are relative to the batch's source directory, or to the
        // manifest's folder: resolved beside a file in that directory, or beside the manifest.
        std::optional<std::string> beside;
        if (inputs_root_)
            beside = inputs_root_->ends_with('/') || fs_.is_directory(*inputs_root_) ? join_path(*inputs_root_, "x")
                                                                                     : *inputs_root_;
        for (std::size_t i = 0; i < entries_.size(); ++i) {
            const BatchEntry& e = entries_[i];
            if (e.status == BatchStatus::error) {
                // A township that failed has no record: the batch is not whole, and verify says
                // which session and why rather than passing over it.
                const std::string shown = printable_line(e.id), why = printable_line(e.error);
                fail({entry_at_[i] + ": session " + shown + " ended in an error (exit " +
                          std::to_string(static_cast<int>(e.exit_code)) + ") and has no record: " + why,
                      entry_at_[i] + "：会议 " + shown + " 出错（退出码 " +
                          std::to_string(static_cast<int>(e.exit_code)) + "），没有结果记录：" + why});
                continue;
            }
            if (!seen_.insert(e.id).second) {
                fail(
                    {entry_at_[i] + ": \"" + e.id + "\" is listed twice", entry_at_[i] + "：“" + e.id + "”被列了两次"});
                continue;
            }
            Listed l{&e, join_path(dir_, e.record_path), options_};
            if (beside)
                l.options.session_path = resolve_beside(*beside, e.item.source_name);
            else
                l.options.inputs_at_hand = false;
            listed.push_back(std::move(l));
        }
        struct Checked {
            bool missing = false;
            bool digest_differs = false;
            std::vector<Text> differences;  // the summary's fields against the record's
            VerifyResult result;
        };
        std::vector<Checked> checked(listed.size());
        detail::parallel_for(listed.size(), jobs_, [&](std::size_t i) {
            const Listed& l = listed[i];
            if (!fs_.exists(l.path)) {
                checked[i].missing = true;
                return;
            }
            std::string rbytes = fs_.read(l.path);
            const std::string& want = l.entry->record_digest;
            auto colon = want.find(':');
            auto algo = parse_digest_name(want.substr(0, colon == std::string::npos ? 0 : colon));
            checked[i].digest_differs = !algo || to_hex(digest(*algo, rbytes)) != want.substr(colon + 1);
            std::optional<RoundRecord> parsed;
            checked[i].result = detail::verify_record_bytes(fs_, l.path, l.options, std::move(rbytes), parsed);
            // A record that is not one has nothing to compare: V1 says why.
            if (parsed) checked[i].differences = summary_differences(*l.entry, *parsed);
        });
        for (std::size_t i = 0; i < listed.size(); ++i) {
            const std::string& rel = listed[i].entry->record_path;
            if (checked[i].missing) {
                fail({rel + ": listed in the summary but missing", rel + "：汇总中列出但文件不存在"});
                continue;
            }
            if (checked[i].digest_differs) {
                // the summary's text, shown as text
                std::string want = printable_line(listed[i].entry->record_digest);
                fail({rel + ": digest differs from the summary's " + want, rel + "：摘要与汇总所记 " + want + " 不符"});
            }
            for (Text& d : checked[i].differences) fail(std::move(d));
            out_.records.push_back(std::move(checked[i].result));
        }
    }

    // A record in the directory that the summary does not list: the roll-up leaves it out.
    void check_unlisted() {
        for (const std::string& rel : unlisted_records(fs_, dir_, seen_)) {
            std::string shown = printable_line(rel);
            fail({shown + ": a record in the directory that the summary does not list",
                  shown + "：目录中有这份结果记录，但汇总未列出"});
        }
    }

    // The totals, and the bytes: summary.json and summary.csv must be what batch writes for
    // these entries, so that neither a total nor the spreadsheet's copy can be edited alone.
    void check_totals() {
        std::string version;
        if (const json* g = field("generator");
            g != nullptr && g->is_object() && g->contains("version") && (*g)["version"].is_string())
            version = (*g)["version"].get<std::string>();
        // The CSV's style, as summary.json names it (none: a summary of piaojue 0.1.0).
        SummaryStyle style;
        style.legacy = true;
        if (const json* csv = field("csv"); csv != nullptr && csv->is_object()) {
            const json* lang = csv->contains("lang") ? &(*csv)["lang"] : nullptr;
            const json* encoding = csv->contains("encoding") ? &(*csv)["encoding"] : nullptr;
            std::optional<Encoding> e = encoding != nullptr && encoding->is_string()
                                            ? parse_encoding(encoding->get<std::string>())
                                            : std::nullopt;
            if (lang != nullptr && lang->is_string() && (*lang == "zh" || *lang == "en") && e) {
                style.legacy = false;
                style.lang = *lang == "zh" ? Lang::zh : Lang::en;
                style.encoding = *e;
            }
        }
        RenderedSummary expected = render_summary(entries_, version, style);
        auto total_differs = [&](const char* key, const json& want) {
            const json* have = field(key);
            if (have != nullptr && *have == want) return false;
            // The file's value, as JSON text (control characters escaped), cut short if long.
            std::string was = have == nullptr ? "" : have->dump(-1, ' ', false, json::error_handler_t::replace);
            if (utf8_length(was) > 80) was = std::string(utf8_prefix(was, 80)) + "…";
            fail({std::string("summary.json: \"") + key + "\" is " + (have == nullptr ? "missing" : was) +
                      ", but its entries give " + want.dump(),
                  std::string("summary.json：“") + key + "”" + (have == nullptr ? "缺失" : "为 " + was) +
                      "，但按其条目应为 " + want.dump()});
            return true;
        };
        bool totals_differ = total_differs("sessions", entries_.size());
        totals_differ = total_differs("exit_code", static_cast<int>(expected.exit_code)) || totals_differ;
        totals_differ = total_differs("by_status", expected.by_status) || totals_differ;
        if (!std::is_sorted(entries_.begin(), entries_.end(), summary_order))
            fail({"summary.json: the entries are not in the order of their ids, as batch writes them",
                  "summary.json：条目未按编号排序，与批量命令写出的不符"});
        else if (!totals_differ && bytes_ != expected.json)
            fail(
                {"summary.json: not as piaojue batch writes it for its entries (a field added, removed, moved or "
                 "reformatted)",
                 "summary.json：与 piaojue batch 为这些条目写出的内容不同（字段被增删、移动或格式被改动）"});
        std::string csv_path = join_path(dir_, "summary.csv");
        if (!fs_.exists(csv_path)) {
            fail({"summary.csv: missing", "summary.csv：文件不存在"});
        } else if (std::string csv = fs_.read(csv_path); csv != expected.csv) {
            std::size_t line =
                1 +
                static_cast<std::size_t>(std::count(
                    csv.begin(), csv.begin() + static_cast<std::ptrdiff_t>(common_prefix(csv, expected.csv)), '\n'));
            fail({"summary.csv: line " + std::to_string(line) + " differs from summary.json",
                  "summary.csv：第 " + std::to_string(line) + " 行与 summary.json 不符"});
        }
    }

    const FileSystem& fs_;
    const std::string& dir_;
    const std::optional<std::string>& inputs_root_;
    const VerifyOptions& options_;
    unsigned jobs_;
    BatchVerifyResult out_;
    std::string path_;   // summary.json
    std::string bytes_;  // its bytes
    json summary_;
    const json* entry_list_ = nullptr;
    std::vector<BatchEntry> entries_;
    std::vector<std::string> entry_at_;  // "entries[N]" of each, for the report
    bool all_read_ = true;
    std::set<std::string> seen_;  // ids of the records listed
};

}  // namespace

BatchVerifyResult verify_batch(const FileSystem& fs, const std::string& dir,
                               const std::optional<std::string>& inputs_root, const VerifyOptions& options,
                               unsigned jobs) {
    return BatchVerifier(fs, dir, inputs_root, options, jobs).run();
}

std::string render_batch_verify(const BatchVerifyResult& r, Lang lang) {
    std::string out;
    for (const VerifyCheck* c : {&r.summary, &r.summary_signatures}) {
        out += c->id + "  " + std::string(check_state_name(c->state)) + "  " + c->title.in(lang) + "\n";
        for (const Text& d : c->details) out += "        " + d.in(lang) + "\n";
    }
    std::size_t bad = 0;
    for (const VerifyResult& v : r.records) {
        ExitCode code = v.code();
        if (code == ExitCode::ok) continue;
        ++bad;
        out += render_verify(v, lang);
    }
    out += (lang == Lang::zh ? "结果记录 " : "Records: ") + std::to_string(r.records.size()) +
           (lang == Lang::zh ? " 份，未通过 " : ", failed: ") + std::to_string(bad) + "\n";
    out += detail::verdict(r.code(), r.trust, lang);
    return out;
}

}  // namespace piaojue
