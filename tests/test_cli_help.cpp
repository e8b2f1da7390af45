// --help and CLI usage errors in Chinese (--lang zh, or a zh_* locale), and "did you mean" for a
// mistyped command or option (src/cli/help.cpp).
#include "support_cli.hpp"

#include "cli/help.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>
#include "memory_fs.hpp"

using namespace piaojue;
using namespace piaojue::test;

namespace {

// The subcommands `piaojue --help` lists (English), in order.
std::vector<std::string> subcommands_in(const std::string& help) {
    std::vector<std::string> names;
    std::istringstream lines(help);
    std::string line;
    bool on = false;
    while (std::getline(lines, line)) {
        if (line == "Subcommands:")
            on = true;
        else if (on && line.starts_with("  "))
            names.push_back(line.substr(2, line.find(' ', 2) - 2));
        else if (on)
            on = false;
    }
    return names;
}

// Every description an English help text shows: its first line, and what stands in the second
// column (from column 30, CLI11's default width, on the line or the one below a long name).
std::vector<std::string> descriptions_in(const std::string& help) {
    std::vector<std::string> found;
    std::istringstream lines(help);
    std::string line;
    std::getline(lines, line);
    found.push_back(line);
    while (std::getline(lines, line)) {
        // The column is padded with spaces (a name longer than it puts its description on the next line).
        if (line.starts_with("  ") && line.size() > 30 && line.substr(28, 2) == "  " && line[30] != ' ')
            found.push_back(line.substr(30));
    }
    return found;
}

}  // namespace

TEST_CASE("help::every_description_is_translated") {
    MemoryFileSystem mem;
    Cli cli(mem);
    const std::vector<std::string> subcommands = subcommands_in(cli({"--help"}).out);
    REQUIRE(subcommands.size() >= 12);
    std::vector<std::vector<std::string>> commands = {{}};
    for (const std::string& s : subcommands) commands.push_back({s});
    std::size_t checked = 0;
    for (std::vector<std::string> args : commands) {
        args.push_back("--help");
        const CliRun en = cli(args);
        args.insert(args.begin(), {"--lang", "zh"});
        const CliRun zh = cli(args);
        REQUIRE(en.code == 0);
        REQUIRE(zh.code == 0);
        for (const std::string& text : descriptions_in(en.out)) {
            const auto chinese = cli::chinese_description(text);
            CHECK_MESSAGE(chinese.has_value(), "no Chinese for \"" << text << "\" (src/cli/help.cpp, k_chinese)");
            if (chinese)
                CHECK_MESSAGE(zh.out.find(*chinese) != std::string::npos, "--lang zh does not show " << *chinese);
            CHECK_MESSAGE(zh.out.find(text) == std::string::npos, "--lang zh still shows \"" << text << "\"");
            ++checked;
        }
    }
    CHECK(checked > 60);
}

TEST_CASE("help::chinese_labels_and_alignment") {
    MemoryFileSystem mem;
    Cli cli(mem);
    const CliRun r = cli({"tally", "--help", "--lang", "zh"});
    CHECK(r.code == 0);
    CHECK(r.out.starts_with("计票：显示结果并写出结果记录\n用法: piaojue tally [选项] session\n\n参数:\n"));
    // 必填 is four columns wide: the description starts in column 30 like the others.
    CHECK(r.out.find("\n  session TEXT 必填           会议文件（session.toml）\n") != std::string::npos);
    CHECK(r.out.find("\n  -o,--output TEXT            结果记录写到哪里") != std::string::npos);
    // A zh_* locale without --lang, and --lang en over it.
    cli.vars["LANG"] = "zh_CN.UTF-8";
    CHECK(cli({"--help"}).out.find("\n命令:\n  check                       检查会议文件") != std::string::npos);
    CHECK(cli({"--help", "--lang", "en"}).out.find("\nSubcommands:\n") != std::string::npos);
}

TEST_CASE("help::usage_errors_in_chinese") {
    MemoryFileSystem mem;
    Cli cli(mem);
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--lang", "zh"},
         "缺少命令：piaojue 后面要写上做什么，例如 piaojue check session.toml\n运行 piaojue --help 查看用法。\n"},
        {{"tally", "--lang", "zh"}, "缺少必填的参数 session\n运行 piaojue tally --help 查看用法。\n"},
        {{"tally", "s.toml", "--lang=zh", "-o"}, "--output 后面缺少要填的值\n运行 piaojue tally --help 查看用法。\n"},
        {{"tally", "a.toml", "b.toml", "--lang", "zh"}, "多余的参数：b.toml\n运行 piaojue tally --help 查看用法。\n"},
        {{"--lang", "zh", "keygen", "--algo", "rsa", "-o", "k"},
         "--algo 的值 rsa 不可用，可以是：ed25519,sm2\n运行 piaojue keygen --help 查看用法。\n"},
        {{"--lang", "zh", "batch", "d", "-o", "o", "-j", "0"},
         "--jobs 的值 0 超出范围：须在 1 到 256 之间\n运行 piaojue batch --help 查看用法。\n"},
        {{"--lang", "zh", "next-round", "r.json", "-o", "d", "--present", "-3"},
         "--present 的值 -3 不可用：须为不小于 0 的整数\n运行 piaojue next-round --help 查看用法。\n"},
        {{"--lang", "zh", "verify", "r.json", "--trust", "t.toml", "--no-trust"},
         "--trust 和 --no-trust 不能同时使用\n运行 piaojue verify --help 查看用法。\n"},
        {{"--lang", "zh", "tally", "s.toml", "--forse"},
         "多余的参数：--forse\n  提示：没有 --forse 这个选项，是不是要用 --force？\n运行 piaojue tally --help "
         "查看用法。\n"},
    };
    for (const auto& [args, expected] : cases) {
        std::string line;
        for (const auto& a : args) line += " " + a;
        const CliRun r = cli(args);
        CHECK_MESSAGE(r.code == 2, "piaojue" << line);
        CHECK_MESSAGE(r.err == expected, "piaojue" << line);
        CHECK(r.out.empty());
    }
}

TEST_CASE("help::did_you_mean") {
    MemoryFileSystem mem;
    Cli cli(mem);
    CliRun r = cli({"tallly", "session.toml"});
    CHECK(r.code == 2);
    CHECK(r.err == "unknown command \"tallly\"\n  hint: did you mean tally?\nRun with --help for more information.\n");
    r = cli({"--lang", "zh", "shwo", "result.json"});
    CHECK(r.code == 2);
    CHECK(r.err == "没有 “shwo” 这个命令\n  提示：是不是要用 show？\n运行 piaojue --help 查看用法。\n");
    // A prefix names the commands it starts.
    r = cli({"next", "result.json"});
    CHECK(r.err.starts_with("unknown command \"next\"\n  hint: did you mean next-round?\n"));
    // Nothing near: the commands, as --help lists them.
    r = cli({"session.toml"});
    CHECK(r.code == 2);
    CHECK(r.err.starts_with("unknown command \"session.toml\"\n  hint: the commands are check, template, tally, "));
    // A mistyped option of the command it was given to.
    r = cli({"tally", "s.toml", "--outptu", "r.json"});
    CHECK(r.code == 2);
    CHECK(r.err.find("  hint: there is no option --outptu; did you mean --output?\n") != std::string::npos);
    CHECK(mem.files.empty());
}

TEST_CASE("help::nearest") {
    const std::vector<std::string> names = {"check", "template", "tally", "show", "sign", "sample", "next-round"};
    CHECK(cli::nearest("tallly", names) == std::vector<std::string>{"tally"});
    CHECK(cli::nearest("talyl", names) == std::vector<std::string>{"tally"});  // a swap counts one
    CHECK(cli::nearest("sgin", names) == std::vector<std::string>{"sign"});
    CHECK(cli::nearest("shw", names) == std::vector<std::string>{"show"});
    CHECK(cli::nearest("s", names).empty());  // too short to be a typo of any
    CHECK(cli::nearest("frobnicate", names).empty());
    CHECK(cli::nearest("next", names) == std::vector<std::string>{"next-round"});
}

TEST_CASE("help::lang_in_args") {
    CHECK(cli::lang_in_args({"tally", "s", "--lang", "zh"}) == Lang::zh);
    CHECK(cli::lang_in_args({"--lang=en", "tally"}) == Lang::en);
    CHECK(cli::lang_in_args({"--lang", "zh", "check", "--lang", "en"}) == Lang::en);  // the last one, as CLI11
    CHECK(!cli::lang_in_args({"tally", "s", "--lang"}).has_value());
    CHECK(!cli::lang_in_args({"--lang", "fr"}).has_value());
}
