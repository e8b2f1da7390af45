// Known-answer tests for the record digests: if OpenSSL or our wrapper ever returned anything else,
// every published record's digest would silently stop matching.
#include <piaojue/digest.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace piaojue;

TEST_SUITE_BEGIN("crypto");

namespace {

std::string hex_of(DigestAlgo algo, std::string_view bytes) {
    return to_hex(digest(algo, bytes));
}

}  // namespace

TEST_CASE("digest::sha256_known_answers") {
    // FIPS 180-4 examples (via NIST's published test vectors).
    CHECK(hex_of(DigestAlgo::sha256, "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(hex_of(DigestAlgo::sha256, "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(hex_of(DigestAlgo::sha256, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(hex_of(DigestAlgo::sha256, std::string(1000000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("digest::sm3_known_answers") {
    // GB/T 32905-2016 (GM/T 0004-2012) appendix A, examples 1 and 2.
    CHECK(hex_of(DigestAlgo::sm3, "abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    std::string abcd16;
    for (int i = 0; i < 16; ++i) abcd16 += "abcd";
    CHECK(hex_of(DigestAlgo::sm3, abcd16) == "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
}

TEST_CASE("digest::hasher_incremental_and_reusable") {
    for (DigestAlgo algo : {DigestAlgo::sha256, DigestAlgo::sm3}) {
        CAPTURE(digest_name(algo));
        Hasher h(algo);
        h.update("ab");
        h.update(std::string_view{});
        h.update("c", 1);
        Digest first = h.finish();
        CHECK(first == digest(algo, "abc"));
        // finish() resets: the same object gives the same answer for the same input again.
        h.update("abc");
        CHECK(h.finish() == first);
        CHECK(h.finish() == digest(algo, ""));
    }
    CHECK(digest(DigestAlgo::sha256, "abc") != digest(DigestAlgo::sm3, "abc"));
}

TEST_CASE("digest::names") {
    CHECK(digest_name(DigestAlgo::sha256) == "sha256");
    CHECK(digest_name(DigestAlgo::sm3) == "sm3");
    CHECK(parse_digest_name("sha256") == DigestAlgo::sha256);
    CHECK(parse_digest_name("sm3") == DigestAlgo::sm3);
    CHECK_FALSE(parse_digest_name("SHA256").has_value());
    CHECK_FALSE(parse_digest_name("sha-256").has_value());
    CHECK_FALSE(parse_digest_name("").has_value());
}

TEST_CASE("digest::hex") {
    const std::uint8_t bytes[] = {0x00, 0x01, 0x7f, 0x80, 0xab, 0xff};
    CHECK(to_hex(bytes) == "00017f80abff");
    CHECK(to_hex(std::span<const std::uint8_t>{}) == "");
    CHECK(from_hex("00017f80abff") == std::string("\x00\x01\x7f\x80\xab\xff", 6));
    CHECK(from_hex("ABFF") == std::string("\xab\xff", 2));
    CHECK(from_hex("") == std::string());
    CHECK_FALSE(from_hex("abc").has_value());   // odd length
    CHECK_FALSE(from_hex("zz").has_value());    // not hex
    CHECK_FALSE(from_hex("0x00").has_value());  // no prefix allowed
}

TEST_SUITE_END();
