// piaojue compare A.csv B.csv [SESSION]: double keying (双人录入). Every difference between two
// keyings of the same paper ballots, by 票号 and project, for the counters to settle against the
// paper; exit 10 when there is one.
#include "cli/commands.hpp"
#include "cli/json_out.hpp"

#include <piaojue/csv.hpp>
#include <piaojue/keying.hpp>
#include <piaojue/round.hpp>

#include <nlohmann/json.hpp>

namespace piaojue::cli {

namespace {

// The project columns of a ballots file's header: every cell but 票号, 状态 and 备注.
std::vector<std::string> project_columns(const FileSystem& fs, const std::string& path, Encoding encoding) {
    DecodingSource text(fs.open(path), input_encoding(fs, path, encoding, nullptr), path);
    CsvReader csv(text, path);
    if (!csv.next())
        throw_input_error(path, 0, 0, {"the ballots file is empty", "选票文件为空"},
                          {"the first row must be the header", "第一行应为表头"});
    std::vector<std::string> ids;
    for (const CsvField& f : csv.fields())
        if (!trim(f.text).empty() && !ballot_column(f.text)) ids.emplace_back(trim(f.text));
    return ids;
}

nlohmann::ordered_json json_of(const KeyingComparison& c, const std::vector<std::string>& ids, const MarkTable& marks) {
    using json = nlohmann::ordered_json;
    using What = KeyingDifference::What;
    json diffs = json::array();
    for (const KeyingDifference& d : c.differences) {
        static constexpr const char* k_what[] = {"mark", "status", "note", "only-first", "only-second"};
        json j = {{"ballot", d.ballot}, {"what", k_what[static_cast<int>(d.what)]}};
        if (d.what == What::mark) j["project"] = ids[d.project];
        auto side = [&](Mark m, const std::string& text, std::size_t line) {
            json s = json::object();
            if (d.what == What::mark) {
                s["mark"] = std::string(1, mark_letter(m));
                s["words"] = marks.words(m).zh;
                s["words_en"] = marks.words(m).en;
            } else if (d.what == What::status || d.what == What::note) {
                s["text"] = text;
            }
            s["line"] = line;
            return s;
        };
        if (d.what != What::only_second) j["first"] = side(d.first, d.first_text, d.first_line);
        if (d.what != What::only_first) j["second"] = side(d.second, d.second_text, d.second_line);
        diffs.push_back(std::move(j));
    }
    const auto rate = c.agreement_rate();
    Json j = json_head("compare", c.same() ? "same" : "differ", c.same() ? ExitCode::ok : ExitCode::keyings_differ);
    j.update(Json{{"same", c.same()},
                  {"first", {{"file", c.first_file}, {"rows", c.first_rows}}},
                  {"second", {{"file", c.second_file}, {"rows", c.second_rows}}},
                  {"cells", c.cells},
                  {"agreeing", c.agreeing},
                  {"agreement_rate", rate ? json(*rate) : json(nullptr)},
                  {"differences", diffs}});
    return j;
}

}  // namespace

void setup_compare(CLI::App& app, CompareOptions& o) {
    app.add_option("first", o.first, "The first keying (ballots.csv)")->required();
    app.add_option("second", o.second, "The second keying of the same paper ballots")->required();
    app.add_option("session", o.session,
                   "The session file: its projects, their order and its marks (default: the first file's header)");
}

int run_compare(const CompareOptions& o, const Common& common, Environment& env) {
    std::vector<std::string> ids;
    MarkTable marks = selection_marks();
    if (!o.session.empty()) {
        const LoadedRound loaded = load_round(env.fs, o.session, read_options(common, env));
        for (const Candidate& c : loaded.setup.candidates) ids.push_back(c.id);
        marks = loaded.setup.marks;
    } else {
        ids = project_columns(env.fs, o.first, common.encoding);
    }
    std::vector<Diagnostic> notices;
    auto rows_of = [&](const std::string& file) {
        DecodingSource text(env.fs.open(file), input_encoding(env.fs, file, common.encoding, &notices), file);
        return read_keyed_rows(text, file, ids, marks);
    };
    const std::vector<KeyedRow> first = rows_of(o.first), second = rows_of(o.second);
    print_notices(notices, common, env);
    const KeyingComparison c = compare_keyings(first, second, o.first, o.second);
    const int code = c.same() ? 0 : static_cast<int>(ExitCode::keyings_differ);
    if (common.json) {
        env.out << json_of(c, ids, marks).dump(2, ' ', false) << '\n';
        return code;
    }
    if (common.quiet) return code;
    const bool zh = common.lang == Lang::zh;
    const std::string rate = c.agreement_rate().value_or("-");
    const std::string a = std::to_string(c.first_rows), b = std::to_string(c.second_rows),
                      cells = std::to_string(c.cells), agree = std::to_string(c.agreeing);
    env.out << (zh ? "比对 " + o.first + "（" + a + " 张选票）与 " + o.second + "（" + b + " 张选票）\n" +
                         "比对单元格 " + cells + " 个，一致 " + agree + " 个（" + rate + "%）\n"
                   : "Comparing " + o.first + " (" + a + " ballots) with " + o.second + " (" + b + " ballots)\n" +
                         cells + " cells compared, " + agree + " agree (" + rate + "%)\n");
    if (c.same()) {
        env.out << (zh ? "\n两份录入完全一致。\n" : "\nThe two keyings agree.\n");
        return code;
    }
    const std::string n = std::to_string(c.differences.size());
    env.out << (zh ? "\n不一致之处 " + n + " 处，请对照纸质选票更正：\n"
                   : "\n" + n + (c.differences.size() == 1 ? " difference" : " differences") +
                         "; settle each against the paper ballot:\n");
    for (const KeyingDifference& d : c.differences)
        env.out << "  " << describe(d, c, ids, marks).in(common.lang) << '\n';
    env.out << (zh ? "\n两份录入不一致（退出码 10）。\n" : "\nThe two keyings differ (exit 10).\n");
    return code;
}

}  // namespace piaojue::cli
