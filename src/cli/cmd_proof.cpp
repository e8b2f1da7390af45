// piaojue proof RECORD --ballot 票号: one keyed ballot row's inclusion proof under the record's
// Merkle root; piaojue proof RECORD --check PROOF: the proof checked without the ballots file.
#include "cli/commands.hpp"
#include "cli/json_out.hpp"

#include <piaojue/audit.hpp>

#include <nlohmann/json.hpp>

namespace piaojue::cli {

void setup_proof(CLI::App& app, ProofOptions& o) {
    app.add_option("record", o.record, "The record (result.json)")->required();
    auto* ballot = app.add_option("--ballot", o.ballot, "The 票号 of the ballot to prove (needs the ballots file)");
    auto* check = app.add_option("--check", o.check, "Check this proof file against the record (no ballots file)");
    ballot->excludes(check);
    app.add_option("--ballots", o.ballots, "The ballots file (default: the one the record names, beside its session)");
    app.add_option("--session", o.session, "The session file (default: the one the record names, beside it)");
    app.add_option("-o,--output", o.output, "Write the proof to this file (default: standard output)");
}

int run_proof(const ProofOptions& o, const Common& common, Environment& env) {
    auto [bytes, record] = read_record_file(env, o.record);
    const bool zh = common.lang == Lang::zh;
    if (!o.check.empty()) {
        BallotProof proof = parse_proof(env.fs.read(o.check), o.check);
        std::vector<Text> wrong = check_proof_against(proof, record, bytes);
        if (common.json) {
            nlohmann::ordered_json problems = nlohmann::ordered_json::array();
            for (const Text& t : wrong) problems.push_back(t.in(common.lang));
            Json j = json_head("proof", wrong.empty() ? "pass" : "fail",
                               wrong.empty() ? ExitCode::ok : ExitCode::verify_failed);
            j.update(Json{{"ballot", proof.ballot}, {"proves", wrong.empty()}, {"problems", problems}});
            print_json(env.out, j);
        } else if (!common.quiet || !wrong.empty()) {
            if (wrong.empty())
                env.out << (zh ? "证明有效：票号 " + proof.ballot + " 的录入行在结果记录的 Merkle 根之下（第 " +
                                     std::to_string(proof.leaf_index + 1) + " 行，共 " +
                                     std::to_string(proof.tree_size) + " 行）。\n"
                               : "The proof holds: ballot " + proof.ballot + "'s keyed row is under the record's " +
                                     "Merkle root (row " + std::to_string(proof.leaf_index + 1) + " of " +
                                     std::to_string(proof.tree_size) + ").\n");
            for (const Text& t : wrong)
                env.out << (zh ? "证明无效：" : "The proof FAILS: ") << t.in(common.lang) << '\n';
        }
        return static_cast<int>(wrong.empty() ? ExitCode::ok : ExitCode::verify_failed);
    }
    if (o.ballot.empty())
        throw Error(ExitCode::usage,
                    Diagnostic{.message = {"give --ballot 票号 to make a proof, or --check PROOF",
                                           "请用 --ballot 票号 出具证明，或用 --check 证明文件 核对"}});
    const std::vector<KeyedBallot> ballots =
        keyed_ballots_of(env, common, record, o.record, o.ballots, o.session).ballots;
    const std::string text = write_proof(prove_ballot(record, bytes, ballots, o.ballot));
    if (o.output.empty() || o.output == "-")
        env.out << text;
    else
        env.fs.write_atomic({OutputFile{o.output, text}}, common.force);
    return 0;
}

}  // namespace piaojue::cli
