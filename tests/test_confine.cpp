#include <piaojue/confine.hpp>
#include <piaojue/path.hpp>
#include <piaojue/round.hpp>

#include <doctest/doctest.h>

#include "memory_fs.hpp"
#include "support.hpp"

using namespace piaojue;
using piaojue::test::expect_error;
using piaojue::test::rendered;

namespace {

// A first round under /county/a with 5 projects for 3 seats; `candidates` as the session names it.
MemoryFileSystem township(const std::string& candidates) {
    MemoryFileSystem fs;
    std::string toml = test::first_session_toml(45, 41, 41, 41, 3);
    toml.replace(toml.find("candidates.csv"), 14, candidates);
    fs.files["/county/a/session.toml"] = toml;
    fs.files["/county/a/candidates.csv"] = test::candidates_csv(5);
    fs.files["/county/b/candidates.csv"] = test::candidates_csv(5);
    fs.files["/county/a/sub/candidates.csv"] = test::candidates_csv(5);
    return fs;
}

}  // namespace

TEST_CASE("path::normal_path") {
    CHECK(normal_path("/a/b/../c") == "/a/c");
    CHECK(normal_path("/a/../../etc") == "/etc");
    CHECK(normal_path("a/./b//c/") == "a/b/c");
    CHECK(normal_path("a/../../b") == "../b");
    CHECK(normal_path("") == ".");
}

TEST_CASE("path::path_within") {
    CHECK(path_within("/a/b", "/a"));
    CHECK(path_within("/a", "/a"));
    CHECK_FALSE(path_within("/ab", "/a"));
    CHECK_FALSE(path_within("/etc/passwd", "/a"));
    CHECK(path_within("/etc", "/"));
}

TEST_CASE("confine::session_paths") {
    SUBCASE("a file in the session's folder or below it is read") {
        CHECK(load_round(township("candidates.csv"), "/county/a/session.toml", {}).setup.candidates.size() == 5);
        CHECK(load_round(township("sub/../sub/candidates.csv"), "/county/a/session.toml", {}).setup.candidates.size() ==
              5);
    }
    SUBCASE("another township's file is refused with the key's line and column") {
        MemoryFileSystem fs = township("../b/candidates.csv");
        Error e = expect_error([&] { (void)load_round(fs, "/county/a/session.toml", {}); });
        CHECK(e.code() == ExitCode::input);
        CHECK(
            rendered(e) ==
            "/county/a/session.toml:11:14: error: candidates names a file outside the session file's folder (after "
            "resolving \"..\" and symbolic links)\n"
            "  candidates = \"../b/candidates.csv\"\n"
            "               ^\n"
            "  hint: keep a session's files in its folder; to read another folder on purpose, pass --allow-path DIR\n");
    }
    SUBCASE("an absolute path elsewhere is refused before it is opened") {
        MemoryFileSystem fs = township("/proc/self/environ");
        fs.files["/proc/self/environ"] = "SECRET=1\n";
        Error e = expect_error([&] { (void)load_round(fs, "/county/a/session.toml", {}); });
        CHECK(e.diagnostics().front().file == "/county/a/session.toml");
        CHECK(rendered(e).find("SECRET") == std::string::npos);
    }
    SUBCASE("--allow-path lets a session read a folder on purpose") {
        ReadOptions options;
        options.paths.allowed = {"/county/b"};
        CHECK(load_round(township("../b/candidates.csv"), "/county/a/session.toml", options).setup.candidates.size() ==
              5);
    }
}

TEST_CASE("confine::session_id") {
    CHECK_FALSE(valid_session_id(".hidden"));
    CHECK_FALSE(valid_session_id("..."));
    CHECK_FALSE(valid_session_id("-x"));
    CHECK_FALSE(valid_session_id("_x"));
    CHECK(valid_session_id("x.y_z-1"));
}
