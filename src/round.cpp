#include <piaojue/error.hpp>
#include <piaojue/round.hpp>

#include "bounded_worker.hpp"
#include "chunked_tally.hpp"

#include <piaojue/keying.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace piaojue {

namespace {

// Passes bytes through while digesting them: digests are always of the raw input bytes.
//
// Past the first k_inline_bytes the digest moves to a thread of its own: for a large ballots
// file it costs about a tenth of the parsing (50 MB at ~1 GB/s), and the parsing thread is the
// critical path. Chunks are copied and queued, at most k_max_queued at a time, so memory stays
// bounded; a meeting's file never starts the thread.
class HashingSource final : public Source {
public:
    HashingSource(Source& raw, DigestAlgo algo)
        : raw_(raw),
          hasher_(algo),
          digester_(
              [this](std::string& chunk) {
                  hasher_.update(chunk.data(), chunk.size());
                  chunk.clear();
              },
              k_max_queued) {}

    std::size_t read(char* buffer, std::size_t size) override {
        std::size_t n = raw_.read(buffer, size);
        if (n == 0) return 0;
        inline_bytes_ += n;
        if (inline_bytes_ <= k_inline_bytes) {
            hasher_.update(buffer, n);
            return n;
        }
        current_.append(buffer, n);
        if (current_.size() >= k_chunk_bytes) hand_off();
        return n;
    }

    // Digests what is left, ends the thread; rethrows what digesting threw on it.
    [[nodiscard]] Digest finish() {
        if (!current_.empty()) hand_off();
        digester_.drain();
        return hasher_.finish();
    }

private:
    static constexpr std::size_t k_inline_bytes = 256 * 1024;
    // 128 KiB handed over at a time (~400 wake-ups for 50 MB), at most 8 queued: the buffers in
    // flight are touched once and recycled, and each fresh page is a fault (docs/design.md).
    static constexpr std::size_t k_chunk_bytes = 128 * 1024;
    static constexpr std::size_t k_max_queued = 8;

    void hand_off() {
        current_ = digester_.hand_over(std::move(current_));
        current_.reserve(k_chunk_bytes + (std::size_t{1} << 16));
    }

    Source& raw_;
    Hasher hasher_;
    std::size_t inline_bytes_ = 0;
    std::string current_;  // read since the last hand-off
    // Last: destroyed first, so its thread ends before hasher_ goes.
    detail::BoundedWorker<std::string> digester_;
};

// Reads the session's candidate list, digesting its raw bytes.
std::vector<Candidate> read_candidates(const FileSystem& fs, const std::string& path, Encoding encoding,
                                       DigestAlgo algo, std::string& hex, bool projects = false) {
    auto raw = fs.open(path);
    HashingSource hashing(*raw, algo);
    DecodingSource text(hashing, encoding, path);
    auto candidates = parse_candidates(text, path, projects);
    char rest[4096];
    while (hashing.read(rest, sizeof rest) > 0) {
    }
    hex = to_hex(hashing.finish());
    return candidates;
}

// A ballots file larger than this is parsed in chunks on several threads; a meeting's (a few
// kilobytes) never starts one.
constexpr std::size_t k_chunked_min_bytes = std::size_t{256} << 10;

// Up to `limit` + 1 bytes of `text`: more than `limit` tells that the file is larger. Read 4 KiB
// first, then as much again as is read: a meeting's file of a few kilobytes touches two pages,
// not the limit's sixty-five (a fresh page is a fault of ~11 µs here).
std::string read_head(Source& text, std::size_t limit) {
    std::string head;
    while (head.size() <= limit &&
           read_append(text, head, std::min(limit + 1 - head.size(), std::max<std::size_t>(head.size(), 4096))) > 0) {
    }
    return head;
}

BallotCounts count_sequentially(Source& text, const std::string& path, const RoundSetup& setup,
                                const std::vector<std::string>& ids) {
    BallotReader reader(text, path, ids, setup.session.ballots_returned, &setup.marks);
    BallotCounter counter(setup);
    Ballot ballot;
    while (reader.next(ballot)) counter.add(ballot);
    reader.finish();
    return counter.finish();
}

// The ballots file's counts and the digest of its raw bytes: in chunks on `threads` threads
// when it is large and UTF-8, and read again by the one-thread reader whenever the chunked
// path gives up (src/chunked_tally.hpp), so that every error is reported as that reader does.
BallotCounts count_ballots(const FileSystem& fs, const std::string& path, const RoundSetup& setup,
                           const ReadOptions& options, Encoding encoding, std::string& hex) {
    std::vector<std::string> ids;
    for (const Candidate& c : setup.candidates) ids.push_back(c.id);
    {
        auto raw = fs.open(path);
        HashingSource hashing(*raw, setup.rules.digest);
        DecodingSource text(hashing, encoding, path);
        std::string head;
        // A session's own mark table is read by the one-thread reader: such files are a meeting's.
        if (options.parse_threads != 1 && encoding == Encoding::utf8 && setup.marks.standard)
            head = read_head(text, k_chunked_min_bytes);
        // The cores are counted only for a large file (a meeting's never asks: ~10 µs here).
        unsigned threads = 1;
        if (head.size() > k_chunked_min_bytes)
            threads = options.parse_threads != 0 ? options.parse_threads : std::clamp(options.cores(), 1u, 8u);
        if (threads == 1) {
            PrefixSource all(head, text);
            BallotCounts counts = count_sequentially(all, path, setup, ids);
            hex = to_hex(hashing.finish());
            return counts;
        }
        detail::ChunkedOptions chunked;
        chunked.workers = threads;
        if (auto counts = detail::tally_chunked(std::move(head), text, path, setup, ids, setup.session.ballots_returned,
                                                chunked)) {
            hex = to_hex(hashing.finish());
            return std::move(*counts);
        }
    }
    auto raw = fs.open(path);
    HashingSource hashing(*raw, setup.rules.digest);
    DecodingSource text(hashing, encoding, path);
    BallotCounts counts = count_sequentially(text, path, setup, ids);
    hex = to_hex(hashing.finish());
    return counts;
}

// A notice when the ballots file's project columns are in another order than the list's: a
// swapped header is the classic keying slip (the marks go to the wrong projects), though a
// reordered header keyed as headed is fine. Not an error; a header that cannot be read is left
// to the count to report.
void column_order_notice(const FileSystem& fs, const std::string& path, Encoding encoding, const RoundSetup& setup,
                         std::vector<Diagnostic>& notices) {
    std::vector<std::string> ids;
    for (const Candidate& c : setup.candidates) ids.push_back(c.id);
    try {
        DecodingSource text(fs.open(path), encoding, path);
        BallotReader header(text, path, ids, BallotReader::k_any_rows, &setup.marks);
        if (auto notice = header.column_order_notice()) notices.push_back(std::move(*notice));
    } catch (const Error&) {
    }
}

[[noreturn]] void previous_error(const std::string& file, const std::string& en, const std::string& zh,
                                 const std::string& hint_en, const std::string& hint_zh) {
    throw_input_error(file, 0, 0, {en, zh}, {hint_en, hint_zh}, {}, "E_PREVIOUS_RECORD");
}

// The record of the vote that chose an evaluation's projects (`selection = …`): the projects
// evaluated must be the ones it adopted, by id and name, each once.
void check_selection_link(const FileSystem& fs, const std::string& session_path, const ReadOptions& options,
                          LoadedRound& out) {
    const Session& s = out.setup.session;
    const std::string path = resolve_beside(session_path, *s.selection);
    const auto known = options.known_records.empty() ? options.known_records.end()
                                                     : options.known_records.find(fs.resolved_path(path));
    if (known == options.known_records.end() && !fs.exists(path))
        previous_error(
            path,
            "the record of the vote that chose the projects does not exist (selection = \"" + *s.selection + "\" in " +
                base_name(session_path) + ")",
            "选定项目的票决结果记录不存在（" + base_name(session_path) + " 中的 selection = \"" + *s.selection + "\"）",
            "name that vote's result.json, or remove selection = …",
            "请指明那次票决的 result.json，或删去 selection = …");
    const std::string bytes = known != options.known_records.end() ? known->second : fs.read(path);
    const RoundRecord chose = parse_record(bytes, path);
    if (chose.setup.evaluation() || chose.decision.outcome != Outcome::final_)
        previous_error(path, "selection names a record that is not a decided selection vote",
                       "selection 指明的不是已有结果的项目票决记录",
                       "name the record of the vote's last round (outcome final)",
                       "请指明该次票决最后一轮（结果为 final）的结果记录");
    const std::string projects = resolve_beside(session_path, *s.projects);
    std::map<std::string, const SelectedProject*> adopted;
    for (const SelectedProject& p : chose.decision.cumulative) adopted.emplace(p.id, &p);
    std::set<std::string> seen;
    for (const Candidate& c : out.setup.candidates) {
        auto it = adopted.find(c.id);
        if (it == adopted.end())
            previous_error(projects,
                           "project " + c.id + " (" + c.name + ") was not adopted by the vote in " + *s.selection,
                           "项目 " + c.id + "（" + c.name + "）不是 " + *s.selection + " 中票决入选的项目",
                           "evaluate the projects that vote adopted, by their ids", "请按编号测评该次票决入选的项目");
        if (it->second->name != c.name)
            previous_error(
                projects,
                "project " + c.id + " is named \"" + c.name + "\" here but \"" + it->second->name + "\" in " +
                    *s.selection,
                "项目 " + c.id + " 在此名为“" + c.name + "”，而在 " + *s.selection + " 中为“" + it->second->name + "”",
                "use the name the vote adopted", "请使用票决入选时的项目名称");
        seen.insert(c.id);
    }
    for (const SelectedProject& p : chose.decision.cumulative)
        if (!seen.contains(p.id))
            previous_error(projects,
                           "project " + p.id + " (" + p.name + "), adopted in " + *s.selection + ", is not evaluated",
                           *s.selection + " 中入选的项目 " + p.id + "（" + p.name + "）没有列入测评",
                           "add a row for it to the project list", "请在项目表中加上该项目");
    out.inputs.push_back({"selection", *s.selection, to_hex(digest(out.setup.rules.digest, bytes)), ""});
}

// A satisfaction evaluation (R8): one round, its projects from projects.csv.
void load_evaluation(const FileSystem& fs, const std::string& session_path, const std::string& session_bytes,
                     const ReadOptions& options, LoadedRound& out) {
    RoundSetup& setup = out.setup;
    const Session& s = setup.session;
    setup.rules = *s.rules;
    setup.marks = *s.marks;
    setup.round = 1;
    setup.kind = RoundKind::first;
    setup.seats = 0;
    out.inputs.push_back({"session", base_name(session_path), to_hex(digest(setup.rules.digest, session_bytes)), ""});
    std::string path = resolve_beside(session_path, *s.projects);
    std::string hex;
    const Encoding encoding = input_encoding(fs, path, options.encoding, &out.notices);
    setup.candidates = read_candidates(fs, path, encoding, setup.rules.digest, hex, true);
    out.inputs.push_back({"projects", *s.projects, hex, std::string(encoding_name(encoding))});
    if (s.selection) check_selection_link(fs, session_path, options, out);
}

}  // namespace

Encoding input_encoding(const FileSystem& fs, const std::string& path, Encoding requested,
                        std::vector<Diagnostic>* notices) {
    constexpr std::size_t k_head = std::size_t{64} << 10;
    std::string head;
    bool whole = true;
    if (requested == Encoding::gb18030) {
        head = fs.read(path);  // asked for: every byte decides, whatever the file's size
    } else {
        auto raw = fs.open(path);
        read_append(*raw, head, k_head + 1);
        whole = head.size() <= k_head;
    }
    // Asked for GB18030: every file that is not valid UTF-8 is read as GB18030 (its decoder names
    // the first byte that is not GB18030 either).
    const Encoding chosen =
        requested == Encoding::gb18030
            ? (head.starts_with("\xEF\xBB\xBF") || !find_invalid_utf8(head) ? Encoding::utf8 : Encoding::gb18030)
            : choose_encoding(head, whole);
    if (chosen == Encoding::gb18030 && requested == Encoding::utf8 && notices != nullptr)
        notices->push_back(coded(
            "N_ENCODING_GB18030",
            diagnostic_about(
                path,
                {"not UTF-8: read as GB18030, the encoding Excel saves as \"CSV (逗号分隔)\" on Chinese Windows (the "
                 "digest is of the file's own bytes)",
                 "不是 UTF-8 编码：已按 GB18030 读取（中文 Windows 上 Excel 保存的“CSV "
                 "(逗号分隔)”格式；摘要按文件原始字节计算）"},
                {})));
    return chosen;
}

std::string default_record_path(const std::string& session_path) {
    return join_path(parent_dir(session_path), "result.json");
}

LoadedRound load_round(const FileSystem& fs, const std::string& session_path, const ReadOptions& options) {
    LoadedRound out;
    out.session_path = session_path;
    std::string session_bytes = fs.read(session_path);
    RoundSetup& setup = out.setup;
    setup.session = parse_session(session_bytes, session_path);
    const Session& s = setup.session;
    confine_session_paths(fs, session_path, s, options.paths);

    if (s.kind == VoteKind::satisfaction) {
        load_evaluation(fs, session_path, session_bytes, options, out);
        return out;
    }
    if (!s.previous) {
        setup.marks = *s.marks;
        setup.rules = *s.rules;
        setup.round = 1;
        setup.kind = RoundKind::first;
        setup.seats = setup.rules.seats;
        out.inputs.push_back(
            {"session", base_name(session_path), to_hex(digest(setup.rules.digest, session_bytes)), ""});
        std::string path = resolve_beside(session_path, *s.candidates);
        std::string hex;
        const Encoding encoding = input_encoding(fs, path, options.encoding, &out.notices);
        setup.candidates = read_candidates(fs, path, encoding, setup.rules.digest, hex);
        out.inputs.push_back({"candidates", *s.candidates, hex, std::string(encoding_name(encoding))});
        return out;
    }

    // A later round: candidates, seats and rules come from the previous record, whose digest
    // next-round wrote into this session file.
    std::string path = resolve_beside(session_path, *s.previous);
    const auto known = options.known_records.empty() ? options.known_records.end()
                                                     : options.known_records.find(fs.resolved_path(path));
    if (known == options.known_records.end() && !fs.exists(path))
        previous_error(
            path,
            "the previous round's record does not exist (previous = \"" + *s.previous + "\" in " +
                base_name(session_path) + ")",
            "上一轮的结果记录不存在（" + base_name(session_path) + " 中的 previous = \"" + *s.previous + "\"）",
            "tally the previous round first (it writes the record), or correct previous = … in the session file",
            "请先对上一轮计票（会写出结果记录），或更正会议文件中的 previous = …");
    std::string record_bytes = known != options.known_records.end() ? known->second : fs.read(path);
    RoundRecord prev = parse_record(record_bytes, path);
    const DigestAlgo prev_algo = prev.setup.rules.digest;
    std::string hex = to_hex(digest(prev_algo, record_bytes));
    if (hex != *s.previous_digest) {
        previous_error(path,
                       "the previous record's " + std::string(digest_name(prev_algo)) + " digest is " + hex +
                           ", but the session file expects " + *s.previous_digest,
                       "上一轮结果记录的 " + std::string(digest_name(prev_algo)) + " 摘要为 " + hex +
                           "，与会议文件中的 " + *s.previous_digest + " 不符",
                       "the record was changed after next-round wrote this session; use the published record",
                       "生成本轮会议文件后结果记录被改动过，请使用公布的原件");
    }
    if (!prev.decision.next_round) {
        const std::string outcome(name(prev.decision.outcome));
        previous_error(path, "the previous round is already decided (" + outcome + "); there is no next round",
                       "上一轮已有结果（" + outcome + "），不需要下一轮",
                       "only a round that ended in a tie or shortfall has a next round",
                       "只有出现票数相同或缺额的轮次才有下一轮");
    }
    setup.rules = prev.setup.rules;
    setup.round = prev.setup.round + 1;
    setup.kind = prev.decision.next_round->kind;
    setup.seats = prev.decision.next_round->seats;
    setup.candidates = prev.next_candidates();
    setup.selected_before = prev.decision.cumulative;
    setup.marks = prev.setup.marks;
    if (setup.candidates.empty() || setup.seats < 1)
        previous_error(path, "the previous record's next_round names no candidates or seats",
                       "上一轮结果记录的 next_round 没有候选项目或席位", "use the published record",
                       "请使用公布的原件");
    out.inputs.push_back({"session", base_name(session_path), to_hex(digest(setup.rules.digest, session_bytes)), ""});
    out.inputs.push_back({"previous", *s.previous, hex, ""});
    return out;
}

RoundResult tally_round(const FileSystem& fs, const std::string& session_path, const ReadOptions& options) {
    RoundResult result;
    LoadedRound loaded = load_round(fs, session_path, options);
    result.session_path = session_path;
    result.notices = std::move(loaded.notices);
    RoundRecord& round = result.round;
    round.setup = std::move(loaded.setup);
    round.inputs = std::move(loaded.inputs);
    const RoundSetup& setup = round.setup;

    if (auto stop = decide_before_ballots(setup)) {
        round.decision = std::move(*stop);
        result.record = write_record(round);
        return result;
    }

    const Session& s = setup.session;
    if (!s.ballots)
        throw_input_error(
            session_path, 0, 0, {"the session names no ballots file", "会议文件没有指明选票文件"},
            {"add ballots = \"ballots.csv\" under [session]", "请在 [session] 中加上 ballots = \"ballots.csv\""});
    std::string path = resolve_beside(session_path, *s.ballots);
    std::string hex;
    const Encoding encoding = input_encoding(fs, path, options.encoding, &result.notices);
    column_order_notice(fs, path, encoding, setup, result.notices);
    round.counts = count_ballots(fs, path, setup, options, encoding, hex);
    round.inputs.push_back({"ballots", *s.ballots, hex, std::string(encoding_name(encoding))});
    if (s.ballots_second) {
        // Double keying: the round is tallied only when the two keyings agree (exit 10 otherwise).
        std::vector<std::string> ids;
        for (const Candidate& c : setup.candidates) ids.push_back(c.id);
        const std::string second = resolve_beside(session_path, *s.ballots_second);
        const Encoding second_encoding = input_encoding(fs, second, options.encoding, &result.notices);
        auto rows_of = [&](const std::string& file, Encoding e) {
            DecodingSource text(fs.open(file), e, file);
            return read_keyed_rows(text, file, ids, setup.marks);
        };
        const std::vector<KeyedRow> first_rows = rows_of(path, encoding),
                                    second_rows = rows_of(second, second_encoding);
        const KeyingComparison c = compare_keyings(first_rows, second_rows, path, second);
        if (!c.same()) throw keying_error(c, ids, setup.marks);
        round.inputs.push_back({"ballots_second", *s.ballots_second,
                                to_hex(digest_file(fs, second, setup.rules.digest)),
                                std::string(encoding_name(second_encoding))});
        round.double_keyed = true;
    }

    round.decision = decide(setup, *round.counts);
    result.record = write_record(round);
    return result;
}

}  // namespace piaojue
