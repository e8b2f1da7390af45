#include <piaojue/comparison_audit.hpp>
#include <piaojue/encoding.hpp>
#include <piaojue/source.hpp>
#include <piaojue/tally.hpp>

#include <boost/multiprecision/cpp_dec_float.hpp>

#include <algorithm>
#include <map>
#include <regex>

namespace piaojue {

namespace {

using Real = boost::multiprecision::cpp_dec_float_50;

[[noreturn]] void bad_row(std::string_view row) {
    throw_input_error({}, 0, 0,
                      {"not a normalised ballot row: \"" + std::string(row) + "\"",
                       "不是规范化的选票行：“" + std::string(row) + "”"});
}

std::optional<Mark> mark_of_letter(char c) {
    switch (c) {
        case 'Y':
            return Mark::approve;
        case 'N':
            return Mark::disapprove;
        case 'A':
            return Mark::abstain;
        case '?':
            return Mark::unreadable;
        default:
            return std::nullopt;
    }
}

// The ceiling of a non-negative Real, as a Count.
Count ceiling(const Real& x) {
    const Real c = boost::multiprecision::ceil(x);
    return c <= 0 ? 0 : c.convert_to<Count>();
}

Real parse_real(const std::string& text) {
    return Real(text);
}

// ln of AGI's factors (1 − 1/2γ), (1 − 1/γ), (1 + 1/2γ), (1 + 1/γ), weighted by the counts.
Real misstatement_log(const Real& gamma, const MisstatementCounts& c) {
    using boost::multiprecision::log;
    Real sum = 0;
    if (c.o1 != 0) sum += Real(c.o1) * log(1 - 1 / (2 * gamma));
    if (c.o2 != 0) sum += Real(c.o2) * log(1 - 1 / gamma);
    if (c.u1 != 0) sum += Real(c.u1) * log(1 + 1 / (2 * gamma));
    if (c.u2 != 0) sum += Real(c.u2) * log(1 + 1 / gamma);
    return sum;
}

// A ballot's effect on one assertion: the votes by which the keyed reading overstates the
// assertion's margin compared with the paper (negative: understates).
Count overstatement(const Assertion& a, const Contribution& keyed, const Contribution& paper, bool base_is_valid) {
    auto approves = [](const Contribution& c, std::optional<std::size_t> i) -> Count {
        return i && c.approves[*i] ? 1 : 0;
    };
    switch (a.kind) {
        case Assertion::Kind::beats:
            return (approves(keyed, a.winner) - approves(keyed, a.loser)) -
                   (approves(paper, a.winner) - approves(paper, a.loser));
        case Assertion::Kind::passes:
            // Under pass_base = "valid" one more valid ballot can raise the pass mark by one.
            return approves(keyed, a.winner) - approves(paper, a.winner) +
                   (base_is_valid && paper.valid && !keyed.valid ? 1 : 0);
        case Assertion::Kind::stays_failed:
            return approves(paper, a.loser) - approves(keyed, a.loser) +
                   (base_is_valid && keyed.valid && !paper.valid ? 1 : 0);
    }
    return 0;
}

// AGI's class of a ballot: its worst overstatement over the assertions; an understatement
// only when it understates every assertion by that much relative to the smallest margin
// (Super-Simple weighs a ballot's error on assertion a by V / V_a), so crediting it is sound.
Misstatement classify(const std::vector<Assertion>& assertions, const std::vector<Count>& over, Count smallest) {
    Count worst = std::numeric_limits<Count>::min();
    for (Count o : over) worst = std::max(worst, o);
    if (worst >= 2) return Misstatement::two_vote_over;
    if (worst == 1) return Misstatement::one_vote_over;
    auto every_under_by = [&](Count k) {
        for (std::size_t i = 0; i < assertions.size(); ++i)
            if (over[i] * smallest > -k * assertions[i].votes) return false;
        return true;
    };
    if (worst < 0 && every_under_by(2)) return Misstatement::two_vote_under;
    if (worst < 0 && every_under_by(1)) return Misstatement::one_vote_under;
    return Misstatement::none;
}

}  // namespace

std::string_view name(Misstatement m) {
    switch (m) {
        case Misstatement::two_vote_over:
            return "two-vote-overstatement";
        case Misstatement::one_vote_over:
            return "one-vote-overstatement";
        case Misstatement::none:
            return "none";
        case Misstatement::one_vote_under:
            return "one-vote-understatement";
        case Misstatement::two_vote_under:
            return "two-vote-understatement";
    }
    return "none";
}

Reading reading_of_row(std::string_view row, std::size_t candidates) {
    const std::size_t t1 = row.find('\t');
    const std::size_t t2 = t1 == std::string_view::npos ? t1 : row.find('\t', t1 + 1);
    const std::size_t t3 = t2 == std::string_view::npos ? t2 : row.find('\t', t2 + 1);
    if (t3 == std::string_view::npos || t2 - t1 - 1 != candidates) bad_row(row);
    Reading r;
    r.serial = std::string(row.substr(0, t1));
    for (char c : row.substr(t1 + 1, candidates)) {
        const std::optional<Mark> m = mark_of_letter(c);
        if (!m) bad_row(row);
        r.marks.push_back(*m);
    }
    const std::string_view status = row.substr(t2 + 1, t3 - t2 - 1);
    if (status != "" && status != "void") bad_row(row);
    r.declared_void = status == "void";
    r.note = std::string(row.substr(t3 + 1));
    return r;
}

Contribution contribution_of(const Reading& reading, const RoundSetup& setup) {
    Contribution c;
    c.approves.assign(reading.marks.size(), false);
    const auto approvals = static_cast<Count>(std::count(reading.marks.begin(), reading.marks.end(), Mark::approve));
    const bool unreadable =
        std::find(reading.marks.begin(), reading.marks.end(), Mark::unreadable) != reading.marks.end();
    if (invalid_reason(reading.declared_void, unreadable, setup.rules.unreadable, approvals, setup.seats)) return c;
    c.valid = true;
    for (std::size_t i = 0; i < reading.marks.size(); ++i) c.approves[i] = reading.marks[i] == Mark::approve;
    return c;
}

void check_auditable(const RoundRecord& record) {
    if (record.setup.evaluation())
        throw_input_error({}, 0, 0,
                          {"the comparison audit checks a selection vote's outcome; this record is a satisfaction "
                           "evaluation",
                           "比对审计核查的是项目票决的结果；该记录是满意度测评"},
                          {"check its paper ballots by hand with piaojue sample and piaojue proof",
                           "请用 piaojue sample 和 piaojue proof 抽取并核对纸质选票"});
}

OutcomeMargin outcome_margin(const RoundRecord& record) {
    OutcomeMargin m;
    const Decision& d = record.decision;
    if (!record.counts || !d.tallied())
        throw_input_error({}, 0, 0, {"the record counted no ballot", "该结果记录未计票"});
    check_auditable(record);
    const std::vector<CandidateCount>& counts = record.counts->candidates;
    const std::size_t n = d.candidates.size();
    for (const CandidateResult& c : d.candidates)
        if (c.status == CandidateStatus::tied) m.tie = true;
    if (m.tie) {
        // One approval more or less for one tied project ends or reshapes the tie.
        m.votes = 0;
        m.ballots = 1;
        return m;
    }
    const std::optional<Count> required = d.threshold ? d.threshold->required : std::nullopt;
    std::vector<std::size_t> winners, losers;
    for (std::size_t i = 0; i < n; ++i)
        (d.candidates[i].status == CandidateStatus::selected ? winners : losers).push_back(i);
    const bool seats_full = static_cast<Count>(winners.size()) == record.setup.seats;
    const Count rows = record.counts->rows;
    auto approve = [&](std::size_t i) { return counts[i].approve; };

    if (seats_full)
        for (std::size_t w : winners)
            for (std::size_t l : losers) {
                // A ballot approving w and not l closes the gap by two when read the other way
                // round; there are always enough of them: they outnumber those approving l and
                // not w by the gap itself.
                const Count gap = approve(w) - approve(l);
                Assertion a{Assertion::Kind::beats, w, l, gap, (gap + 1) / 2};
                m.assertions.push_back(a);
            }
    if (required) {
        for (std::size_t w : winners)
            m.assertions.push_back(
                {Assertion::Kind::passes, w, std::nullopt, approve(w) - *required + 1, approve(w) - *required + 1});
        if (!seats_full)
            for (std::size_t l : losers) {
                Assertion a{Assertion::Kind::stays_failed, std::nullopt, l, *required - approve(l), std::nullopt};
                if (a.votes <= rows - approve(l)) a.ballots = a.votes;
                m.assertions.push_back(a);
            }
    }
    for (std::size_t i = 0; i < m.assertions.size(); ++i) {
        const Assertion& a = m.assertions[i];
        if (!m.votes || a.votes < *m.votes) m.votes = a.votes;
        if (a.ballots && (!m.ballots || *a.ballots < *m.ballots)) {
            m.ballots = a.ballots;
            m.tightest = i;
        }
    }
    return m;
}

void check_risk_parameters(const RiskParameters& params) {
    static const std::regex decimal(R"([0-9]{1,3}(\.[0-9]{1,12})?)");
    const bool alpha_ok = std::regex_match(params.risk_limit_percent, decimal) &&
                          parse_real(params.risk_limit_percent) > 0 && parse_real(params.risk_limit_percent) < 100;
    const bool gamma_ok = std::regex_match(params.gamma, decimal) && parse_real(params.gamma) > 1;
    if (!alpha_ok)
        throw_about(
            ExitCode::usage, {},
            {"the risk limit must be a percentage above 0 and below 100, not \"" + params.risk_limit_percent + "\"",
             "风险限度应为大于 0、小于 100 的百分数，而不是“" + params.risk_limit_percent + "”"},
            {"e.g. --risk-limit 10 for 10%", "例如 --risk-limit 10 表示 10%"});
    if (!gamma_ok)
        throw_about(ExitCode::usage, {},
                    {"gamma must be a decimal number above 1, not \"" + params.gamma + "\"",
                     "γ 应为大于 1 的小数，而不是“" + params.gamma + "”"},
                    {"leave it at AGI's 1.03905 unless the audit plan says otherwise",
                     "如无审计方案另行规定，请使用 AGI 的 1.03905"});
}

Count agi_sample_size(const RiskParameters& params, Count margin_votes, Count ballots,
                      const MisstatementCounts& counts) {
    const Real alpha = parse_real(params.risk_limit_percent) / 100;
    const Real gamma = parse_real(params.gamma);
    const Real mu = Real(margin_votes) / Real(ballots);
    const Real n = -2 * gamma * (boost::multiprecision::log(alpha) + misstatement_log(gamma, counts)) / mu;
    return std::max(counts.o1 + counts.o2 + counts.u1 + counts.u2, ceiling(n));
}

std::string agi_risk(const RiskParameters& params, Count margin_votes, Count ballots, Count sampled,
                     const MisstatementCounts& counts) {
    const Real gamma = parse_real(params.gamma);
    const Real mu = Real(margin_votes) / Real(ballots);
    const Real log_risk = -Real(sampled) * mu / (2 * gamma) - misstatement_log(gamma, counts);
    if (log_risk >= 0) return "1";
    // Six places, rounded half up, from the exact 50-digit value.
    const Real scaled = boost::multiprecision::floor(boost::multiprecision::exp(log_risk) * 1000000 + Real("0.5"));
    const Count micro = scaled.convert_to<Count>();
    if (micro >= 1000000) return "1";
    std::string digits = std::to_string(micro);
    return "0." + std::string(6 - digits.size(), '0') + digits;
}

ComparisonAudit comparison_audit(const RoundRecord& record, const std::vector<KeyedBallot>& keyed,
                                 const std::vector<Reading>& paper, const std::string& paper_file,
                                 std::string_view seed, const RiskParameters& params) {
    check_risk_parameters(params);
    const std::size_t n_candidates = record.setup.candidates.size();
    std::vector<Reading> keyed_readings;
    keyed_readings.reserve(keyed.size());
    for (const KeyedBallot& k : keyed) {
        keyed_readings.push_back(reading_of_row(k.row, n_candidates));
        keyed_readings.back().line = k.line;
    }
    ComparisonAudit audit;
    audit.margin = outcome_margin(record);
    audit.population = static_cast<Count>(keyed.size());
    audit.sampled = static_cast<Count>(paper.size());
    if (paper.empty())
        throw_input_error(paper_file, 0, 0, {"the auditors' file holds no ballot", "审计录入文件中没有选票"},
                          {"key the sampled paper ballots, one row each, in the ballots file's columns",
                           "请按选票文件的列，把抽出的纸质选票每张录入一行"});

    // The sample must be the public draw: the first paper.size() ballots under the seed.
    const std::vector<SampleEntry> draw = sample_keyed(keyed, seed, paper.size());
    std::map<std::string_view, const Reading*> by_serial;
    for (const Reading& p : paper) by_serial.emplace(p.serial, &p);
    std::map<std::string_view, std::size_t> drawn;
    for (const SampleEntry& s : draw) drawn.emplace(s.ballot->serial, s.order);
    for (const Reading& p : paper)
        if (drawn.find(p.serial) == drawn.end())
            throw_input_error(paper_file, p.line, 0,
                              {"票号 " + p.serial + " is not among the first " + std::to_string(paper.size()) +
                                   " ballots drawn with seed " + std::string(seed),
                               "票号 " + p.serial + " 不在以种子 " + std::string(seed) + " 抽出的前 " +
                                   std::to_string(paper.size()) + " 张选票中"},
                              {"audit exactly the ballots `piaojue sample` lists for this seed, in its order",
                               "请只核对 piaojue sample 对该种子列出的选票，按其顺序"});

    const bool base_is_valid = record.decision.threshold && record.decision.threshold->base == "valid";
    const std::vector<Assertion>& assertions = audit.margin.assertions;
    const Count smallest = audit.margin.votes.value_or(0);
    for (const SampleEntry& s : draw) {
        const Reading& on_paper = *by_serial.at(s.ballot->serial);
        const auto index = static_cast<std::size_t>(s.ballot - keyed.data());
        const Reading& as_keyed = keyed_readings[index];
        BallotComparison c;
        c.serial = s.ballot->serial;
        c.keyed_line = s.ballot->line;
        c.paper_line = on_paper.line;
        if (as_keyed.declared_void != on_paper.declared_void) {
            MarkDifference d;
            d.keyed_void = as_keyed.declared_void;
            d.paper_void = on_paper.declared_void;
            c.differences.push_back(d);
        }
        for (std::size_t i = 0; i < n_candidates; ++i)
            if (as_keyed.marks[i] != on_paper.marks[i])
                c.differences.push_back({i, as_keyed.marks[i], on_paper.marks[i], false, false});
        if (!c.differences.empty() && !assertions.empty()) {
            const Contribution k = contribution_of(as_keyed, record.setup);
            const Contribution p = contribution_of(on_paper, record.setup);
            std::vector<Count> over;
            over.reserve(assertions.size());
            for (const Assertion& a : assertions) over.push_back(overstatement(a, k, p, base_is_valid));
            c.misstatement = classify(assertions, over, smallest);
        }
        switch (c.misstatement) {
            case Misstatement::two_vote_over:
                ++audit.counts.o2;
                break;
            case Misstatement::one_vote_over:
                ++audit.counts.o1;
                break;
            case Misstatement::one_vote_under:
                ++audit.counts.u1;
                break;
            case Misstatement::two_vote_under:
                ++audit.counts.u2;
                break;
            case Misstatement::none:
                break;
        }
        audit.ballots.push_back(std::move(c));
    }

    if (audit.sampled == audit.population) {
        // Every ballot read again: a full hand count. The paper decides the round by itself.
        audit.full_count = true;
        BallotCounter counter(record.setup);
        for (const Reading& p : paper) {
            Ballot b;
            b.serial = p.serial;
            b.marks = p.marks;
            b.declared_void = p.declared_void;
            b.note = p.note;
            b.line = p.line;
            counter.add(b);
        }
        const Decision by_paper = decide(record.setup, counter.finish());
        const Decision& reported = record.decision;
        bool same = by_paper.outcome == reported.outcome && by_paper.selected.size() == reported.selected.size();
        for (std::size_t i = 0; same && i < reported.candidates.size(); ++i) {
            const CandidateStatus a = reported.candidates[i].status, b = by_paper.candidates[i].status;
            same = (a == CandidateStatus::selected) == (b == CandidateStatus::selected) &&
                   (a == CandidateStatus::tied) == (b == CandidateStatus::tied);
        }
        audit.confirmed = same;
        audit.risk = same ? "0" : "1";
        return audit;
    }
    if (!audit.margin.votes) {
        // No assertion: no change of ballots can alter the selection.
        audit.risk = "0";
        audit.confirmed = true;
        audit.needed_clean = audit.needed = 0;
        return audit;
    }
    if (*audit.margin.votes == 0) {
        audit.risk = "1";
        return audit;
    }
    audit.needed_clean = agi_sample_size(params, *audit.margin.votes, audit.population, {});
    audit.needed = agi_sample_size(params, *audit.margin.votes, audit.population, audit.counts);
    audit.risk = agi_risk(params, *audit.margin.votes, audit.population, audit.sampled, audit.counts);
    audit.confirmed = audit.sampled >= *audit.needed;
    return audit;
}

std::vector<Reading> read_paper_ballots(const FileSystem& fs, const RoundRecord& record, const std::string& path,
                                        Encoding encoding) {
    std::vector<std::string> ids;
    for (const Candidate& c : record.setup.candidates) ids.push_back(c.id);
    DecodingSource text(fs.open(path), encoding, path);
    BallotReader reader(text, path, ids, BallotReader::k_any_rows, &record.setup.marks);
    std::vector<Reading> out;
    Ballot ballot;
    while (reader.next(ballot)) {
        Reading r;
        r.serial = std::string(ballot.serial);
        r.marks = ballot.marks;
        r.declared_void = ballot.declared_void;
        r.note = std::string(ballot.note);
        r.line = ballot.line;
        out.push_back(std::move(r));
    }
    reader.finish();
    return out;
}

}  // namespace piaojue
