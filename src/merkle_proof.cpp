#include <piaojue/merkle.hpp>
#include <piaojue/merkle_proof.hpp>

#include <piaojue/error.hpp>

#include <algorithm>
#include <bit>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace piaojue {

using json = nlohmann::ordered_json;

namespace {

constexpr std::string_view k_proof_format = "piaojue-proof/1";

// H(0x01 || left || right), written here rather than borrowed from MerkleBuilder so that a proof
// checked by this file does not lean on the code that built the root.
Digest node_hash(Hasher& hasher, const Digest& left, const Digest& right) {
    const unsigned char prefix = 0x01;
    hasher.update(&prefix, 1);
    hasher.update(left.data(), left.size());
    hasher.update(right.data(), right.size());
    return hasher.finish();
}

// MTH of the leaves `leaf_hashes` (at least one), by the streaming builder.
Digest subtree_root(DigestAlgo algo, std::span<const Digest> leaf_hashes) {
    MerkleBuilder builder(algo);
    builder.add_leaf_hashes(leaf_hashes);
    return builder.root();
}

// The largest power of two smaller than `n` (n > 1): where RFC 6962 splits a tree.
std::uint64_t split_point(std::uint64_t n) {
    return std::bit_floor(n - 1);
}

}  // namespace

std::vector<Digest> merkle_inclusion_path(DigestAlgo algo, std::span<const Digest> leaf_hashes, std::uint64_t index) {
    if (index >= leaf_hashes.size()) throw std::invalid_argument("merkle_inclusion_path: index out of range");
    // PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) when m < k, else PATH(m - k, D[k:n]) : MTH(D[0:k]);
    // walked from the top, so the siblings come out root-first and are reversed at the end.
    std::vector<Digest> path;
    std::span<const Digest> tree = leaf_hashes;
    std::uint64_t m = index;
    while (tree.size() > 1) {
        const std::uint64_t k = split_point(tree.size());
        if (m < k) {
            path.push_back(subtree_root(algo, tree.subspan(k)));
            tree = tree.first(k);
        } else {
            path.push_back(subtree_root(algo, tree.first(k)));
            tree = tree.subspan(k);
            m -= k;
        }
    }
    return {path.rbegin(), path.rend()};
}

std::optional<Digest> merkle_root_from_path(DigestAlgo algo, const Digest& leaf_hash, std::uint64_t index,
                                            std::uint64_t tree_size, std::span<const Digest> path) {
    // RFC 9162 §2.1.3.2, step by step: fn is the node's index at its level, sn the last index.
    if (index >= tree_size) return std::nullopt;
    Hasher hasher(algo);
    std::uint64_t fn = index;
    std::uint64_t sn = tree_size - 1;
    Digest r = leaf_hash;
    for (const Digest& p : path) {
        if (sn == 0) return std::nullopt;  // path too long
        if ((fn & 1U) != 0 || fn == sn) {
            r = node_hash(hasher, p, r);
            // A last node without a right sibling moves up unchanged until it is a right child.
            while ((fn & 1U) == 0 && fn != 0) {
                fn >>= 1U;
                sn >>= 1U;
            }
        } else {
            r = node_hash(hasher, r, p);
        }
        fn >>= 1U;
        sn >>= 1U;
    }
    if (sn != 0) return std::nullopt;  // path too short
    return r;
}

bool merkle_verify_inclusion(DigestAlgo algo, const Digest& leaf_hash, std::uint64_t index, std::uint64_t tree_size,
                             std::span<const Digest> path, const Digest& root) {
    const auto computed = merkle_root_from_path(algo, leaf_hash, index, tree_size, path);
    return computed && *computed == root;
}

bool merkle_verify_inclusion_of_row(DigestAlgo algo, std::string_view leaf, std::uint64_t index,
                                    std::uint64_t tree_size, std::span<const Digest> path, const Digest& root) {
    Hasher hasher(algo);
    return merkle_verify_inclusion(algo, merkle_leaf_hash(hasher, leaf), index, tree_size, path, root);
}

std::string write_proof(const BallotProof& proof) {
    json path = json::array();
    for (const Digest& d : proof.path) path.push_back(to_hex(d));
    const json j = {{"format", k_proof_format},
                    {"algorithm", digest_name(proof.algo)},
                    {"record_digest", to_hex(proof.record_digest)},
                    {"ballot", proof.ballot},
                    {"row", proof.row},
                    {"leaf_index", proof.leaf_index},
                    {"tree_size", proof.tree_size},
                    {"path", path},
                    {"root", to_hex(proof.root)}};
    return j.dump(2, ' ', false, json::error_handler_t::strict) + "\n";
}

namespace {

[[noreturn]] void bad_proof(const std::string& file, const std::string& what) {
    throw_about(ExitCode::input, file,
                {"not a piaojue-proof/1 file: " + what, "不是 piaojue-proof/1 格式的证明文件：" + what},
                {"use the file written by `piaojue proof`", "请使用 piaojue proof 生成的文件"});
}

// The digest in `v`, named `what` in the error when it is not 64 hex digits.
Digest digest_value(const json& v, const std::string& what, const std::string& file) {
    const auto bytes = v.is_string() ? from_hex(v.get<std::string>()) : std::nullopt;
    if (!bytes || bytes->size() != Digest{}.size()) bad_proof(file, what + " must be 64 hex digits");
    Digest d{};
    for (std::size_t i = 0; i < d.size(); ++i) d[i] = static_cast<std::uint8_t>((*bytes)[i]);
    return d;
}

std::string string_field(const json& j, const char* key, const std::string& file) {
    const json& v = j.at(key);
    if (!v.is_string()) bad_proof(file, std::string(key) + " must be a string");
    return v.get<std::string>();
}

std::uint64_t count_field(const json& j, const char* key, const std::string& file) {
    const json& v = j.at(key);
    if (!v.is_number_unsigned()) bad_proof(file, std::string(key) + " must be a non-negative integer");
    return v.get<std::uint64_t>();
}

}  // namespace

BallotProof parse_proof(std::string_view bytes, const std::string& file) {
    json j;
    try {
        j = json::parse(bytes);
    } catch (const json::parse_error& e) {
        bad_proof(file, e.what());
    }
    if (!j.is_object()) bad_proof(file, "not a JSON object");
    static constexpr const char* k_keys[] = {"format",     "algorithm", "record_digest", "ballot", "row",
                                             "leaf_index", "tree_size", "path",          "root"};
    for (const char* key : k_keys)
        if (!j.contains(key)) bad_proof(file, std::string("missing field ") + key);
    if (j.size() != std::size(k_keys)) {
        for (const auto& [key, value] : j.items())
            if (std::find(std::begin(k_keys), std::end(k_keys), key) == std::end(k_keys))
                bad_proof(file, "unknown field " + key);
    }
    if (string_field(j, "format", file) != k_proof_format) bad_proof(file, "format must be piaojue-proof/1");
    BallotProof proof;
    const auto algo = parse_digest_name(string_field(j, "algorithm", file));
    if (!algo) bad_proof(file, "algorithm must be sha256 or sm3");
    proof.algo = *algo;
    proof.record_digest = digest_value(j.at("record_digest"), "record_digest", file);
    proof.ballot = string_field(j, "ballot", file);
    proof.row = string_field(j, "row", file);
    proof.leaf_index = count_field(j, "leaf_index", file);
    proof.tree_size = count_field(j, "tree_size", file);
    const json& path = j.at("path");
    if (!path.is_array() || path.size() > 64) bad_proof(file, "path must be a list of at most 64 digests");
    for (std::size_t i = 0; i < path.size(); ++i)
        proof.path.push_back(digest_value(path[i], "path[" + std::to_string(i) + "]", file));
    proof.root = digest_value(j.at("root"), "root", file);
    return proof;
}

bool check_proof(const BallotProof& proof) {
    if (!proof.row.starts_with(proof.ballot + '\t')) return false;
    return merkle_verify_inclusion_of_row(proof.algo, proof.row, proof.leaf_index, proof.tree_size, proof.path,
                                          proof.root);
}

}  // namespace piaojue
