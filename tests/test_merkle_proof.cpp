// Inclusion proofs against the roots of the streaming MerkleBuilder (merkle.hpp): every leaf of
// every tree of 1..70 leaves proves, and no changed byte, path element, index or size does.
#include <piaojue/merkle.hpp>
#include <piaojue/merkle_proof.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

using namespace piaojue;
using piaojue::test::error_of;

namespace {

std::vector<std::string> ballot_rows(std::size_t n) {
    std::vector<std::string> rows;
    for (std::size_t i = 0; i < n; ++i)
        rows.push_back(std::to_string(1000 + i) + "\tYNA?Y" + (i % 3 == 0 ? "\tvoid\t" : "\t\t") + "备注");
    return rows;
}

// Which side each sibling of leaf `m` lies on, from the leaf up (true: right), straight from
// RFC 9162 §2.1.3.1's recursive PATH(m, D[n]).
std::vector<bool> sides(std::uint64_t m, std::uint64_t n) {
    if (n == 1) return {};
    std::uint64_t k = 1;
    while (k * 2 < n) k *= 2;
    std::vector<bool> s = m < k ? sides(m, k) : sides(m - k, n - k);
    s.push_back(m < k);
    return s;
}

struct Tree {
    std::vector<std::string> rows;
    std::vector<Digest> leaves;
    Digest root{};
};

Tree make_tree(DigestAlgo algo, std::size_t n) {
    Tree t;
    t.rows = ballot_rows(n);
    Hasher hasher(algo);
    MerkleBuilder builder(algo);
    for (const std::string& row : t.rows) {
        t.leaves.push_back(merkle_leaf_hash(hasher, row));
        builder.add_leaf(row);
    }
    t.root = builder.root();
    return t;
}

}  // namespace

TEST_CASE("merkle_proof::every_leaf_of_every_tree") {
    for (DigestAlgo algo : {DigestAlgo::sha256, DigestAlgo::sm3}) {
        CAPTURE(digest_name(algo));
        // SM3 (slower) up to 33 leaves: past the 32-leaf boundary, and the suite stays quick.
        const std::uint64_t max_n = algo == DigestAlgo::sha256 ? 70 : 33;
        for (std::uint64_t n = 1; n <= max_n; ++n) {
            CAPTURE(n);
            const Tree t = make_tree(algo, n);
            for (std::uint64_t i = 0; i < n; ++i) {
                CAPTURE(i);
                const std::vector<Digest> path = merkle_inclusion_path(algo, t.leaves, i);
                REQUIRE(path.size() == sides(i, n).size());
                REQUIRE(merkle_verify_inclusion_of_row(algo, t.rows[i], i, n, path, t.root));
                REQUIRE(merkle_verify_inclusion(algo, t.leaves[i], i, n, path, t.root));

                // Any changed byte of the row.
                for (std::size_t b = 0; b < t.rows[i].size(); ++b) {
                    std::string changed = t.rows[i];
                    changed[b] = static_cast<char>(changed[b] ^ 0x01);
                    CHECK_FALSE(merkle_verify_inclusion_of_row(algo, changed, i, n, path, t.root));
                }
                CHECK_FALSE(merkle_verify_inclusion_of_row(algo, t.rows[i] + " ", i, n, path, t.root));
                // Any changed path element, a dropped or an extra one.
                for (std::size_t p = 0; p < path.size(); ++p) {
                    std::vector<Digest> changed = path;
                    changed[p][p % 32] ^= 0x80;
                    CHECK_FALSE(merkle_verify_inclusion(algo, t.leaves[i], i, n, changed, t.root));
                }
                if (!path.empty())
                    CHECK_FALSE(merkle_verify_inclusion(algo, t.leaves[i], i, n, std::span(path).first(path.size() - 1),
                                                        t.root));
                std::vector<Digest> longer = path;
                longer.push_back(t.root);
                CHECK_FALSE(merkle_verify_inclusion(algo, t.leaves[i], i, n, longer, t.root));
                // Any other index, in the tree or past its end.
                for (std::uint64_t j = 0; j <= n + 1; ++j)
                    if (j != i) CHECK_FALSE(merkle_verify_inclusion(algo, t.leaves[i], j, n, path, t.root));
                // Any other size: RFC 9162's check reads the size only through the turns the path
                // takes, so a size whose path for leaf i takes the same turns gives the same root (the
                // size is bound by the record, which the proof is checked against). Every other
                // size fails.
                for (std::uint64_t m = 0; m <= n + 8; ++m) {
                    if (m == n) continue;
                    CAPTURE(m);
                    const bool same_turns = i < m && sides(i, m) == sides(i, n);
                    CHECK(merkle_verify_inclusion(algo, t.leaves[i], i, m, path, t.root) == same_turns);
                }
                // Another root.
                Digest other = t.root;
                other[31] ^= 0x01;
                CHECK_FALSE(merkle_verify_inclusion(algo, t.leaves[i], i, n, path, other));
            }
        }
    }
}

TEST_CASE("merkle_proof::known_path") {
    // Leaf 2 of 7 (RFC 9162's example tree shape): siblings d (leaf 3), a-b (0..1), e-f-g (4..6).
    const Tree t = make_tree(DigestAlgo::sha256, 7);
    const auto root_of = [&](std::size_t begin, std::size_t end) {
        MerkleBuilder b(DigestAlgo::sha256);
        for (std::size_t i = begin; i < end; ++i) b.add_leaf(t.rows[i]);
        return b.root();
    };
    const std::vector<Digest> path = merkle_inclusion_path(DigestAlgo::sha256, t.leaves, 2);
    REQUIRE(path.size() == 3);
    CHECK(path[0] == t.leaves[3]);
    CHECK(path[1] == root_of(0, 2));
    CHECK(path[2] == root_of(4, 7));
    CHECK(merkle_inclusion_path(DigestAlgo::sha256, std::span(t.leaves).first(1), 0).empty());
    CHECK_THROWS_AS((void)merkle_inclusion_path(DigestAlgo::sha256, t.leaves, 7), std::invalid_argument);
}

TEST_CASE("merkle_proof::file_round_trip") {
    const Tree t = make_tree(DigestAlgo::sha256, 41);
    BallotProof proof;
    proof.algo = DigestAlgo::sha256;
    proof.record_digest = digest(DigestAlgo::sha256, "the record's bytes");
    proof.ballot = "1005";
    proof.leaf_index = 5;
    proof.row = t.rows[5];
    proof.tree_size = 41;
    proof.path = merkle_inclusion_path(DigestAlgo::sha256, t.leaves, 5);
    proof.root = t.root;
    CHECK(check_proof(proof));

    const std::string bytes = write_proof(proof);
    CHECK(bytes.starts_with("{\n  \"format\": \"piaojue-proof/1\",\n  \"algorithm\": \"sha256\",\n"));
    CHECK(bytes.find("\"row\": \"1005\\tYNA?Y\\t\\t备注\",\n  \"leaf_index\": 5,\n  \"tree_size\": 41,\n") !=
          std::string::npos);
    CHECK(bytes.ends_with("\"\n}\n"));
    const BallotProof back = parse_proof(bytes, "p.json");
    CHECK(write_proof(back) == bytes);
    CHECK(check_proof(back));

    SUBCASE("the ballot must be the row's serial") {
        BallotProof other = back;
        other.ballot = "1006";
        CHECK_FALSE(check_proof(other));
        other.ballot = "100";
        CHECK_FALSE(check_proof(other));
    }
    SUBCASE("a changed mark fails") {
        BallotProof other = back;
        other.row[5] = 'N';
        CHECK_FALSE(check_proof(other));
    }
}

TEST_CASE("merkle_proof::parse_errors") {
    const Tree t = make_tree(DigestAlgo::sm3, 3);
    BallotProof proof;
    proof.algo = DigestAlgo::sm3;
    proof.ballot = "1000";
    proof.row = t.rows[0];
    proof.tree_size = 3;
    proof.path = merkle_inclusion_path(DigestAlgo::sm3, t.leaves, 0);
    proof.root = t.root;
    REQUIRE(check_proof(proof));
    const std::string good = write_proof(proof);
    REQUIRE(check_proof(parse_proof(good, "p.json")));

    const auto message = [](const std::string& bytes) {
        const auto e = error_of([&] { (void)parse_proof(bytes, "p.json"); });
        REQUIRE(e);
        CHECK(e->code() == ExitCode::input);
        return std::string(e->what());
    };
    const auto replaced = [&](const std::string& from, const std::string& to) {
        std::string s = good;
        const auto at = s.find(from);
        REQUIRE(at != std::string::npos);
        return s.replace(at, from.size(), to);
    };
    CHECK(message("[]") == "p.json: not a piaojue-proof/1 file: not a JSON object");
    CHECK(message(replaced("piaojue-proof/1", "piaojue-proof/2")) ==
          "p.json: not a piaojue-proof/1 file: format must be piaojue-proof/1");
    CHECK(message(replaced("\"sm3\"", "\"md5\"")) ==
          "p.json: not a piaojue-proof/1 file: algorithm must be sha256 or sm3");
    CHECK(message(replaced("\"leaf_index\": 0", "\"leaf_index\": -1")) ==
          "p.json: not a piaojue-proof/1 file: leaf_index must be a non-negative integer");
    CHECK(message(replaced("\"tree_size\": 3", "\"tree_size\": \"3\"")) ==
          "p.json: not a piaojue-proof/1 file: tree_size must be a non-negative integer");
    CHECK(message(replaced("\"tree_size\": 3", "\"size\": 3")) ==
          "p.json: not a piaojue-proof/1 file: missing field tree_size");
    CHECK(message(replaced("\"tree_size\": 3", "\"tree_size\": 3, \"extra\": 1")) ==
          "p.json: not a piaojue-proof/1 file: unknown field extra");
    CHECK(message(replaced("\"path\": [\n    \"", "\"path\": [\n    \"x")) ==
          "p.json: not a piaojue-proof/1 file: path[0] must be 64 hex digits");
    CHECK(message(replaced("\"root\": \"", "\"root\": \"00")) ==
          "p.json: not a piaojue-proof/1 file: root must be 64 hex digits");
    CHECK(message("{").starts_with("p.json: not a piaojue-proof/1 file: [json.exception.parse_error"));
}

TEST_CASE("merkle_proof::fixtures_for_the_auditor_script") {
    // tests/data/proof/proof-*.json are these proofs' exact bytes; tests/scripts/verify_proof_test.py
    // checks them (and changed copies) with docs/audit/verify_proof.py against record-*.json, whose
    // merkle_root was computed in Python from the same rows.
    struct Case {
        DigestAlgo algo;
        std::uint64_t n;
        std::uint64_t index;
    };
    for (const Case& c : {Case{DigestAlgo::sha256, 41, 5}, Case{DigestAlgo::sm3, 13, 12}}) {
        const std::string algo(digest_name(c.algo));
        CAPTURE(algo);
        const Tree t = make_tree(c.algo, c.n);
        const std::string record = piaojue::test::data_file("proof/record-" + algo + ".json");
        CHECK(record.find("\"merkle_root\": \"" + to_hex(t.root) + "\"") != std::string::npos);
        BallotProof proof;
        proof.algo = c.algo;
        proof.record_digest = digest(c.algo, record);
        proof.ballot = std::to_string(1000 + c.index);
        proof.row = t.rows[c.index];
        proof.leaf_index = c.index;
        proof.tree_size = c.n;
        proof.path = merkle_inclusion_path(c.algo, t.leaves, c.index);
        proof.root = t.root;
        CHECK(write_proof(proof) == piaojue::test::data_file("proof/proof-" + algo + ".json"));
    }
}
