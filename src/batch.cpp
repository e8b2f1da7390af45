#include <piaojue/batch.hpp>
#include <piaojue/csv.hpp>
#include <piaojue/text.hpp>
#include <piaojue/version.hpp>

#include "parallel.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <mutex>
#include <set>

namespace piaojue {

using json = nlohmann::ordered_json;

int more_serious(int a, int b) {
    // index = exit code: 1 > 9 > 8 > 10 > 3 > 7 > 4 > 5 > 6 > 0
    static constexpr int k_rank[] = {0, 9, 0, 5, 3, 2, 1, 4, 7, 8, 6};
    auto rank = [](int c) { return c >= 0 && c <= 10 ? k_rank[c] : 9; };
    return rank(a) >= rank(b) ? a : b;
}

std::string csv_cell(std::string_view cell) {
    std::string s(cell);
    if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r'))
        s.insert(0, "'");
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) {
        q += c;
        if (c == '"') q += '"';
    }
    return q + "\"";
}

std::vector<BatchItem> find_sessions(const FileSystem& fs, const std::string& source) {
    std::vector<BatchItem> out;
    if (fs.is_directory(source)) {
        std::string prefix = source.ends_with('/') ? source : source + "/";
        for (const std::string& f : fs.list_files(source, true))
            if (base_name(f) == "session.toml") out.push_back({f, f.starts_with(prefix) ? f.substr(prefix.size()) : f});
        if (out.empty())
            throw_input_error(
                source, 0, 0, {"no session.toml below this directory", "该目录下没有 session.toml"},
                {"name the directory that holds one folder per township", "请指定每个乡镇一个子目录的上级目录"});
        return out;
    }
    if (!fs.exists(source))
        throw_input_error(source, 0, 0, {"no such directory or manifest", "目录或清单文件不存在"},
                          {"name the directory that holds one folder per township, or a CSV manifest with a column "
                           "\"session\"",
                           "请指定每个乡镇一个子目录的上级目录，或含“session”列的 CSV 清单"});
    auto raw = fs.open(source);
    CsvReader csv(*raw, source);
    if (!csv.next())
        throw_input_error(source, 0, 0, {"the manifest is empty", "清单为空"},
                          {"the first row must be: session", "第一行应为：session"});
    TableShape shape(csv);
    std::optional<std::size_t> col;
    for (std::size_t i = 0; i < shape.width(); ++i)
        if (trim(csv.fields()[i].text) == "session" || trim(csv.fields()[i].text) == "会议文件") col = i;
    if (!col)
        throw Error(ExitCode::input, csv.at_record({"the manifest has no column \"session\"", "清单没有“session”列"},
                                                   {"list one session.toml path per row under a header \"session\"",
                                                    "请在表头“session”下每行列出一个 session.toml 的路径"}));
    ErrorCollector errors;
    std::map<std::string, std::size_t> listed;  // session path → manifest line
    while (csv.next()) {
        if (csv.blank()) continue;
        if (!shape.check_row(csv, errors)) continue;
        std::string rel(trim(csv.fields()[*col].text));
        if (rel.empty()) {
            errors.add(csv.at(*col, {"empty session path", "会议文件路径为空"}, {"fill in the path", "请填写路径"}));
            continue;
        }
        if (auto [it, fresh] = listed.emplace(rel, csv.line()); !fresh) {
            errors.add(csv.at(*col,
                              {"\"" + rel + "\" is listed twice (also on line " + std::to_string(it->second) + ")",
                               "“" + rel + "”被列了两次（另见第 " + std::to_string(it->second) + " 行）"},
                              {"list each session once", "每个会议只列一次"}));
            continue;
        }
        out.push_back({resolve_beside(source, rel), rel});
    }
    errors.checkpoint();
    if (out.empty())
        throw_input_error(source, 0, 0, {"the manifest lists no session", "清单中没有会议文件"},
                          {"add rows", "请添加行"});
    return out;
}

std::string_view name(BatchStatus s) {
    switch (s) {
        case BatchStatus::final_:
            return name(Outcome::final_);
        case BatchStatus::tie:
            return name(Outcome::tie);
        case BatchStatus::shortfall:
            return name(Outcome::shortfall);
        case BatchStatus::void_:
            return name(Outcome::void_);
        case BatchStatus::no_quorum:
            return name(Outcome::no_quorum);
        case BatchStatus::slate_rejected:
            return name(Outcome::slate_rejected);
        case BatchStatus::error:
            return "error";
    }
    return "?";
}

BatchStatus batch_status(Outcome outcome) {
    switch (outcome) {
        case Outcome::final_:
            return BatchStatus::final_;
        case Outcome::tie:
            return BatchStatus::tie;
        case Outcome::shortfall:
            return BatchStatus::shortfall;
        case Outcome::void_:
            return BatchStatus::void_;
        case Outcome::no_quorum:
            return BatchStatus::no_quorum;
        case Outcome::slate_rejected:
            return BatchStatus::slate_rejected;
    }
    return BatchStatus::error;
}

std::optional<BatchStatus> parse_batch_status(std::string_view s) {
    if (s == "error") return BatchStatus::error;
    if (std::optional<Outcome> o = parse_outcome(s)) return batch_status(*o);
    return std::nullopt;
}

ExitCode more_serious(ExitCode a, ExitCode b) {
    return static_cast<ExitCode>(more_serious(static_cast<int>(a), static_cast<int>(b)));
}

namespace {

BatchEntry error_entry(const BatchItem& item, const Error& e) {
    BatchEntry b;
    b.item = item;
    b.id = item.source_name;
    b.status = BatchStatus::error;
    b.exit_code = e.code();
    // The roll-up is signed and compared: its text must not depend on how the source folder was
    // named (`batch src`, `batch ./src`, `batch /abs/src`). A file the error names inside the
    // source is written relative to it, as the entry's `session` is.
    const std::string& opened = item.session_path;
    const std::string prefix =
        opened.ends_with(item.source_name) ? opened.substr(0, opened.size() - item.source_name.size()) : std::string();
    Diagnostic first = e.diagnostics().front();
    if (!prefix.empty() && first.file.starts_with(prefix)) first.file.erase(0, prefix.size());
    b.error = diagnostic_line(first, Lang::en);
    b.error_zh = diagnostic_line(first, Lang::zh);
    b.error_code = first.code.empty() ? std::string(general_code(e.code())) : first.code;
    b.diagnostics = e.diagnostics();
    return b;
}

// An error about `session`'s id, pointing at the id in its session file.
Diagnostic at_id(const BatchItem& item, const Session& session, Text message, Text hint) {
    Diagnostic d =
        diagnostic_at(item.session_path, session.id_at.line, session.id_at.column, std::move(message), std::move(hint));
    d.source_line = session.id_at.text;
    return d;
}

// Before anything is written: every session's output path OUTDIR/<id>/ must be its own, on any
// file system (ids that differ only in letter case are one directory on FAT, exFAT, NTFS and
// macOS), and must not be a name of the roll-up; the roll-up's own paths must not be directories.
void check_output_names(const FileSystem& fs, const std::vector<BatchItem>& items,
                        const std::vector<std::optional<Session>>& sessions, const std::string& output_dir) {
    std::map<std::string, std::size_t> ids;  // folded id → first session with it
    std::vector<Diagnostic> errors;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (!sessions[i]) continue;
        const Session& s = *sessions[i];
        std::string folded = fold_key(s.id);
        if (std::find(k_summary_names.begin(), k_summary_names.end(), folded) != k_summary_names.end()) {
            errors.push_back(at_id(items[i], s,
                                   {"session id \"" + s.id + "\" is a name of the batch's roll-up in OUTDIR",
                                    "会议编号“" + s.id + "”与 OUTDIR 中批量汇总文件的名称相同"},
                                   {"give the session another id; records go to OUTDIR/<id>/",
                                    "请给该会议换一个编号；结果记录写到 OUTDIR/<编号>/"}));
            continue;
        }
        auto [it, fresh] = ids.emplace(folded, i);
        if (fresh) continue;
        const Session& first = *sessions[it->second];
        const std::string& other = items[it->second].session_path;
        if (first.id == s.id)
            errors.push_back(at_id(
                items[i], s,
                {"session id \"" + s.id + "\" is also used by " + other, "会议编号“" + s.id + "”与 " + other + " 重复"},
                {"give every session its own id; records go to OUTDIR/<id>/",
                 "每个会议应有不同的编号；结果记录写到 OUTDIR/<编号>/"}));
        else
            errors.push_back(
                at_id(items[i], s,
                      {"session id \"" + s.id + "\" differs only in letter case from \"" + first.id + "\" in " + other +
                           "; a file system that ignores case would put both records in one directory",
                       "会议编号“" + s.id + "”与 " + other + " 的“" + first.id +
                           "”仅有大小写不同；不区分大小写的文件系统会把两份结果记录写进同一个目录"},
                      {"give every session an id of its own, not only in letter case",
                       "每个会议应有不同的编号，不能只差大小写"}));
    }
    if (!errors.empty()) throw Error(ExitCode::input, std::move(errors));
    for (std::string_view name : k_summary_names) {
        std::string path = join_path(output_dir, std::string(name));
        if (fs.is_directory(path))
            throw Error(ExitCode::write_failed, diagnostic_about(path, {"is a directory", "是一个目录"},
                                                                 {"remove it, or choose another output directory",
                                                                  "请删除它，或换一个输出目录"}));
    }
}

}  // namespace

BatchResult run_batch(FileSystem& fs, const std::vector<BatchItem>& items, const BatchOptions& options) {
    std::vector<std::optional<Session>> sessions(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        try {
            sessions[i] = parse_session(fs.read(items[i].session_path), items[i].session_path);
        } catch (const Error&) {
            // reported for this township below; the others go on
        }
    }
    check_output_names(fs, items, sessions, options.output_dir);

    std::vector<BatchEntry> entries(items.size());
    // The records to write, made durable together after the tallies (FileSystem::write_each_atomic:
    // two syncs per few hundred records instead of two per record); `records[i]` is the record
    // of session i (written or kept), for on_record.
    std::vector<std::string> records(items.size());
    std::vector<bool> to_write(items.size(), false);
    // Rounds of one vote found in one source (round-2/ naming ../round-1/result.json) run in
    // order, and so do a vote and its evaluation (2027/ naming ../2026/result.json): a session whose `previous` is the
    // record another session of the batch would have beside it waits for that one, and reads the record this run made
    // of it. Waves: those that wait for nothing first, then those that wait for the first wave, and so on.
    std::vector<std::optional<std::size_t>> waits_for(items.size());
    {
        std::map<std::string, std::size_t> by_record;
        for (std::size_t i = 0; i < items.size(); ++i)
            if (sessions[i]) by_record.emplace(fs.resolved_path(default_record_path(items[i].session_path)), i);
        for (std::size_t j = 0; j < items.size(); ++j) {
            // A later round waits for its previous round; an evaluation for the vote that chose
            // its projects (`selection`), when that vote is in the batch too.
            if (!sessions[j]) continue;
            const std::optional<std::string>& link =
                sessions[j]->previous ? sessions[j]->previous : sessions[j]->selection;
            if (!link) continue;
            auto it = by_record.find(fs.resolved_path(resolve_beside(items[j].session_path, *link)));
            if (it != by_record.end() && it->second != j) waits_for[j] = it->second;
        }
    }
    std::vector<std::size_t> wave(items.size(), 0);
    for (std::size_t pass = 0; pass < items.size(); ++pass) {  // a chain is at most items.size() long
        bool moved = false;
        for (std::size_t j = 0; j < items.size(); ++j)
            if (waits_for[j] && wave[j] <= wave[*waits_for[j]] && wave[*waits_for[j]] < items.size()) {
                wave[j] = wave[*waits_for[j]] + 1;
                moved = true;
            }
        if (!moved) break;
    }
    const std::size_t waves = items.empty() ? 0 : *std::max_element(wave.begin(), wave.end()) + 1;

    std::size_t done = 0;
    std::mutex mutex;
    ReadOptions read = options.read;
    for (std::size_t w = 0; w < waves; ++w) {
        std::vector<std::size_t> now;
        for (std::size_t i = 0; i < items.size(); ++i)
            if (wave[i] == w) now.push_back(i);
        detail::parallel_for(now.size(), options.jobs, [&](std::size_t k) {
            const std::size_t i = now[k];
            BatchEntry e;
            try {
                RoundResult r = tally_round(fs, items[i].session_path, read);
                const RoundSetup& s = r.round.setup;
                e.item = items[i];
                e.id = s.session.id;
                e.body = s.session.body;
                e.round = s.round;
                e.status = batch_status(r.round.decision.outcome);
                e.exit_code = exit_code(r.round.decision.outcome);
                e.seats_filled = static_cast<Count>(r.round.decision.cumulative.size());
                e.budget_adopted = r.round.decision.budget_selected.to_string();
                e.evaluation = s.evaluation();
                if (e.evaluation) evaluation_summary(r.round, e.verdicts, e.overall_rate);
                e.record_path = e.id + "/result.json";
                e.record_digest =
                    std::string(digest_name(s.rules.digest)) + ":" + to_hex(digest(s.rules.digest, r.record));
                std::string path = join_path(options.output_dir, e.record_path);
                bool same = false, differs = false;  // neither when there is no readable file at `path`
                if (fs.exists(path)) {
                    try {
                        same = fs.read(path) == r.record;
                        differs = !same;
                    } catch (const Error&) {
                        // a directory or an unreadable file: writing it below says what it is
                    }
                }
                if (same) {
                    e.kept = true;  // an earlier run finished this one; the bytes still match
                } else {
                    if (differs && !options.force)
                        throw Error(
                            ExitCode::write_failed,
                            diagnostic_about(
                                path,
                                {"exists and differs from this run's tally of " + items[i].session_path +
                                     "; --force replaces it",
                                 "已存在，且与本次对 " + items[i].session_path + " 的计票结果不同；加 --force 可替换"},
                                {"the inputs changed since it was written, or it is another piaojue version's or "
                                 "another session's record: check it with piaojue verify " +
                                     path + " before replacing it",
                                 "可能是输入已改动、piaojue 版本不同，或并非该会议的结果记录：替换前请用 piaojue "
                                 "verify " +
                                     path + " 核对"}));
                    fs.make_directories(join_path(options.output_dir, e.id));
                    to_write[i] = true;
                }
                records[i] = std::move(r.record);
            } catch (const Error& err) {
                e = error_entry(items[i], err);
                if (sessions[i]) e.id = sessions[i]->id, e.body = sessions[i]->body;
            } catch (const std::exception& ex) {
                e = error_entry(items[i], Error(ExitCode::internal, Diagnostic{.message = {ex.what(), ex.what()}}));
            }
            entries[i] = std::move(e);
            std::lock_guard lock(mutex);
            ++done;
            if (options.progress) options.progress(done, items.size());
        });
        // The next wave's previous rounds.
        for (std::size_t i : now)
            if (!entries[i].record_path.empty())
                read.known_records[fs.resolved_path(default_record_path(items[i].session_path))] = records[i];
    }

    std::vector<OutputFile> outputs;
    std::vector<std::size_t> written;  // the session of each output
    for (std::size_t i = 0; i < items.size(); ++i)
        if (to_write[i]) {
            outputs.push_back(OutputFile{join_path(options.output_dir, entries[i].record_path), records[i]});
            written.push_back(i);
        }
    const std::vector<std::optional<Error>> failed = fs.write_each_atomic(outputs, options.force);
    for (std::size_t k = 0; k < written.size(); ++k)
        if (failed[k]) {
            const std::size_t i = written[k];
            BatchEntry e = error_entry(items[i], *failed[k]);
            e.id = entries[i].id, e.body = entries[i].body;
            entries[i] = std::move(e);
        }
    if (options.on_record)
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (entries[i].record_path.empty()) continue;
            try {
                options.on_record(join_path(options.output_dir, entries[i].record_path), records[i]);
            } catch (const Error& err) {
                BatchEntry e = error_entry(items[i], err);
                e.id = entries[i].id, e.body = entries[i].body;
                entries[i] = std::move(e);
            }
        }

    // The roll-up: sorted by id, so bytes do not depend on -j or on the order of the walk.
    std::sort(entries.begin(), entries.end(), summary_order);
    RenderedSummary rollup = render_summary(entries, std::string(k_version), options.summary);
    BatchResult result;
    std::set<std::string> listed;  // ids with a record
    for (const BatchEntry& e : entries)
        if (!e.record_path.empty()) listed.insert(e.id);
    result.unlisted_records = unlisted_records(fs, options.output_dir, listed);
    result.summary_json = std::move(rollup.json);
    result.summary_csv = std::move(rollup.csv);
    result.exit_code = rollup.exit_code;
    result.entries = std::move(entries);
    return result;
}

std::vector<std::string> unlisted_records(const FileSystem& fs, const std::string& dir,
                                          const std::set<std::string>& listed) {
    std::vector<std::string> out;
    for (const std::string& name : fs.list_directories(dir)) {
        if (listed.contains(name)) continue;
        std::string rel = name + "/result.json", path = join_path(dir, rel);
        if (fs.exists(path) && !fs.is_directory(path)) out.push_back(std::move(rel));
    }
    return out;
}

bool summary_order(const BatchEntry& a, const BatchEntry& b) {
    return a.id != b.id ? a.id < b.id : a.item.source_name < b.item.source_name;
}

namespace {

// A status as summary.csv words it in Chinese.
std::string_view status_zh(BatchStatus s) {
    switch (s) {
        case BatchStatus::final_:
            return "已定";
        case BatchStatus::tie:
            return "票数相同，需再次票决";
        case BatchStatus::shortfall:
            return "缺额，需另行票决";
        case BatchStatus::void_:
            return "票决无效，需重新票决";
        case BatchStatus::no_quorum:
            return "不足法定人数";
        case BatchStatus::slate_rejected:
            return "候选项目名单不符合规定";
        case BatchStatus::error:
            return "出错";
    }
    return "?";
}

}  // namespace

void evaluation_summary(const RoundRecord& round, std::vector<std::pair<std::string, Count>>& verdicts,
                        std::string& overall_rate) {
    verdicts.clear();
    for (const std::string& level : round.setup.rules.levels) verdicts.emplace_back(level, 0);
    overall_rate.clear();
    if (!round.decision.evaluation) return;
    for (const ProjectEvaluation& p : round.decision.evaluation->projects) ++verdicts[p.verdict].second;
    overall_rate = round.decision.evaluation->overall_rate.value_or("");
}

RenderedSummary render_summary(const std::vector<BatchEntry>& entries, const std::string& version,
                               const SummaryStyle& style) {
    RenderedSummary out;
    json list = json::array();
    const bool zh = !style.legacy && style.lang == Lang::zh;
    std::string csv = style.legacy || style.encoding == Encoding::gb18030 ? "" : "\xEF\xBB\xBF";
    // Two columns more when the batch holds a satisfaction evaluation: its verdicts and rate.
    const bool evaluations =
        std::any_of(entries.begin(), entries.end(), [](const BatchEntry& e) { return e.evaluation; });
    csv += zh ? "会议编号,人大名称,轮次,结果,退出码,累计入选项目数,入选项目预算（万元）,结果记录,结果记录摘要,会议文件,"
                "错误"
              : "id,body,round,status,exit_code,seats_filled,budget_adopted,record,record_digest,session,error";
    if (evaluations) csv += zh ? ",测评结果,总体满意率（%）" : ",verdicts,overall_rate";
    csv += "\r\n";
    for (const BatchEntry& e : entries) {
        out.exit_code = more_serious(out.exit_code, e.exit_code);
        const std::string status(name(e.status));
        ++out.by_status[status];
        json j = {{"id", e.id},       {"body", e.body},   {"session", e.item.source_name},
                  {"round", e.round}, {"status", status}, {"exit_code", static_cast<int>(e.exit_code)}};
        if (e.status != BatchStatus::error) {
            j["seats_filled"] = e.seats_filled;
            j["budget_adopted"] = e.budget_adopted;
            if (e.evaluation) {
                j["kind"] = name(VoteKind::satisfaction);
                json verdicts = json::object();
                for (const auto& [level, count] : e.verdicts) verdicts[level] = count;
                j["verdicts"] = verdicts;
                j["overall_rate"] = e.overall_rate.empty() ? json(nullptr) : json(e.overall_rate);
            }
            j["record"] = e.record_path;
            j["record_digest"] = e.record_digest;
        } else {
            j["error"] = e.error;
            if (!style.legacy) j["error_zh"] = e.error_zh;
            if (!style.legacy && !e.error_code.empty()) j["error_code"] = e.error_code;
        }
        list.push_back(std::move(j));
        csv += csv_cell(e.id) + ',' + csv_cell(e.body) + ',' + std::to_string(e.round) + ',' +
               csv_cell(zh ? std::string(status_zh(e.status)) : status) + ',' +
               std::to_string(static_cast<int>(e.exit_code)) + ',' + std::to_string(e.seats_filled) + ',' +
               csv_cell(e.budget_adopted) + ',' + csv_cell(e.record_path) + ',' + csv_cell(e.record_digest) + ',' +
               csv_cell(e.item.source_name) + ',' + csv_cell(zh ? e.error_zh : e.error);
        if (evaluations) {
            std::string verdicts;
            for (const auto& [level, count] : e.verdicts)
                verdicts += (verdicts.empty() ? "" : zh ? "；" : "; ") + level + ' ' + std::to_string(count);
            csv += ',' + csv_cell(verdicts) + ',' + csv_cell(e.overall_rate);
        }
        csv += "\r\n";
    }
    json summary;
    summary["format"] = k_summary_format;
    summary["generator"] = {{"name", k_name}, {"version", version}};
    summary["digest"] = "sha256";
    if (!style.legacy)
        summary["csv"] = {{"lang", style.lang == Lang::zh ? "zh" : "en"},
                          {"encoding", std::string(encoding_name(style.encoding))}};
    summary["sessions"] = entries.size();
    summary["exit_code"] = static_cast<int>(out.exit_code);
    summary["by_status"] = out.by_status;
    summary["entries"] = list;
    out.json = summary.dump(2, ' ', false, json::error_handler_t::strict) + "\n";
    out.csv = style.encoding == Encoding::gb18030 && !style.legacy ? encode_gb18030(csv) : std::move(csv);
    return out;
}

}  // namespace piaojue
