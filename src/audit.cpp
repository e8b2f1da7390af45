#include <piaojue/audit.hpp>
#include <piaojue/ballots.hpp>
#include <piaojue/digest.hpp>
#include <piaojue/merkle.hpp>

#include <algorithm>

namespace piaojue {

namespace {

[[noreturn]] void not_the_file(const std::string& path, Text what) {
    throw_about(ExitCode::verify_failed, path, std::move(what),
                {"name the ballots file the round was tallied from (the record names its digest)",
                 "请指定本轮计票所用的选票文件（结果记录中有其摘要）"});
}

}  // namespace

std::string ballots_path_of(const FileSystem& fs, const RoundRecord& record, const std::string& record_path,
                            const std::string& session_path, const PathPolicy& policy) {
    const InputDigest* ballots = record.input("ballots");
    const std::string session = !session_path.empty() ? session_path : session_path_beside(record, record_path);
    const std::string name = ballots ? ballots->name : "ballots.csv";
    const std::string path = resolve_beside(session, name);
    if (!path_allowed(fs, path, folder_above(fs, session, 0), policy))
        throw_about(ExitCode::input, record_path,
                    {"the record names a ballots file outside the session's folder (\"" + name + "\"): not read",
                     "结果记录所指的选票文件不在会议文件所在的目录中（“" + name + "”）：未读取"},
                    {"name the ballots file with --ballots FILE, or allow its folder with --allow-path DIR",
                     "请用 --ballots 文件 指明选票文件，或用 --allow-path 目录 允许其所在目录"});
    return path;
}

std::vector<KeyedBallot> read_keyed_ballots(const FileSystem& fs, const RoundRecord& record, const std::string& path) {
    const InputDigest* named = record.input("ballots");
    if (!record.counts || named == nullptr)
        throw_about(ExitCode::input, path,
                    {"the record counted no ballot (" + std::string(name(record.decision.outcome)) + ")",
                     "该结果记录未计票（" + std::string(name(record.decision.outcome)) + "）"},
                    {"sample and prove the ballots of a round that was tallied", "请对已计票的轮次抽样和出具证明"});
    const DigestAlgo algo = record.setup.rules.digest;
    const std::string algo_name(digest_name(algo));
    {
        const std::string got = to_hex(digest_file(fs, path, algo));
        if (got != named->hex)
            not_the_file(path, {"its " + algo_name + " digest is " + got + ", but the record's ballots file has " +
                                    named->hex + ": not the file the round was tallied from",
                                "其 " + algo_name + " 摘要为 " + got + "，结果记录中的选票文件为 " + named->hex +
                                    "：不是本轮计票所用的文件"});
    }
    std::vector<std::string> ids;
    for (const Candidate& c : record.setup.candidates) ids.push_back(c.id);
    const Encoding encoding = parse_encoding(named->encoding).value_or(Encoding::utf8);
    DecodingSource text(fs.open(path), encoding, path);
    BallotReader reader(text, path, ids, record.setup.session.ballots_returned, &record.setup.marks);
    std::vector<KeyedBallot> out;
    MerkleBuilder tree(algo);
    Ballot ballot;
    while (reader.next(ballot)) {
        KeyedBallot k;
        k.serial = std::string(ballot.serial);
        k.line = ballot.line;
        BallotReader::normal_row(ballot, k.row);
        tree.add_leaf(k.row);
        out.push_back(std::move(k));
    }
    reader.finish();
    if (tree.root() != record.counts->merkle_root)
        not_the_file(path, {"its rows' Merkle root differs from the record's", "其各行的 Merkle 根与结果记录不符"});
    return out;
}

std::vector<SampleEntry> sample_keyed(const std::vector<KeyedBallot>& ballots, std::string_view seed, std::size_t k) {
    std::vector<std::string> ids;
    ids.reserve(ballots.size());
    for (const KeyedBallot& b : ballots) ids.push_back(b.serial);
    std::vector<SampleEntry> out;
    for (const SampledBallot& s : sample_ballots(seed, ids, k))
        out.push_back(SampleEntry{out.size() + 1, s.ticket, &ballots[s.index]});
    return out;
}

BallotProof prove_ballot(const RoundRecord& record, std::string_view record_bytes,
                         const std::vector<KeyedBallot>& ballots, const std::string& serial) {
    auto at = std::find_if(ballots.begin(), ballots.end(), [&](const KeyedBallot& b) { return b.serial == serial; });
    if (at == ballots.end())
        throw_input_error({}, 0, 0, {"no ballot has 票号 " + serial, "没有票号为 " + serial + " 的选票"},
                          {"give the 票号 as written on the paper ballot and in the ballots file",
                           "请按纸质选票和选票文件上的写法给出票号"});
    const DigestAlgo algo = record.setup.rules.digest;
    Hasher hasher(algo);
    std::vector<Digest> leaves;
    leaves.reserve(ballots.size());
    for (const KeyedBallot& b : ballots) leaves.push_back(merkle_leaf_hash(hasher, b.row));
    BallotProof proof;
    proof.algo = algo;
    proof.record_digest = digest(algo, record_bytes);
    proof.ballot = serial;
    proof.row = at->row;
    proof.leaf_index = static_cast<std::uint64_t>(at - ballots.begin());
    proof.tree_size = leaves.size();
    proof.path = merkle_inclusion_path(algo, leaves, proof.leaf_index);
    proof.root = record.counts->merkle_root;
    return proof;
}

std::vector<Text> check_proof_against(const BallotProof& proof, const RoundRecord& record,
                                      std::string_view record_bytes) {
    std::vector<Text> wrong;
    if (proof.algo != record.setup.rules.digest)
        wrong.push_back({"the proof's algorithm is not the record's", "证明所用算法与结果记录不同"});
    else if (proof.record_digest != digest(proof.algo, record_bytes))
        wrong.push_back({"the proof names another record (record_digest differs)",
                         "证明所指的是另一份结果记录（record_digest 不同）"});
    if (!record.counts) {
        wrong.push_back({"the record counted no ballot", "该结果记录未计票"});
        return wrong;
    }
    if (static_cast<Count>(proof.tree_size) != record.counts->rows)
        wrong.push_back({"the proof's tree_size is not the record's inputs.ballots.rows",
                         "证明的 tree_size 与结果记录的 inputs.ballots.rows 不同"});
    if (proof.root != record.counts->merkle_root)
        wrong.push_back({"the proof's root is not the record's merkle_root", "证明的根与结果记录的 merkle_root 不同"});
    if (!check_proof(proof))
        wrong.push_back({"the row does not hash up its path to the root, or is not ballot " + proof.ballot + "'s",
                         "该行沿路径算不出根，或不是票号 " + proof.ballot + " 的行"});
    return wrong;
}

}  // namespace piaojue
