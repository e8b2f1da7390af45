// piaojue next-round RECORD -o DIR: the next round's session file and ballot template.
#include "cli/commands.hpp"
#include "cli/json_out.hpp"

#include <piaojue/confine.hpp>
#include <piaojue/next_round.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>

namespace piaojue::cli {

void setup_next_round(CLI::App& app, NextRoundOptions& o) {
    app.add_option("record", o.record, "The previous round's record (result.json)")->required();
    app.add_option("-o,--output", o.output_dir, "Directory for the new session.toml and ballots.csv")
        ->required()
        ->check(non_empty_path, "", "NONEMPTY");
    app.add_option("--id", o.id, "Session id of the new round (default: <previous id>-r<round>)");
    app.add_option("--present", o.present, "Deputies present at this round's vote")->check(CLI::NonNegativeNumber);
    app.add_option("--issued", o.issued, "Ballots issued in this round")->check(CLI::NonNegativeNumber);
    app.add_option("--returned", o.returned, "Ballots returned in this round")->check(CLI::NonNegativeNumber);
}

int run_next_round(const NextRoundOptions& o, const Common& common, Environment& env) {
    NextRoundInput in;
    in.record_bytes = env.fs.read(o.record);
    // The session file names the record relative to itself.
    namespace fs = std::filesystem;
    fs::path rel =
        fs::absolute(o.record).lexically_normal().lexically_relative(fs::absolute(o.output_dir).lexically_normal());
    in.record_path = rel.empty() ? o.record : rel.generic_string();
    in.id = o.id;
    in.present = o.present;
    in.issued = o.issued;
    in.returned = o.returned;
    NextRoundFiles files = make_next_round(in, o.record, common.lang);

    // One rule for every output (docs/limits.md): piaojue creates the folder -o names, never its
    // parents, as tally -o writes only into a folder that exists.
    if (std::string parent = parent_dir(o.output_dir); !env.fs.is_directory(parent))
        throw_about(
            ExitCode::write_failed, o.output_dir,
            {"the folder \"" + parent + "\" that should hold it does not exist", "其上级目录“" + parent + "”不存在"},
            {"create it first (mkdir -p " + parent + ") or choose another output folder",
             "请先创建该目录（mkdir -p " + parent + "），或换一个输出目录"});
    std::string session_path = join_path(o.output_dir, "session.toml");
    // The new session names the record by `previous`, which tally reads only inside the folder
    // above the session's (docs/limits.md): refuse now a layout that tally would refuse later.
    PathPolicy policy{common.allow_paths};
    if (!path_allowed(env.fs, resolve_beside(session_path, in.record_path), folder_above(env.fs, session_path, 1),
                      policy))
        throw Error(
            ExitCode::usage,
            Diagnostic{
                .message = {"the new round's folder " + o.output_dir +
                                " is not beside the previous round's: tally would refuse its previous = "
                                "\"" +
                                in.record_path + "\"",
                            "新一轮的目录 " + o.output_dir + " 不在上一轮目录的旁边：计票时会拒绝其中的 previous = \"" +
                                in.record_path + "\""},
                .hint = {"write the next round next to the previous one (e.g. -o round-2 beside "
                         "round-1/), or pass --allow-path DIR here and to tally",
                         "请把下一轮写在上一轮的旁边（例如与 round-1/ 并列的 -o round-2），或在此处和计票时都加上 "
                         "--allow-path 目录"}});
    env.fs.make_directories(o.output_dir);
    std::string ballots_path = join_path(o.output_dir, "ballots.csv");
    env.fs.write_atomic({OutputFile{session_path, files.session_toml}, OutputFile{ballots_path, files.ballots_csv}},
                        common.force);
    if (common.json) {
        const NextRound& next = *files.previous.decision.next_round;
        Json j = json_head("next-round", "ok", ExitCode::ok);
        j.update(Json{{"kind", name(next.kind)},
                      {"round", files.previous.setup.round + 1},
                      {"seats", next.seats},
                      {"session", session_path},
                      {"ballots", ballots_path}});
        print_json(env.out, j);
    } else if (!common.quiet) {
        bool zh = common.lang == Lang::zh;
        env.out << (zh ? "已写出 " : "Wrote ") << session_path << (zh ? " 和 " : " and ") << ballots_path << '\n';
        if (!o.present || !o.issued || !o.returned)
            env.out << (zh ? "请在会议文件中填写本轮的出席人数、发出和收回的选票数，再运行 piaojue tally。\n"
                           : "Fill in this round's attendance and ballot numbers in the session file, then run piaojue "
                             "tally.\n");
    }
    return 0;
}

}  // namespace piaojue::cli
