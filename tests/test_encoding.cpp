#include <piaojue/encoding.hpp>
#include <piaojue/error.hpp>
#include <piaojue/fs.hpp>
#include <piaojue/source.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <iconv.h>

using namespace piaojue;
using piaojue::test::SteppedSource;

namespace {

const std::string k_data_dir = std::string(PIAOJUE_SOURCE_DIR) + "/tests/data/encoding/";

// The text of the fixture, which was made with `iconv -f UTF-8 -t GB18030` (see README there).
constexpr std::string_view k_candidates_utf8 = "编号,项目名称\r\nP01,老旧小区配套设施改造\r\n";

std::string read_fixture(const std::string& name) {
    std::ifstream in(k_data_dir + name, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "missing fixture " << name);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// UTF-8 to GB18030 with the same converter as the code under test, for texts made up in tests.
std::string to_gb18030(std::string_view utf8) {
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    REQUIRE(cd != reinterpret_cast<iconv_t>(static_cast<std::intptr_t>(-1)));
    std::string in(utf8);
    std::string out(in.size() * 2 + 16, '\0');
    char* in_ptr = in.data();
    std::size_t in_left = in.size();
    char* out_ptr = out.data();
    std::size_t out_left = out.size();
    std::size_t result = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
    iconv_close(cd);
    REQUIRE(result != static_cast<std::size_t>(-1));
    out.resize(out.size() - out_left);
    return out;
}

// Everything `source` yields, read `step` bytes at a time by the caller.
std::string drain(Source& source, std::size_t step = 4096) {
    std::string out;
    std::string buffer(step, '\0');
    while (std::size_t n = source.read(buffer.data(), buffer.size())) out.append(buffer.data(), n);
    return out;
}

std::string decode(std::string_view raw, Encoding encoding, std::size_t step = 4096) {
    StringSource source(raw);
    DecodingSource decoder(source, encoding, "in.csv");
    return drain(decoder, step);
}

std::optional<Error> error_of(std::string_view raw, Encoding encoding, std::vector<std::size_t> steps = {4096}) {
    try {
        SteppedSource source(raw, std::move(steps));
        DecodingSource decoder(source, encoding, "in.csv");
        (void)drain(decoder);
    } catch (const Error& e) {
        return e;
    }
    return std::nullopt;
}

}  // namespace

TEST_SUITE_BEGIN("encoding");

TEST_CASE("encoding::parse_encoding") {
    CHECK(parse_encoding("utf-8") == Encoding::utf8);
    CHECK(parse_encoding("UTF-8") == Encoding::utf8);
    CHECK(parse_encoding("utf8") == Encoding::utf8);
    CHECK(parse_encoding("gb18030") == Encoding::gb18030);
    CHECK(parse_encoding("GBK") == Encoding::gb18030);
    CHECK(parse_encoding("gb2312") == Encoding::gb18030);
    CHECK_FALSE(parse_encoding("latin1"));
    CHECK_FALSE(parse_encoding("utf-16"));
    CHECK_FALSE(parse_encoding(""));
    CHECK(encoding_name(Encoding::utf8) == "utf-8");
    CHECK(encoding_name(Encoding::gb18030) == "gb18030");
}

TEST_CASE("encoding::gb18030_fixture_decodes_exactly") {
    std::string raw = read_fixture("candidates.gb18030.csv");
    // Guard against the fixture being re-saved as UTF-8: 编号 is B1E0 BAC5 in GB18030.
    REQUIRE(raw.starts_with("\xB1\xE0\xBA\xC5,"));
    CHECK(decode(raw, Encoding::gb18030) == k_candidates_utf8);
}

TEST_CASE("encoding::decodes_a_file_opened_through_the_file_system") {
    RealFileSystem fs;
    DecodingSource decoder(fs.open(k_data_dir + "candidates.gb18030.csv"), Encoding::gb18030, "candidates.csv");
    CHECK(drain(decoder, 7) == k_candidates_utf8);
}

TEST_CASE("encoding::gb18030_chunk_boundaries") {
    // Two-byte (编), four-byte (𠮷 = 95 34 B2 35) and one-byte characters, repeated past the
    // decoder's 64 KiB chunk so its own refills split characters too.
    std::string utf8;
    while (utf8.size() < 300'000) utf8 += "P01,𠮷祥村·道路改造,Y\r\nP02,老旧小区配套设施改造,×\r\n";
    std::string raw = to_gb18030(utf8);
    REQUIRE(raw.find("\x95\x34\xB2\x35") != std::string::npos);

    SUBCASE("one raw byte per read") {
        SteppedSource source(raw, {1});
        DecodingSource decoder(source, Encoding::gb18030, "in.csv");
        CHECK(drain(decoder) == utf8);
    }
    SUBCASE("uneven raw reads") {
        SteppedSource source(raw, {3, 1, 2, 7, 5, 65'535, 4});
        DecodingSource decoder(source, Encoding::gb18030, "in.csv");
        CHECK(drain(decoder) == utf8);
    }
    SUBCASE("caller reads one byte at a time") {
        CHECK(decode(raw, Encoding::gb18030, 1) == utf8);
    }
    SUBCASE("the fixture, one byte at a time") {
        std::string fixture = read_fixture("candidates.gb18030.csv");
        SteppedSource source(fixture, {1});
        DecodingSource decoder(source, Encoding::gb18030, "in.csv");
        CHECK(drain(decoder, 1) == k_candidates_utf8);
    }
}

TEST_CASE("encoding::gb18030_invalid_sequence") {
    SUBCASE("bad trail byte, named with its raw offset") {
        // "编号," is 5 bytes; then a lead byte 0x81 followed by a space, which is no trail byte.
        std::string raw = to_gb18030("编号,") + "\x81 x\r\n";
        for (std::size_t step : {std::size_t{1}, std::size_t{4096}}) {
            auto e = error_of(raw, Encoding::gb18030, {step});
            REQUIRE(e);
            CHECK(e->code() == ExitCode::input);
            CHECK(std::string(e->what()) == "in.csv: not valid GB18030 at byte 5 (81 20 78 0D)");
            CHECK(e->diagnostics()[0].hint.en ==
                  "if the file was saved as \"CSV UTF-8 (逗号分隔)\", drop --encoding gb18030; otherwise open it in "
                  "Excel and save it again");
            CHECK_FALSE(e->diagnostics()[0].message.zh.empty());
        }
    }
    SUBCASE("offset beyond the first chunk") {
        std::string raw(100'000, 'a');
        raw += "\xFF";
        auto e = error_of(raw, Encoding::gb18030, {999});
        REQUIRE(e);
        CHECK(std::string(e->what()) == "in.csv: not valid GB18030 at byte 100000 (FF)");
    }
    SUBCASE("0x80 is never decoded (no U+FFFD, no euro sign guess)") {
        auto e = error_of("ab\x80", Encoding::gb18030);
        REQUIRE(e);
        CHECK(std::string(e->what()) == "in.csv: not valid GB18030 at byte 2 (80)");
    }
    SUBCASE("file cut inside a character") {
        std::string raw = to_gb18030("P01,编号");
        raw.pop_back();
        auto e = error_of(raw, Encoding::gb18030, {1});
        REQUIRE(e);
        CHECK(e->code() == ExitCode::input);
        CHECK(std::string(e->what()) == "in.csv: the file ends inside a GB18030 character at byte 6 (BA)");
    }
}

TEST_CASE("encoding::utf8_bom") {
    SUBCASE("stripped, also when it arrives one byte at a time") {
        std::string raw = "\xEF\xBB\xBFid,name\n";
        CHECK(decode(raw, Encoding::utf8) == "id,name\n");
        SteppedSource source(raw, {1});
        DecodingSource decoder(source, Encoding::utf8, "in.csv");
        CHECK(drain(decoder, 2) == "id,name\n");
        CHECK(decoder.bom_size() == 3);
    }
    SUBCASE("only a leading one") {
        CHECK(decode("a\xEF\xBB\xBF", Encoding::utf8) == "a\xEF\xBB\xBF");
    }
    SUBCASE("no BOM: bytes pass through unchanged, even invalid ones for the CSV reader to locate") {
        std::string raw = "id,name\n\xB1\xE0\n";
        StringSource source(raw);
        DecodingSource decoder(source, Encoding::utf8, "in.csv");
        CHECK(drain(decoder) == raw);
        CHECK(decoder.bom_size() == 0);
    }
    SUBCASE("short and empty files") {
        CHECK(decode("", Encoding::utf8).empty());
        CHECK(decode("\xEF\xBB", Encoding::utf8) == "\xEF\xBB");
        CHECK(decode("\xEF\xBB\xBF", Encoding::utf8).empty());
        CHECK(decode("", Encoding::gb18030).empty());
    }
    SUBCASE("a UTF-8 BOM under --encoding gb18030 is a wrong option, not GB18030 text") {
        auto e = error_of("\xEF\xBB\xBFid,name\n", Encoding::gb18030);
        REQUIRE(e);
        CHECK(e->code() == ExitCode::input);
        CHECK(std::string(e->what()) ==
              "in.csv: the file starts with a UTF-8 byte-order mark, but --encoding gb18030 was given");
    }
    SUBCASE("a GB18030 BOM is dropped") {
        std::string raw = "\x84\x31\x95\x33" + to_gb18030("编号\n");
        SteppedSource source(raw, {1});
        DecodingSource decoder(source, Encoding::gb18030, "in.csv");
        CHECK(drain(decoder) == "编号\n");
        CHECK(decoder.bom_size() == 4);
    }
}

TEST_CASE("encoding::utf16") {
    CHECK(detect_utf16_bom("\xFF\xFEi\0d\0") == "UTF-16LE");
    CHECK(detect_utf16_bom("\xFE\xFF\0i") == "UTF-16BE");
    CHECK_FALSE(detect_utf16_bom("id,name"));
    CHECK_FALSE(detect_utf16_bom("\xFF"));
    CHECK_FALSE(detect_utf16_bom(""));

    // Excel "Unicode text" is refused under either encoding, never decoded into garbage.
    std::string raw = read_fixture("candidates.utf16le.txt");
    for (Encoding encoding : {Encoding::utf8, Encoding::gb18030}) {
        auto e = error_of(raw, encoding, {1});
        REQUIRE(e);
        CHECK(e->code() == ExitCode::input);
        CHECK(std::string(e->what()) == "in.csv: the file is UTF-16 (Excel \"Unicode text\")");
        CHECK(e->diagnostics()[0].hint.en == "save as CSV UTF-8 (in Excel: \"CSV UTF-8 (逗号分隔)\")");
    }
}

TEST_CASE("encoding::looks_like_gb18030") {
    CHECK(looks_like_gb18030(read_fixture("candidates.gb18030.csv")));
    CHECK_FALSE(looks_like_gb18030("id,name\r\nP01,abc\r\n"));  // no multibyte sequence
    CHECK_FALSE(looks_like_gb18030(""));
    CHECK_FALSE(looks_like_gb18030("caf\xE9\n"));       // Latin-1: E9 then a line feed
    CHECK_FALSE(looks_like_gb18030("P01,\xFF\xFF\n"));  // FF is never a lead byte
    // A sample cut inside a character still counts: callers pass a window of the file.
    std::string cut = to_gb18030("编号,项目");
    cut.pop_back();
    CHECK(looks_like_gb18030(cut));
}

TEST_CASE("encoding::invalid_utf8_diagnostic") {
    SUBCASE("GBK bytes from Excel on Chinese Windows") {
        Diagnostic d = invalid_utf8_diagnostic("candidates.csv", read_fixture("candidates.gb18030.csv"), 0);
        CHECK(d.file == "candidates.csv");
        CHECK(
            d.message.en ==
            "not valid UTF-8 at byte 0; the file looks like GB18030/GBK (Excel \"CSV (逗号分隔)\" on Chinese Windows)");
        CHECK(d.hint.en == "save it as \"CSV UTF-8 (逗号分隔)\" or pass --encoding gb18030");
        CHECK(d.message.zh ==
              "第 0 字节处不是有效的 UTF-8；文件看起来是 GB18030/GBK 编码（中文 Windows 上 Excel 的“CSV "
              "(逗号分隔)”格式）");
        CHECK(d.hint.zh == "请在 Excel 中另存为“CSV UTF-8 (逗号分隔)”，或加上 --encoding gb18030");
        CHECK(gb18030_diagnostic("candidates.csv", 0).message.en == d.message.en);
    }
    SUBCASE("UTF-16") {
        Diagnostic d = invalid_utf8_diagnostic("b.csv", read_fixture("candidates.utf16le.txt"), 0);
        CHECK(d.message.en == "the file is UTF-16 (Excel \"Unicode text\")");
        CHECK(d.message.zh == "文件是 UTF-16 编码（Excel 的“Unicode 文本”格式）");
        CHECK(utf16_diagnostic("b.csv").message.en == d.message.en);
    }
    SUBCASE("neither") {
        Diagnostic d = invalid_utf8_diagnostic("c.csv", "caf\xE9\n", 3);
        CHECK(d.message.en == "not valid UTF-8 at byte 3");
        CHECK(d.hint.en == "save the file as UTF-8 (in Excel: \"CSV UTF-8 (逗号分隔)\")");
        CHECK_FALSE(d.hint.zh.empty());
    }
}

TEST_SUITE_END();
