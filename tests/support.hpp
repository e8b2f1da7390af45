// Helpers shared by the unit tests: catching piaojue::Error, building round setups, ballots and
// the files of a round in a MemoryFileSystem. Header-only; every function is `inline`.
#pragma once

#include <piaojue/ballots.hpp>
#include <piaojue/candidates.hpp>
#include <piaojue/error.hpp>
#include <piaojue/record.hpp>
#include <piaojue/source.hpp>
#include <piaojue/tally.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <fstream>
#include <functional>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>
#include "memory_fs.hpp"

namespace piaojue::test {

/// Runs `f`, which must throw piaojue::Error; returns the error (the test fails otherwise).
template <typename F>
Error expect_error(F&& f) {
    try {
        std::forward<F>(f)();
    } catch (const Error& e) {
        return e;
    }
    FAIL("expected a piaojue::Error");
    return Error(ExitCode::internal, Diagnostic{});
}

// A source that hands out at most `step` bytes per call (cycling through `steps`), so that every
// character, record and 64-byte block boundary lands inside a read somewhere.
class SteppedSource final : public Source {
public:
    SteppedSource(std::string_view bytes, std::vector<std::size_t> steps) : bytes_(bytes), steps_(std::move(steps)) {}
    std::size_t read(char* buffer, std::size_t size) override {
        std::size_t n = std::min({size, bytes_.size(), steps_[call_++ % steps_.size()]});
        std::copy_n(bytes_.data(), n, buffer);
        bytes_.remove_prefix(n);
        return n;
    }

private:
    std::string_view bytes_;
    std::vector<std::size_t> steps_;
    std::size_t call_ = 0;
};

/// Runs `f`; the piaojue::Error it threw, or nothing when it returned normally.
inline std::optional<Error> error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e;
    }
    return std::nullopt;
}

/// The bytes of `tests/data/<path>` (the test fails when it cannot be read).
inline std::string data_file(const std::string& path) {
    std::ifstream in(std::string(PIAOJUE_SOURCE_DIR) + "/tests/data/" + path, std::ios::binary);
    REQUIRE(in.good());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The first diagnostic of `e`, rendered in English as the CLI shows it.
inline std::string rendered(const Error& e, Lang lang = Lang::en) {
    return format_diagnostic(e.diagnostics().front(), lang);
}

/// `P01`, `P02`, … for candidate index `i` (0-based).
inline std::string candidate_id(std::size_t i) {
    std::string n = std::to_string(i + 1);
    return "P" + std::string(n.size() < 2 ? 2 - n.size() : 0, '0') + n;
}

/// Candidates P01…P<n> named 项目1…项目n, without budgets.
inline std::vector<Candidate> make_candidates(std::size_t n) {
    std::vector<Candidate> out;
    for (std::size_t i = 0; i < n; ++i)
        out.push_back(Candidate{candidate_id(i), "项目" + std::to_string(i + 1), {}, {}, {}});
    return out;
}

/// A first-round setup: `candidates` projects for `seats` seats, 45 deputies, 41 present, 41
/// ballots issued and returned, default rules.
inline RoundSetup make_setup(std::size_t candidates, Count seats) {
    RoundSetup s;
    s.session.id = "test-session";
    s.session.body = "测试镇人民代表大会";
    s.session.meeting = "第一次会议";
    s.session.date = "2026-01-15";
    s.session.level = "township";
    s.session.deputies = 45;
    s.session.present = 41;
    s.session.ballots_issued = 41;
    s.session.ballots_returned = 41;
    s.rules.seats = seats;
    s.seats = seats;
    s.candidates = make_candidates(candidates);
    return s;
}

/// Counts in which candidate i has `approvals[i]` approvals out of `valid` valid ballots; the
/// rest are disapprovals.
/// The fields of one line of a data file, split at TABs (tests/data/*/cases.tsv).
inline std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> fields;
    std::string field;
    std::istringstream in(line);
    while (std::getline(in, field, '\t')) fields.push_back(field);
    return fields;
}

// The record bytes of a round built by hand: `counts` null when no ballot was counted.
inline std::string record_bytes(const RoundSetup& setup, const Decision& decision, const BallotCounts* counts,
                                const std::vector<InputDigest>& inputs) {
    RoundRecord record;
    record.setup = setup;
    record.decision = decision;
    if (counts != nullptr) record.counts = *counts;
    record.inputs = inputs;
    return write_record(record);
}

inline BallotCounts counts_with(const std::vector<Count>& approvals, Count valid = 41) {
    BallotCounts c;
    c.rows = valid;
    c.valid = valid;
    for (Count a : approvals) c.candidates.push_back(CandidateCount{a, valid - a, 0, 0});
    return c;
}

/// A ballot that owns its text (Ballot itself holds views).
struct OwnedBallot {
    std::string serial;
    std::vector<Mark> marks;
    bool declared_void = false;
    std::string note;
    std::size_t line = 0;

    [[nodiscard]] Ballot view() const { return Ballot{serial, marks, declared_void, note, line}; }
};

/// The mark of letter `c`: Y approve, N disapprove, A abstain, ? unreadable.
inline Mark mark_of(char c) {
    switch (c) {
        case 'Y':
            return Mark::approve;
        case 'N':
            return Mark::disapprove;
        case '?':
            return Mark::unreadable;
        default:
            return Mark::abstain;
    }
}

/// A ballot with `serial` and one mark per letter of `marks`.
inline OwnedBallot make_ballot(std::string serial, std::string_view marks, bool declared_void = false,
                               std::string note = {}) {
    OwnedBallot b{std::move(serial), {}, declared_void, std::move(note), 0};
    for (char c : marks) b.marks.push_back(mark_of(c));
    return b;
}

/// Rows of letters (Y/N/A/?) in which candidate i gets exactly `approvals[i]` approvals over
/// `ballots` ballots and no ballot approves more than ⌈Σ approvals / ballots⌉ projects (the
/// approvals are dealt out cyclically); every other mark is N.
inline std::vector<std::string> deal_ballots(const std::vector<Count>& approvals, std::size_t ballots) {
    std::vector<std::string> rows(ballots, std::string(approvals.size(), 'N'));
    std::size_t next = 0;
    for (std::size_t c = 0; c < approvals.size(); ++c) {
        REQUIRE(approvals[c] <= static_cast<Count>(ballots));
        for (Count k = 0; k < approvals[c]; ++k) {
            rows[next][c] = 'Y';
            next = (next + 1) % ballots;
        }
    }
    return rows;
}

/// A ballots.csv (CRLF) for candidates P01…: header `ballot,P01,…`, then row i as serial i+1
/// and the marks of `rows[i]` (A as an empty cell).
inline std::string ballots_csv(const std::vector<std::string>& ids, const std::vector<std::string>& rows) {
    std::string out = "ballot";
    for (const std::string& id : ids) out += "," + id;
    out += "\r\n";
    for (std::size_t r = 0; r < rows.size(); ++r) {
        out += std::to_string(r + 1);
        for (char c : rows[r]) {
            out += ',';
            if (c != 'A') out += c;
        }
        out += "\r\n";
    }
    return out;
}

/// The ids of `candidates`.
inline std::vector<std::string> ids_of(const std::vector<Candidate>& candidates) {
    std::vector<std::string> out;
    for (const Candidate& c : candidates) out.push_back(c.id);
    return out;
}

/// A candidates.csv (CRLF, English header) for P01…P<n>, named 项目1…, with budgets 100, 200, ….
inline std::string candidates_csv(std::size_t n) {
    std::string out = "id,name,budget\r\n";
    for (std::size_t i = 0; i < n; ++i)
        out += candidate_id(i) + ",项目" + std::to_string(i + 1) + "," + std::to_string(100 * (i + 1)) + "\r\n";
    return out;
}

/// A first-round session.toml naming candidates.csv and ballots.csv beside it.
inline std::string first_session_toml(Count deputies, Count present, Count issued, Count returned, Count seats,
                                      std::string_view extra_rules = {}) {
    return "[session]\n"
           "id = \"test-2026\"\n"
           "body = \"测试镇人民代表大会\"\n"
           "meeting = \"第十八届人民代表大会第三次会议\"\n"
           "date = 2026-01-15\n"
           "level = \"township\"\n"
           "deputies = " +
           std::to_string(deputies) +
           "\n"
           "present = " +
           std::to_string(present) +
           "\n"
           "ballots_issued = " +
           std::to_string(issued) +
           "\n"
           "ballots_returned = " +
           std::to_string(returned) +
           "\n"
           "candidates = \"candidates.csv\"\n"
           "ballots = \"ballots.csv\"\n"
           "\n"
           "[rules]\n"
           "seats = " +
           std::to_string(seats) + "\n" + std::string(extra_rules);
}

/// Every ballot of `csv` read by a BallotReader for `ids`, expecting `returned` rows.
inline std::vector<OwnedBallot> read_ballots(std::string_view csv, const std::vector<std::string>& ids, Count returned,
                                             const std::string& file = "ballots.csv") {
    StringSource source(csv);
    BallotReader reader(source, file, ids, returned);
    std::vector<OwnedBallot> out;
    Ballot b;
    while (reader.next(b))
        out.push_back(OwnedBallot{std::string(b.serial), b.marks, b.declared_void, std::string(b.note), b.line});
    reader.finish();
    return out;
}

}  // namespace piaojue::test
