// What piaojue does when glibc's GB18030 converter cannot be opened (no gconv module; a
// statically linked piaojue after a glibc upgrade, docs/design.md "Start-up"): `iconv_open` is
// interposed here (the test executable's definition comes before libc's), and fails while a
// test asks it to; otherwise it calls libc's.
#include <piaojue/encoding.hpp>
#include <piaojue/error.hpp>
#include <piaojue/source.hpp>

#include "support_cli.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>

#include <dlfcn.h>
#include <iconv.h>

namespace {

std::atomic<bool> g_converter_missing{false};
std::atomic<int> g_refused{0};

// While alive, every iconv_open fails as glibc's does without the module (EINVAL).
class ConverterMissing {
public:
    ConverterMissing() {
        g_refused = 0;
        g_converter_missing = true;
    }
    ~ConverterMissing() { g_converter_missing = false; }
    ConverterMissing(const ConverterMissing&) = delete;
    ConverterMissing& operator=(const ConverterMissing&) = delete;
};

}  // namespace

extern "C" iconv_t iconv_open(const char* to, const char* from) {
    if (g_converter_missing) {
        ++g_refused;
        errno = EINVAL;
        return reinterpret_cast<iconv_t>(static_cast<std::intptr_t>(-1));
    }
    using Open = iconv_t (*)(const char*, const char*);
    static const auto libc_open = reinterpret_cast<Open>(dlsym(RTLD_NEXT, "iconv_open"));
    if (libc_open == nullptr) {
        errno = ENOSYS;
        return reinterpret_cast<iconv_t>(static_cast<std::intptr_t>(-1));
    }
    return libc_open(to, from);
}

using namespace piaojue;
using namespace piaojue::test;

TEST_SUITE_BEGIN("encoding");

TEST_CASE("encoding::missing_converter_is_an_internal_error") {
    // The interposer passes calls through when not told otherwise: the real converter works.
    {
        StringSource raw("\xB1\xE0\xBA\xC5\n");  // 编号 in GB18030
        DecodingSource decoder(raw, Encoding::gb18030, "in.csv");
        CHECK(read_all(decoder, 4096) == "编号\n");
    }
    ConverterMissing missing;
    StringSource raw("id\n");
    try {
        DecodingSource decoder(raw, Encoding::gb18030, "in.csv");
        FAIL("the decoder was made without a converter");
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::internal);
        REQUIRE(e.diagnostics().size() == 1);
        const Diagnostic& d = e.diagnostics().front();
        CHECK(d.message.en == "the GB18030 converter (iconv) is not available: Invalid argument");
        CHECK(d.message.zh == "GB18030 转换器（iconv）不可用：Invalid argument");
        CHECK_MESSAGE(d.hint.en.find("install glibc's gconv modules") != std::string::npos, d.hint.en);
        CHECK_MESSAGE(d.hint.en.find("drop --encoding") != std::string::npos, d.hint.en);
    }
    CHECK(g_refused == 1);
    // UTF-8 needs no converter.
    StringSource utf8("id\n");
    DecodingSource plain(utf8, Encoding::utf8, "in.csv");
    CHECK(read_all(plain, 4096) == "id\n");
}

TEST_CASE("encoding::missing_converter_makes_no_gb18030_claim") {
    std::ifstream in(source_path("tests/data/encoding/candidates.gb18030.csv"), std::ios::binary);
    REQUIRE(in.good());
    const std::string gbk{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    REQUIRE(looks_like_gb18030(gbk));
    ConverterMissing missing;
    // Without the converter the file cannot be shown to be GB18030: the diagnostic says only
    // what is certain.
    CHECK_FALSE(looks_like_gb18030(gbk));
    const Diagnostic d = invalid_utf8_diagnostic("candidates.csv", gbk, 0);
    CHECK(d.message.en == "not valid UTF-8 at byte 0");
    CHECK(g_refused >= 1);
}

TEST_CASE("encoding::missing_converter_from_the_command_line") {
    TempDir dir;
    RealFileSystem fs;
    Cli cli{fs};
    copy_example("township", dir / "t");
    const std::string session = dir / "t/session.toml";
    // The list and the ballots saved by Excel as GB18030: --encoding gb18030 reads them so (a
    // UTF-8 file stays UTF-8, SPEC §3), and without the converter that cannot be done.
    for (const char* name : {"t/candidates.csv", "t/ballots.csv"}) {
        const std::string path = dir / name;
        std::ifstream in(path, std::ios::binary);
        const std::string utf8{std::istreambuf_iterator<char>(in), {}};
        std::ofstream(path, std::ios::binary | std::ios::trunc) << encode_gb18030(utf8);
    }
    ConverterMissing missing;
    for (const char* command : {"check", "tally"}) {
        CAPTURE(command);
        const CliRun r = cli({"--encoding", "gb18030", command, session});
        CHECK(r.code == static_cast<int>(ExitCode::internal));
        CHECK_MESSAGE(r.err.find("the GB18030 converter (iconv) is not available") != std::string::npos, r.err);
    }
    CHECK_FALSE(file_exists(dir / "t/result.json"));
    CHECK(g_refused >= 2);
}

TEST_SUITE_END();
