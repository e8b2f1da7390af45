#include "cli/help.hpp"

#include <piaojue/text.hpp>

#include <algorithm>
#include <memory>
#include <numeric>
#include <regex>
#include <sstream>
#include <utility>

namespace piaojue::cli {

namespace {

// The Chinese of every description in the option tables (src/cli/cmd_*.cpp, app.cpp), worded as
// a township's own documents are (入选, 票, 人). Keyed by the English text: a description changed
// or added without its Chinese shows in English under --lang zh, and the test
// `help::every_description_is_translated` fails.
constexpr std::pair<std::string_view, std::string_view> k_chinese[] = {
    // CLI11's own flags and the top level
    {"Print this help message and exit", "显示本帮助并退出"},
    {"Display program version information and exit", "显示版本号并退出"},
    {"piaojue — ballot tally and audit for 民生实事项目人大代表票决制",
     "piaojue — 民生实事项目人大代表票决计票与审计工具"},
    // common options (app.cpp)
    {"Language of messages: zh or en (default: from the locale)",
     "提示信息的语言：zh（中文）或 en（英文），默认按系统语言"},
    {"Encoding of the CSV inputs: utf-8 (default) or gb18030", "CSV 文件的编码：utf-8（默认）或 gb18030"},
    {"Machine-readable output on stdout instead of the human text", "输出供程序读取的 JSON，代替给人看的文字"},
    {"Replace existing output files", "覆盖已有的输出文件"},
    {"Print nothing but errors", "只显示错误"},
    {"Also let session files name files in DIR (default: only their own folder)",
     "允许会议文件引用 DIR 目录中的文件（默认只能引用会议文件所在目录）"},
    // the commands
    {"Check the session file and candidate list (R1–R3)", "检查会议文件和候选项目清单（差额、法定人数、票数）"},
    {"Write the empty ballots file to key into, header in ballot order", "生成空白的录票文件，表头按选票上的项目顺序"},
    {"Tally one round, print the result and write the record", "计票：显示结果并写出结果记录"},
    {"Print a record's result again, as tally printed it", "按计票时的格式重新显示结果记录"},
    {"Key the paper ballots on a keyboard entry screen, one ballot at a time", "在录入界面上用键盘逐张录入纸质选票"},
    {"CLASS=KEYS: the keys of a class of marks, e.g. approve=1o or 弃权=3space (repeatable)",
     "类别=按键：某类标记所用的按键，如 approve=1o 或 弃权=3space（可多次指定）"},
    {"Key into the session's ballots_second file: the second keying, without the first shown",
     "录入到会议文件指定的 ballots_second：第二遍录入，不显示第一遍的内容"},
    {"List every difference between two keyings of the same ballots (exit 10 if any)",
     "双人录入比对：列出两份录入之间的每一处不同（有不同时退出码为 10）"},
    {"The first keying (ballots.csv)", "第一份录入（ballots.csv）"},
    {"The second keying of the same paper ballots", "同一批纸质选票的第二份录入"},
    {"The session file: its projects, their order and its marks (default: the first file's header)",
     "会议文件：项目、项目顺序和标记（默认按第一份录入的表头）"},
    {"Print a vote's papers: result report, notice or blank ballot (HTML, PDF, PNG)",
     "生成票决文书：计票结果报告单、公告或空白票样（HTML、PDF、PNG）"},
    {"Write the next round's session file and ballot template", "生成下一轮（再次票决或另行票决）的会议文件和录票模板"},
    {"Generate an officer's key pair (Ed25519 or SM2)", "为签名人生成密钥对（Ed25519 或国密 SM2）"},
    {"Add an officer's signature to a record's signature file", "签名人对结果记录签名"},
    {"Re-check a published record: inputs, re-tally, rules, signatures",
     "核验已公布的结果记录：输入文件、重新计票、规则、签名"},
    {"Add an officer's public key, role and name to a trust list", "把签名人的公钥、身份和姓名加入可信名单"},
    {"Which paper ballots to pull for a hand check, from a public seed", "按公开的随机种子抽取纸质选票供人工核对"},
    {"A ballot row's Merkle inclusion proof under its record, or the check of one",
     "生成一张选票在结果记录中的默克尔包含证明，或核对这样的证明"},
    {"Tally every session under a directory or in a manifest, in parallel",
     "批量计票：目录下或清单中的全部会议，并行进行"},
    {"Print the bash or zsh completion script", "输出 bash 或 zsh 的命令补全脚本"},
    {"The shell: bash or zsh", "shell：bash 或 zsh"},
    // check, tally, template, show
    {"The session file (session.toml)", "会议文件（session.toml）"},
    {"Where to write it (default: the ballots file the session names, beside it; - for stdout)",
     "写到哪里（默认：会议文件中指定的录票文件；- 表示标准输出）"},
    {"Start with a UTF-8 byte-order mark, so that Excel on Chinese Windows opens it",
     "文件开头加 UTF-8 BOM，中文 Windows 的 Excel 才能正确打开"},
    {"Where to write the record (default: result.json beside the session file; - for stdout)",
     "结果记录写到哪里（默认：会议文件旁的 result.json；- 表示标准输出）"},
    {"The record (result.json) to show", "要显示的结果记录（result.json）"},
    // report
    {"The record (result.json), or for --kind ballot the session file",
     "结果记录（result.json）；--kind ballot 时为会议文件"},
    {"result (计票结果报告单), notice (公告) or ballot (票样, from a session)",
     "result（计票结果报告单）、notice（公告）或 ballot（票样，依据会议文件）"},
    {"html, pdf or png (default: pdf)", "html、pdf 或 png（默认 pdf）"},
    {"Where to write it (default: beside the input, e.g. result-report.pdf; - for stdout)",
     "写到哪里（默认：输入文件旁，例如 result-report.pdf；- 表示标准输出）"},
    {"The notice's number (公告第 N 号); without it, no number line", "公告编号（第 N 号）；不给出则不印编号行"},
    {"Show each adopted project's approvals in the notice", "在公告中列出每个入选项目的赞成票数"},
    // next-round
    {"The previous round's record (result.json)", "上一轮的结果记录（result.json）"},
    {"Directory for the new session.toml and ballots.csv", "新的 session.toml 和 ballots.csv 放在哪个目录"},
    {"Session id of the new round (default: <previous id>-r<round>)", "新一轮的会议编号（默认：<上一轮编号>-r<轮次>）"},
    {"Deputies present at this round's vote", "本轮实到代表人数"},
    {"Ballots issued in this round", "本轮发出选票张数"},
    {"Ballots returned in this round", "本轮收回选票张数"},
    // keygen, sign, passphrases
    {"Key algorithm: ed25519 (default) or sm2 (国密)", "密钥算法：ed25519（默认）或 sm2（国密）"},
    {"Write NAME.key (private, mode 0600) and NAME.pub", "写出 NAME.key（私钥，仅本人可读）和 NAME.pub（公钥）"},
    {"Read the key's passphrase from the first line of this file", "从这个文件的第一行读取私钥口令"},
    {"Read the key's passphrase from this environment variable", "从这个环境变量读取私钥口令"},
    {"Ask on the terminal for the passphrase that encrypts the private key (the default when no other source is "
     "given)",
     "在终端上询问加密私钥用的口令（未指定其他来源时的默认做法）"},
    {"Write the private key without a passphrase (anyone who copies the file can sign)",
     "私钥不加口令（拿到文件的人都能用它签名）"},
    {"Ask for the key's passphrase on the terminal", "在终端上询问私钥口令"},
    {"The record to sign (result.json or a batch summary.json)",
     "要签名的记录（result.json 或批量计票的 summary.json）"},
    {"The officer's private key (NAME.key from piaojue keygen)", "签名人的私钥（piaojue keygen 生成的 NAME.key）"},
    {"计票人|监票人|总监票人 or counter|scrutineer|chief-scrutineer",
     "计票人|监票人|总监票人（或 counter|scrutineer|chief-scrutineer）"},
    {"The officer's name as it appears on the report", "签名人姓名，与报告单上的一致"},
    // verify, trust-add
    {"The record (result.json) to verify, or a batch output directory",
     "要核验的结果记录（result.json）或批量计票的输出目录"},
    {"Whom to trust: a trust list (trust.toml: fingerprints, roles, names) or an officer's public key (NAME.pub, any "
     "role); repeatable",
     "信任谁：可信名单（trust.toml：指纹、身份、姓名）或签名人的公钥（NAME.pub，任何身份）；可重复"},
    {"Check integrity only: the verdict then says that the signers were not identified",
     "只核验完整性：结论中会注明未确认签名人身份"},
    {"A role that must have signed (default 总监票人; 'none' for none); repeatable",
     "必须签名的身份（默认总监票人；none 表示不要求）；可重复"},
    {"The session file whose inputs the record names (default: beside the record); for a batch directory, the "
     "batch's source directory or manifest",
     "记录所引用输入文件所在的会议文件（默认在记录旁边）；核验批量输出目录时，为批量计票的来源目录或清单"},
    {"The signature file (default: RECORD with .sig.json)", "签名文件（默认：记录文件名加 .sig.json）"},
    {"For a batch directory: records checked in parallel (default: all cores)",
     "核验批量输出目录时，同时核验几份记录（默认：全部 CPU 核）"},
    {"The officer's public key (NAME.pub from piaojue keygen)", "签名人的公钥（piaojue keygen 生成的 NAME.pub）"},
    {"The role the key may sign as: 计票人|监票人|总监票人", "该密钥可以签名的身份：计票人|监票人|总监票人"},
    {"The officer's name, as signatures must give it", "签名人姓名，签名时须与此一致"},
    {"The trust list to add the key to (created when missing)", "加入哪个可信名单（不存在时新建）"},
    // sample, proof
    {"The record (result.json) whose ballots to sample", "从哪份结果记录（result.json）的选票中抽取"},
    {"The public seed: digits, e.g. 20 rolled with ten-sided dice",
     "公开的随机种子：一串数字，例如掷十面骰子 20 次得到"},
    {"How many ballots to pull", "抽取多少张选票"},
    {"The ballots file (default: the one the record names, beside its session)", "录票文件（默认：记录中指定的那个）"},
    {"The session file (default: the one the record names, beside it)", "会议文件（默认：记录中指定的那个）"},
    {"Print the retrieval list as CSV (for a spreadsheet) instead of a table",
     "以 CSV 格式输出抽取清单（便于用表格软件打开）"},
    {"The record (result.json)", "结果记录（result.json）"},
    {"The 票号 of the ballot to prove (needs the ballots file)", "要证明的选票的票号（需要录票文件）"},
    {"Check this proof file against the record (no ballots file)", "用结果记录核对这个证明文件（不需要录票文件）"},
    {"Write the proof to this file (default: standard output)", "证明写到这个文件（默认：标准输出）"},
    // audit
    {"Compare the sampled paper ballots with their keyed rows; margin and risk limit",
     "风险限制审计：抽取的纸质选票与录入数据逐张比对，给出结果的差距和风险限度"},
    {"The record (result.json) of the audited round", "被审计轮次的结果记录（result.json）"},
    {"The auditors' file: the sampled paper ballots keyed again, in the ballots file's columns",
     "审计人员的文件：抽取的纸质选票重新录入，列与录票文件相同"},
    {"The public seed the sample was drawn with (piaojue sample)", "抽样时用的公开随机种子（piaojue sample）"},
    {"The risk limit in percent (default 10)", "风险限度，百分数（默认 10）"},
    {"AGI's error-inflation factor gamma (default 1.03905)", "AGI 方法的误差放大系数 gamma（默认 1.03905）"},
    // batch
    {"summary.csv's headers, status words and errors: zh (default) or en; never the locale's",
     "summary.csv 的表头、状态和错误用语：zh（默认）或 en；不随系统语言"},
    {"summary.csv's encoding: utf-8 (default, with a BOM) or gb18030 (no BOM, for old Excel)",
     "summary.csv 的编码：utf-8（默认，带 BOM）或 gb18030（不带 BOM，供旧版 Excel）"},
    {"A directory (every session.toml below it) or a CSV manifest (column session)",
     "一个目录（其下所有 session.toml）或 CSV 清单（session 列）"},
    {"Output directory: OUTDIR/<session id>/result.json, summary.json, summary.csv",
     "输出目录：OUTDIR/<会议编号>/result.json、summary.json、summary.csv"},
    {"Sessions tallied in parallel (default: all cores)", "同时计票的会议数（默认：全部 CPU 核）"},
    {"Sign every record and the summary with this private key", "用这个私钥对每份记录和汇总签名"},
    {"The signer's role (with --key)", "签名人身份（与 --key 一起用）"},
    {"The signer's name (with --key)", "签名人姓名（与 --key 一起用）"},
};

// CLI11 prints a group name before its options and subcommands; its labels are looked up.
class ChineseFormatter final : public CLI::Formatter {
public:
    ChineseFormatter() {
        label("Usage", "用法");
        label("OPTIONS", "选项");
        label("SUBCOMMAND", "命令");
        label("SUBCOMMANDS", "命令");
        label("Positionals", "参数");
        label("REQUIRED", "必填");
        label("Excludes", "不能同用");
        label("Needs", "须同用");
    }
    std::string make_group(std::string group, bool is_positional, std::vector<const CLI::Option*> opts) const override {
        return CLI::Formatter::make_group(group == "Options" ? "选项" : group, is_positional, std::move(opts));
    }
    // CLI11 pads the name column by bytes; a Chinese label (必填) is 6 bytes for 4 columns.
    std::string make_option(const CLI::Option* opt, bool is_positional) const override {
        const std::string name = "  " + make_option_name(opt, is_positional) + make_option_opts(opt);
        const std::size_t width = get_column_width();
        const std::size_t shown = display_width(name);
        std::string out = name;
        if (shown >= width)
            out += "\n" + std::string(width, ' ');
        else
            out += std::string(width - shown, ' ');
        return out + make_option_desc(opt) + "\n";
    }
};

void translate(CLI::App& app, const std::shared_ptr<CLI::FormatterBase>& formatter) {
    app.formatter(formatter);
    if (auto zh = chinese_description(app.get_description())) app.description(std::string(*zh));
    if (!app.get_group().empty() && app.get_parent() != nullptr) app.group("命令");
    for (CLI::Option* option : app.get_options([](const CLI::Option*) { return true; }))
        if (auto zh = chinese_description(option->get_description())) option->description(std::string(*zh));
    for (CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) translate(*sub, formatter);
}

std::string quoted(std::string_view word, Lang lang) {
    return lang == Lang::zh ? "“" + std::string(word) + "”" : "\"" + std::string(word) + "\"";
}

// "a", "a or b", "a, b or c" (zh: 、 and 或).
std::string alternatives(const std::vector<std::string>& words, Lang lang) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0)
            out += i + 1 == words.size() ? (lang == Lang::zh ? " 或 " : " or ") : (lang == Lang::zh ? "、" : ", ");
        out += words[i];
    }
    return out;
}

std::vector<std::string> long_options(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::Option* option : app.get_options())
        for (const std::string& l : option->get_lnames()) names.push_back("--" + l);
    return names;
}

std::string help_footer(const CLI::App& where, Lang lang) {
    const std::string command = where.get_parent() ? "piaojue " + where.get_name() : "piaojue";
    return lang == Lang::zh ? "运行 " + command + " --help 查看用法。\n" : "Run with --help for more information.\n";
}

// CLI11's parse error `e` in Chinese, from its type and the parts of its English text.
std::string chinese_error(const CLI::Error& e) {
    const std::string what = e.what();
    std::smatch m;
    if (dynamic_cast<const CLI::RequiredError*>(&e)) {
        if (what == "A subcommand is required")
            return "缺少命令：piaojue 后面要写上做什么，例如 piaojue check session.toml";
        if (std::regex_match(what, m, std::regex("(.+) is required")))
            return m[1].str().starts_with("-") ? "缺少必填的选项 " + m[1].str() : "缺少必填的参数 " + m[1].str();
    } else if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
        if (std::regex_match(what, m, std::regex("The following arguments? (?:was|were) not expected: (.*)")))
            return "多余的参数：" + m[1].str();
    } else if (dynamic_cast<const CLI::ValidationError*>(&e)) {
        if (std::regex_match(what, m, std::regex("(\\S+): (.*) not in \\{(.*)\\}")))
            return m[1].str() + " 的值 " + m[2].str() + " 不可用，可以是：" + m[3].str();
        if (std::regex_match(what, m, std::regex("(\\S+): Value (.*) not in range (\\S+) to (\\S+)"))) {
            if (m[4].length() > 20) return m[1].str() + " 的值 " + m[2].str() + " 不可用：须为不小于 0 的整数";
            return m[1].str() + " 的值 " + m[2].str() + " 超出范围：须在 " + m[3].str() + " 到 " + m[4].str() + " 之间";
        }
        if (std::regex_match(what, m, std::regex("(\\S+): the path is empty")))
            return m[1].str() + " 的值是空的：须写明文件或目录";
        if (std::regex_match(what, m, std::regex("(\\S+): (.*)"))) return m[1].str() + " 的值不可用：" + m[2].str();
    } else if (dynamic_cast<const CLI::ConversionError*>(&e)) {
        if (std::regex_match(what, m, std::regex("Could not convert: (\\S+) = (.*)")))
            return m[1].str() + " 的值 " + m[2].str() + " 格式不对（须为数字）";
    } else if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
        if (std::regex_match(what, m, std::regex("(\\S+): \\d+ required .* missing")))
            return m[1].str() + " 后面缺少要填的值";
        if (std::regex_match(what, m, std::regex("(\\S+): At Most .*"))) return m[1].str() + " 只能给一个值";
    } else if (dynamic_cast<const CLI::ExcludesError*>(&e)) {
        if (std::regex_match(what, m, std::regex("(\\S+) excludes (\\S+)")))
            return m[1].str() + " 和 " + m[2].str() + " 不能同时使用";
    } else if (dynamic_cast<const CLI::RequiresError*>(&e)) {
        if (std::regex_match(what, m, std::regex("(\\S+) requires (\\S+)")))
            return m[1].str() + " 须与 " + m[2].str() + " 一起使用";
    }
    return "命令行有误：" + what;
}

// For an unexpected option word, the options of the command it was given to that are nearest.
std::string option_hints(const CLI::App& where, const CLI::Error& e, Lang lang) {
    if (!dynamic_cast<const CLI::ExtrasError*>(&e)) return {};
    std::smatch m;
    const std::string what = e.what();
    if (!std::regex_match(what, m, std::regex("The following arguments? (?:was|were) not expected: (.*)"))) return {};
    std::string out;
    std::istringstream words(m[1].str());
    std::string word;
    const std::vector<std::string> names = long_options(where);
    while (words >> word) {
        if (!word.starts_with("--")) continue;
        const std::string name = word.substr(0, word.find('='));
        const std::vector<std::string> near = nearest(name, names);
        if (near.empty()) continue;
        out += lang == Lang::zh
                   ? "  提示：没有 " + name + " 这个选项，是不是要用 " + alternatives(near, lang) + "？\n"
                   : "  hint: there is no option " + name + "; did you mean " + alternatives(near, lang) + "?\n";
    }
    return out;
}

// Optimal string alignment distance (a swap of two neighbours counts one), over bytes: command
// and option names are ASCII.
std::size_t distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

}  // namespace

std::optional<Lang> lang_in_args(const std::vector<std::string>& args) {
    std::optional<Lang> lang;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view value;
        if (args[i] == "--lang" && i + 1 < args.size())
            value = args[++i];
        else if (args[i].starts_with("--lang="))
            value = std::string_view(args[i]).substr(7);
        else
            continue;
        if (value == "zh")
            lang = Lang::zh;
        else if (value == "en")
            lang = Lang::en;
    }
    return lang;
}

std::optional<std::string_view> chinese_description(std::string_view english) {
    for (const auto& [en, zh] : k_chinese)
        if (en == english) return zh;
    return std::nullopt;
}

std::vector<std::string> nearest(std::string_view word, const std::vector<std::string>& names) {
    std::vector<std::pair<std::size_t, std::string>> scored;
    for (const std::string& name : names) {
        const std::size_t d = distance(word, name);
        if (d <= 2 && d < name.size())
            scored.emplace_back(d, name);
        else if (word.size() >= 2 && name.starts_with(word))
            scored.emplace_back(3, name);
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> out;
    for (auto& s : scored)
        if (s.first == scored.front().first) out.push_back(std::move(s.second));
    return out;
}

std::string unknown_command(const CLI::App& root, std::string_view word, Lang lang) {
    std::vector<std::string> names;
    for (const CLI::App* sub : root.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); }))
        names.push_back(sub->get_name());
    const std::vector<std::string> near = nearest(word, names);
    std::string out = lang == Lang::zh ? "没有 " + quoted(word, lang) + " 这个命令\n"
                                       : "unknown command " + quoted(word, lang) + "\n";
    if (!near.empty())
        out += lang == Lang::zh ? "  提示：是不是要用 " + alternatives(near, lang) + "？\n"
                                : "  hint: did you mean " + alternatives(near, lang) + "?\n";
    else
        out += lang == Lang::zh ? "  提示：命令有 " + alternatives(names, lang) + "\n"
                                : "  hint: the commands are " + alternatives(names, lang) + "\n";
    return out + help_footer(root, lang);
}

void localize(CLI::App& root, Lang lang) {
    if (lang == Lang::zh) {
        translate(root, std::make_shared<ChineseFormatter>());
    }
    root.failure_message([lang](const CLI::App* app, const CLI::Error& e) {
        // The command the error is about: the subcommand named, if one was.
        const CLI::App* where = app;
        if (const std::vector<CLI::App*> picked = app->get_subcommands(); !picked.empty()) where = picked.front();
        std::string out = lang == Lang::zh ? chinese_error(e) + "\n" : std::string(e.what()) + "\n";
        return out + option_hints(*where, e, lang) + help_footer(*where, lang);
    });
}

}  // namespace piaojue::cli
