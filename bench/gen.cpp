// piaojue_bench_gen: deterministic benchmark inputs for piaojue (bench/run.sh).
//
//   gen session DIR --ballots N --candidates C --seats S [--deputies D] [--seed K]
//                   [--over-per-100k X] [--void-per-100k Y] [--marks symbols|letters|words]
//   gen county  DIR --townships T --ballots N [--seed K]
//
// Same arguments → same bytes, on any machine: the only randomness is splitmix64 seeded from
// the arguments, drawn with plain integer arithmetic (no <random> distributions, whose output
// is implementation-defined, no floating point, no clock, no locale).
//
// The ballots look like what counters key at a meeting: ○ (approve), × (disapprove) and blank
// (abstain) marks — or Y, N and blank with `--marks letters`, the same draws spelled in one
// byte, or 赞成, 反对 and 弃权 with `--marks words` — a rare `?` (unreadable: only that mark is
// void under the default rules), zero-padded ascending serials, about 0.2 % over-approval
// ballots and 0.1 % ballots the scrutineers declared void (状态 作废, 备注 有识别标记); both rates
// can be set (0 gives a file without invalid ballots, which the record would otherwise list one
// by one). Every session is valid and decided in one round (`piaojue tally` exits 0): present =
// issued = returned = N, the quorum is met, and the generator tallies what it writes and draws
// again (attempt 1, 2, …, still deterministic) until exactly the top `seats` projects pass with
// no tie at the cut line.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

namespace fs = std::filesystem;

// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and fully specified.
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    // Uniform in [0, n) for small n; the modulo bias (< n / 2^64) is irrelevant here.
    std::uint64_t below(std::uint64_t n) { return next() % n; }

private:
    std::uint64_t state_;
};

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
    SplitMix64 m(h ^ (v * 0x9E3779B97F4A7C15ULL));
    return m.next();
}

enum class Mark : std::uint8_t { approve, disapprove, abstain, unreadable };

// How the marks are spelled: the symbols printed on the paper ballot (○ is 3 bytes of UTF-8, × 2),
// the letters a counter types on a keyboard (1 byte each), or the words (赞成 反对 弃权, 6 bytes
// each: the marks piaojue does not decide from its table); docs/rules.md §2.5 accepts all three.
enum class Spelling : std::uint8_t { symbols, letters, words };
constexpr std::string_view k_mark_text[3][4] = {
    {"\xE2\x97\x8B" /* ○ */, "\xC3\x97" /* × */, "", "?"}, {"Y", "N", "", "?"}, {"赞成", "反对", "弃权", "?"}};

// Per 100,000 marks.
constexpr std::uint64_t k_unreadable_per_100k = 50;

struct SessionSpec {
    std::string id;
    std::string body;
    std::uint64_t ballots = 0;
    std::uint64_t candidates = 0;
    std::uint64_t seats = 0;
    std::uint64_t deputies = 0;
    std::uint64_t seed = 0;
    std::uint64_t over_per_100k = 200;  // over-approval ballots per 100,000
    std::uint64_t void_per_100k = 100;  // declared-void ballots per 100,000
    Spelling marks = Spelling::symbols;
};

[[noreturn]] void usage_error(const std::string& message) {
    std::cerr << "piaojue_bench_gen: " << message << "\n"
              << "usage: piaojue_bench_gen session DIR --ballots N --candidates C --seats S [--deputies D] [--seed K]\n"
              << "                         [--over-per-100k X] [--void-per-100k Y] [--marks symbols|letters|words]\n"
              << "       piaojue_bench_gen county DIR --townships T --ballots N [--seed K]\n";
    std::exit(2);
}

std::string pad(std::uint64_t v, std::size_t width) {
    std::string s = std::to_string(v);
    if (s.size() < width) s.insert(0, width - s.size(), '0');
    return s;
}

std::size_t digits(std::uint64_t v) {
    return std::to_string(v).size();
}

// R1 default (ceil-20): candidates − seats ≥ max(1, ⌈seats / 5⌉).
bool surplus_ok(std::uint64_t candidates, std::uint64_t seats) {
    std::uint64_t need = std::max<std::uint64_t>(1, (seats + 4) / 5);
    return candidates >= seats + need;
}

// A file written through a large buffer (10M ballots are ~500 MB; iostream per-cell writes
// would make the generator slower than the program it benchmarks).
class Output {
public:
    explicit Output(const fs::path& path) : path_(path), file_(std::fopen(path.c_str(), "wb")) {
        if (file_ == nullptr) throw std::runtime_error("cannot write " + path.string());
        buffer_.reserve(k_flush + 4096);
    }
    ~Output() {
        if (file_ != nullptr) std::fclose(file_);
    }
    Output(const Output&) = delete;
    Output& operator=(const Output&) = delete;
    void put(std::string_view s) {
        buffer_ += s;
        if (buffer_.size() >= k_flush) flush();
    }
    void close() {
        flush();
        if (std::fclose(file_) != 0) throw std::runtime_error("cannot write " + path_.string());
        file_ = nullptr;
    }

private:
    static constexpr std::size_t k_flush = 1 << 20;
    void flush() {
        if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
            throw std::runtime_error("cannot write " + path_.string());
        buffer_.clear();
    }
    fs::path path_;
    std::FILE* file_;
    std::string buffer_;
};

void write_file(const fs::path& path, std::string_view bytes) {
    Output out(path);
    out.put(bytes);
    out.close();
}

constexpr std::string_view k_projects[] = {
    "老旧小区配套设施改造",
    "社区养老助餐服务",
    "农田排灌设施提升",
    "中心小学综合楼新建",
    "电动车充电桩建设",
    "农村公路提档升级",
    "垃圾分类设施建设",
    "社区卫生服务站标准化建设",
    "农村饮水安全巩固提升",
    "背街小巷整治",
    "便民菜市场改造",
    "村级综合文化服务中心提升",
    "公办幼儿园扩容",
    "农村生活污水治理",
    "路灯亮化工程",
    "全民健身场地建设",
    "河道清淤整治",
    "便民服务中心改造",
    "校园周边交通安全设施",
    "农贸市场冷链设施",
    "危桥改造",
    "公共厕所新建改建",
    "防汛排涝设施完善",
    "社区托育服务点建设",
};
constexpr std::string_view k_offices[] = {"规划建设办", "社会事务办", "农业农村办", "教育办",
                                          "应急管理办", "交通运输所", "综合执法队", "卫生院",
                                          "水利站",     "城建办",     "市场监管所", "文化站"};

void write_candidates(const fs::path& path, const SessionSpec& s, const std::vector<std::string>& ids,
                      SplitMix64& rng) {
    std::string out = "编号,项目名称,预算,牵头单位,备注\n";
    constexpr std::size_t k_n = std::size(k_projects);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        std::string name(k_projects[i % k_n]);
        if (i >= k_n) name += "（" + std::to_string(i / k_n + 1) + "期）";
        std::uint64_t budget_tenths = 500 + rng.below(25000);  // 50.0 – 2549.9 万元
        out += ids[i] + "," + name + "," + std::to_string(budget_tenths / 10) + "." +
               std::to_string(budget_tenths % 10) + ",镇" + std::string(k_offices[i % std::size(k_offices)]) + ",\n";
    }
    (void)s;
    write_file(path, out);
}

void write_session_toml(const fs::path& path, const SessionSpec& s) {
    std::string out;
    out += "# Benchmark session generated by piaojue_bench_gen (bench/gen.cpp); do not edit by hand.\n\n";
    out += "[session]\n";
    out += "id = \"" + s.id + "\"\n";
    out += "body = \"" + s.body + "\"\n";
    out += "meeting = \"第十八届人民代表大会第五次会议\"\n";
    out += "date = 2026-01-15\n";
    out += "level = \"township\"\n";
    out += "deputies = " + std::to_string(s.deputies) + "\n";
    out += "present = " + std::to_string(s.ballots) + "\n";
    out += "ballots_issued = " + std::to_string(s.ballots) + "\n";
    out += "ballots_returned = " + std::to_string(s.ballots) + "\n";
    out += "candidates = \"candidates.csv\"\nballots = \"ballots.csv\"\n\n";
    out += "[rules]\n";
    out += "seats = " + std::to_string(s.seats) + "\n";
    out += "surplus = \"ceil-20\"\nquorum = \"at-least-2/3\"\npass_base = \"all-deputies\"\n";
    out += "unreadable = \"void-mark\"\nshortfall = \"supplementary\"\ndigest = \"sha256\"\n\n";
    out +=
        "[officers]\nchief_scrutineer = \"王建国\"\nscrutineers = [\"李秀英\", \"陈志强\"]\ncounters = [\"张伟\", "
        "\"刘芳\"]\n";
    write_file(path, out);
}

// Writes ballots.csv for one attempt and tallies it the way R4–R6 do under the rules written by
// write_session_toml; returns whether the round would be final.
bool write_ballots(const fs::path& path, const SessionSpec& s, const std::vector<std::string>& ids,
                   const std::vector<std::uint64_t>& approve_p, std::uint64_t attempt) {
    SplitMix64 rng(mix(mix(s.seed, 0xBA110750), attempt));
    const std::size_t c = ids.size();
    std::vector<std::uint64_t> approvals(c, 0);
    std::vector<Mark> marks(c);
    Output out(path);
    std::string row = "票号";
    for (const auto& id : ids) row += "," + id;
    row += ",状态,备注\n";
    out.put(row);
    const std::size_t width = std::max<std::size_t>(3, digits(s.ballots));
    for (std::uint64_t b = 1; b <= s.ballots; ++b) {
        std::uint64_t n_approve = 0;
        for (std::size_t k = 0; k < c; ++k) {
            std::uint64_t r = rng.next();
            std::uint64_t u = r & 0xFFFF;
            Mark m;
            if (u < approve_p[k])
                m = Mark::approve;
            else if ((u - approve_p[k]) * 5 < (0x10000 - approve_p[k]) * 3)
                m = Mark::disapprove;  // 3/5 of the rest disapprove, 2/5 abstain
            else
                m = Mark::abstain;
            if ((r >> 16) % 100000 < k_unreadable_per_100k) m = Mark::unreadable;
            n_approve += m == Mark::approve;
            marks[k] = m;
        }
        std::uint64_t kind = rng.next();
        bool declared_void = kind % 100000 < s.void_per_100k;
        bool over = !declared_void && (kind >> 20) % 100000 < s.over_per_100k;
        // Deputies know the rule: an ordinary ballot approving too many gets its surplus
        // approvals turned into ×; the rare over-approval ballot approves seats + 1 or more.
        while (!over && n_approve > s.seats) {
            std::size_t k = rng.below(c);
            if (marks[k] == Mark::approve) marks[k] = Mark::disapprove, --n_approve;
        }
        while (over && n_approve <= s.seats) {
            std::size_t k = rng.below(c);
            if (marks[k] != Mark::approve) marks[k] = Mark::approve, ++n_approve;
        }
        row = pad(b, width);
        for (std::size_t k = 0; k < c; ++k) {
            row += ',';
            row += k_mark_text[static_cast<int>(s.marks)][static_cast<int>(marks[k])];
        }
        row += declared_void ? ",作废,有识别标记\n" : ",,\n";
        out.put(row);
        if (!declared_void && !over)
            for (std::size_t k = 0; k < c; ++k) approvals[k] += marks[k] == Mark::approve;
    }
    out.close();
    // R5 (all-deputies): approvals > half of the deputies; R6: final iff at least `seats` pass
    // and the cut line does not split a group of equal approvals.
    std::uint64_t required = s.deputies / 2 + 1;
    std::vector<std::uint64_t> passing;
    for (std::uint64_t a : approvals)
        if (a >= required) passing.push_back(a);
    std::sort(passing.rbegin(), passing.rend());
    if (passing.size() < s.seats) return false;
    return passing.size() == s.seats || passing[s.seats - 1] != passing[s.seats];
}

void generate_session(const fs::path& dir, SessionSpec s) {
    if (s.ballots == 0) usage_error("--ballots must be at least 1");
    if (s.seats == 0) usage_error("--seats must be at least 1");
    if (!surplus_ok(s.candidates, s.seats))
        usage_error("--candidates " + std::to_string(s.candidates) + " for " + std::to_string(s.seats) +
                    " seats is rejected by R1 (ceil-20)");
    if (s.candidates > 999) usage_error("--candidates must be at most 999");
    if (s.over_per_100k > 100000 || s.void_per_100k > 100000) usage_error("rates are per 100,000 ballots");
    if (s.deputies == 0) s.deputies = s.ballots + (s.ballots + 19) / 20;  // about 5 % absent
    if (s.deputies < s.ballots) usage_error("--deputies must be at least --ballots (everyone present votes)");
    if (s.ballots * 3 < s.deputies * 2) usage_error("--deputies too large: the 2/3 quorum would not be met");
    s.seed = mix(mix(mix(mix(mix(s.seed, s.ballots), s.candidates), s.seats), s.deputies), 0x5E55);

    fs::create_directories(dir);
    SplitMix64 rng(s.seed);
    std::vector<std::string> ids;
    for (std::uint64_t i = 1; i <= s.candidates; ++i) {
        std::string id(1, 'P');  // not "P" + pad(…): g++ 12 -O2 warns -Wrestrict on that (a false positive)
        id += pad(i, std::max<std::size_t>(2, digits(s.candidates)));
        ids.push_back(std::move(id));
    }
    // Each project's approval probability (out of 65536) from its popularity rank, the ranks
    // shuffled over the ballot columns: the `seats` most popular well above the threshold
    // (deputies/2 ≈ 0.53 × present), the rest clearly below, so the cut line is not close.
    std::vector<std::uint64_t> rank(s.candidates);
    for (std::uint64_t i = 0; i < s.candidates; ++i) rank[i] = i;
    for (std::uint64_t i = s.candidates; i > 1; --i) std::swap(rank[i - 1], rank[rng.below(i)]);
    std::vector<std::uint64_t> approve_p(s.candidates);
    for (std::uint64_t k = 0; k < s.candidates; ++k) {
        std::uint64_t r = rank[k];
        std::uint64_t permille =
            r < s.seats ? 930 - r * 250 / s.seats : 420 - std::min<std::uint64_t>(300, (r - s.seats) * 30);
        approve_p[k] = permille * 65536 / 1000;
    }
    write_session_toml(dir / "session.toml", s);
    write_candidates(dir / "candidates.csv", s, ids, rng);
    for (std::uint64_t attempt = 0;; ++attempt) {
        if (write_ballots(dir / "ballots.csv", s, ids, approve_p, attempt)) return;
        if (attempt == 1000) throw std::runtime_error("no decided round after 1000 attempts; use more ballots");
    }
}

void generate_county(const fs::path& dir, std::uint64_t townships, std::uint64_t ballots, std::uint64_t seed) {
    if (townships == 0) usage_error("--townships must be at least 1");
    if (ballots < 10) usage_error("--ballots must be at least 10 in county mode");
    fs::create_directories(dir);
    SplitMix64 rng(mix(mix(mix(seed, townships), ballots), 0xC0C0));
    std::string manifest = "session\n";
    const std::size_t width = std::max<std::size_t>(4, digits(townships));
    for (std::uint64_t t = 1; t <= townships; ++t) {
        SessionSpec s;
        s.id = "town-" + pad(t, width);
        s.body = "基准测试第" + std::to_string(t) + "镇人民代表大会";
        // Township congresses differ in size (±20 %); most choose 10 of 12, every seventh 5 of 6.
        s.ballots = ballots - ballots / 5 + rng.below(ballots * 2 / 5 + 1);
        bool small = t % 7 == 0;
        s.candidates = small ? 6 : 12;
        s.seats = small ? 5 : 10;
        s.deputies = s.ballots + rng.below(s.ballots / 10 + 1);
        s.seed = rng.next();
        generate_session(dir / s.id, s);
        manifest += s.id + "/session.toml\n";
    }
    write_file(dir / "manifest.csv", manifest);
}

std::uint64_t parse_count(const std::string& flag, const char* text) {
    std::string_view t(text);
    if (t.empty() || t.size() > 15 || !std::all_of(t.begin(), t.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
        usage_error(flag + " needs a non-negative integer, not \"" + std::string(t) + "\"");
    return std::stoull(std::string(t));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) usage_error("missing mode and directory");
    std::string mode = argv[1];
    fs::path dir = argv[2];
    std::optional<std::uint64_t> ballots, candidates, seats, deputies, townships, over, void_rate;
    std::uint64_t seed = 1;
    std::optional<Spelling> spelling;
    for (int i = 3; i < argc; i += 2) {
        std::string flag = argv[i];
        if (i + 1 >= argc) usage_error(flag + " needs a value");
        if (flag == "--marks") {
            std::string_view m = argv[i + 1];
            if (m == "symbols")
                spelling = Spelling::symbols;
            else if (m == "letters")
                spelling = Spelling::letters;
            else if (m == "words")
                spelling = Spelling::words;
            else
                usage_error("--marks is symbols, letters or words, not \"" + std::string(m) + "\"");
            continue;
        }
        std::uint64_t v = parse_count(flag, argv[i + 1]);
        if (flag == "--ballots")
            ballots = v;
        else if (flag == "--candidates")
            candidates = v;
        else if (flag == "--seats")
            seats = v;
        else if (flag == "--deputies")
            deputies = v;
        else if (flag == "--townships")
            townships = v;
        else if (flag == "--seed")
            seed = v;
        else if (flag == "--over-per-100k")
            over = v;
        else if (flag == "--void-per-100k")
            void_rate = v;
        else
            usage_error("unknown option " + flag);
    }
    try {
        if (mode == "session") {
            if (!ballots || !candidates || !seats) usage_error("session needs --ballots, --candidates and --seats");
            if (townships) usage_error("--townships is for county mode");
            SessionSpec s;
            s.marks = spelling.value_or(Spelling::symbols);
            constexpr std::string_view k_id_suffix[3] = {"", "-yn", "-words"};
            s.id = "bench-" + std::to_string(*ballots) + "-" + std::to_string(*candidates) + "-" +
                   std::to_string(*seats) + "-" + std::to_string(seed) +
                   std::string(k_id_suffix[static_cast<int>(s.marks)]);
            s.body = "基准测试镇人民代表大会";
            s.ballots = *ballots;
            s.candidates = *candidates;
            s.seats = *seats;
            s.deputies = deputies.value_or(0);
            s.seed = seed;
            s.over_per_100k = over.value_or(s.over_per_100k);
            s.void_per_100k = void_rate.value_or(s.void_per_100k);
            generate_session(dir, s);
        } else if (mode == "county") {
            if (!townships || !ballots) usage_error("county needs --townships and --ballots");
            if (candidates || seats || deputies || over || void_rate || spelling)
                usage_error("county mode chooses candidates, seats, deputies and rates itself");
            generate_county(dir, *townships, *ballots, seed);
        } else {
            usage_error("unknown mode \"" + mode + "\"");
        }
    } catch (const std::exception& e) {
        std::cerr << "piaojue_bench_gen: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
