// Signatures: known answers (RFC 8032), tampering of every byte, SM2's ID and digest pinned, the
// signature file's exact bytes and strict parsing, and the trust list.
#include <piaojue/error.hpp>
#include <piaojue/keys.hpp>
#include <piaojue/signature.hpp>

#include "support.hpp"

#include <doctest/doctest.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

using namespace piaojue;

TEST_SUITE_BEGIN("crypto");

namespace {

// A short stand-in for a result record: exact bytes matter, content does not.
const std::string k_record =
    "{\n  \"format\": \"piaojue-result/1\",\n  \"session\": {\"id\": \"dongsheng-bojianghaizi-2026\", "
    "\"body\": \"东胜区泊江海子镇人民代表大会\"},\n  \"outcome\": {\"status\": \"final\", "
    "\"selected\": [\"P01\", \"P03\"]}\n}\n";

using test::error_of;

std::string fixture(const std::string& name) {
    return test::data_file("crypto/" + name);
}

std::string unhex(std::string_view hex) {
    std::optional<std::string> bytes = from_hex(hex);
    REQUIRE(bytes.has_value());
    return *bytes;
}

// The RFC 8032 §7.1 test 1 key: deterministic Ed25519 makes the signature file's bytes fixed.
PrivateKey rfc8032_key(std::string_view secret_hex) {
    std::string secret = unhex(secret_hex);
    EVP_PKEY* raw = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
                                                 reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
    REQUIRE(raw != nullptr);
    PrivateKey key = private_key_from_native(raw);
    EVP_PKEY_free(raw);
    return key;
}

PrivateKey fresh_key(KeyAlgo algo) {
    return load_private_key(generate_key_pair(algo).private_pem, "k.key");
}

// Raw SM2 signing with a chosen digest and ID, bypassing the library: the forgeries a careless
// implementation would accept.
std::string sm2_sign_raw(const PrivateKey& key, const char* md, std::string_view id, std::string_view message) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX* pctx = nullptr;
    REQUIRE(EVP_DigestSignInit_ex(ctx, &pctx, md, nullptr, nullptr, key.native(), nullptr) == 1);
    if (!id.empty()) REQUIRE(EVP_PKEY_CTX_set1_id(pctx, id.data(), static_cast<int>(id.size())) == 1);
    std::size_t len = 0;
    const auto* data = reinterpret_cast<const unsigned char*>(message.data());
    REQUIRE(EVP_DigestSign(ctx, nullptr, &len, data, message.size()) == 1);
    std::string sig(len, '\0');
    REQUIRE(EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len, data, message.size()) == 1);
    sig.resize(len);
    EVP_MD_CTX_free(ctx);
    return sig;
}

// Raw SM2 over a precomputed 32-byte `e` (EVP_PKEY_sign): how one would make "SM2 with SHA-256"
// or SM2 without the Z prefix, which OpenSSL's digest-sign interface itself refuses to do.
std::string sm2_sign_prehashed(const PrivateKey& key, const Digest& e) {
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, key.native(), nullptr);
    REQUIRE(ctx != nullptr);
    REQUIRE(EVP_PKEY_sign_init(ctx) == 1);
    std::size_t len = 0;
    REQUIRE(EVP_PKEY_sign(ctx, nullptr, &len, e.data(), e.size()) == 1);
    std::string sig(len, '\0');
    REQUIRE(EVP_PKEY_sign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len, e.data(), e.size()) == 1);
    sig.resize(len);
    EVP_PKEY_CTX_free(ctx);
    return sig;
}

// Independent SM2 verification that sets the ID as an OSSL_PARAM instead of EVP_PKEY_CTX_set1_id.
bool sm2_verify_raw(const PublicKey& key, std::string_view id, std::string_view message, std::string_view sig) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX* pctx = nullptr;
    std::string id_copy(id);
    OSSL_PARAM params[] = {OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_DIST_ID, id_copy.data(), id_copy.size()),
                           OSSL_PARAM_construct_end()};
    bool ok = EVP_DigestVerifyInit_ex(ctx, &pctx, "SM3", nullptr, nullptr, key.native(), nullptr) == 1 &&
              (id.empty() || EVP_PKEY_CTX_set_params(pctx, params) == 1) &&
              EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                               reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
}

SignatureFile parsed(const std::string& bytes) {
    return parse_signature_file(bytes, "result.sig.json");
}

// The English message of the input error that parsing `bytes` throws.
std::string parse_error(const std::string& bytes) {
    std::optional<Error> e = error_of([&] { (void)parsed(bytes); });
    REQUIRE(e.has_value());
    CHECK(e->code() == ExitCode::input);
    CHECK(e->diagnostics()[0].file == "result.sig.json");
    CHECK_FALSE(e->diagnostics()[0].message.zh.empty());
    CHECK_FALSE(e->diagnostics()[0].hint.en.empty());
    return e->diagnostics()[0].message.en;
}

std::string replace_once(std::string s, std::string_view from, std::string_view to) {
    std::size_t at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("signature::roles_artifacts_algorithms") {
    CHECK(parse_role("计票人") == Role::counter);
    CHECK(parse_role("counter") == Role::counter);
    CHECK(parse_role("监票人") == Role::scrutineer);
    CHECK(parse_role("scrutineer") == Role::scrutineer);
    CHECK(parse_role("总监票人") == Role::chief_scrutineer);
    CHECK(parse_role("chief-scrutineer") == Role::chief_scrutineer);
    for (const char* bad : {"", "Counter", "chief_scrutineer", "计票员", " 计票人", "监票"})
        CHECK_FALSE(parse_role(bad).has_value());
    CHECK(role_name(Role::chief_scrutineer) == "总监票人");
    CHECK(role_english(Role::chief_scrutineer) == "chief-scrutineer");
    CHECK(parse_artifact("result-record") == Artifact::result_record);
    CHECK(parse_artifact("batch-summary") == Artifact::batch_summary);
    CHECK_FALSE(parse_artifact("result").has_value());
    CHECK(signature_algo_name(KeyAlgo::sm2) == "sm2-sm3");
    CHECK(parse_signature_algo("ed25519") == KeyAlgo::ed25519);
    CHECK(parse_signature_algo("sm2-sm3") == KeyAlgo::sm2);
    CHECK_FALSE(parse_signature_algo("sm2").has_value());
    CHECK_FALSE(parse_signature_algo("sm2-sha256").has_value());
}

TEST_CASE("signature::signer_names") {
    CHECK_FALSE(check_signer_name("张三").has_value());
    CHECK_FALSE(check_signer_name("买买提·艾力").has_value());
    CHECK_FALSE(check_signer_name("Wang Wei").has_value());
    CHECK(check_signer_name("")->en == "the name is empty");
    CHECK(check_signer_name("张\n三")->en == "the name contains the invisible or control character U+000A");
    CHECK(check_signer_name("张\u202e三")->en == "the name contains the invisible or control character U+202E");
    CHECK(check_signer_name("张\u200b三")->en == "the name contains the invisible or control character U+200B");
    CHECK(check_signer_name("say \"hi\"")->en == "the name contains \" or \\");
    CHECK(check_signer_name(" 张三")->en == "the name starts or ends with a space");
    CHECK(check_signer_name("张三\u3000")->en == "the name starts or ends with a space");
    CHECK(check_signer_name("\xff")->en == "the name is not valid UTF-8 (byte 1)");
    CHECK_FALSE(check_signer_name(std::string(64, 'a')).has_value());
    CHECK(check_signer_name(std::string(65, 'a'))->en == "the name is longer than 64 characters");
}

TEST_CASE("signature::signed_message_layout") {
    CHECK(signed_message(Artifact::result_record, Role::counter, "张三", KeyAlgo::ed25519, "REC") ==
          "piaojue-signature/1\nartifact: result-record\nrole: 计票人\nname: 张三\nalgorithm: ed25519\n\nREC");
    CHECK(signed_message(Artifact::batch_summary, Role::chief_scrutineer, "Li", KeyAlgo::sm2, "") ==
          "piaojue-signature/1\nartifact: batch-summary\nrole: 总监票人\nname: Li\nalgorithm: sm2-sm3\n\n");
}

TEST_CASE("signature::base64") {
    // RFC 4648 §10.
    const std::vector<std::pair<std::string, std::string>> vectors{{"", ""},
                                                                   {"f", "Zg=="},
                                                                   {"fo", "Zm8="},
                                                                   {"foo", "Zm9v"},
                                                                   {"foob", "Zm9vYg=="},
                                                                   {"fooba", "Zm9vYmE="},
                                                                   {"foobar", "Zm9vYmFy"}};
    for (const auto& [plain, encoded] : vectors) {
        CHECK(base64_encode(plain) == encoded);
        CHECK(base64_decode(encoded) == plain);
    }
    CHECK(base64_decode("/+8=") == std::string("\xff\xef"));
    for (const char* bad : {"Zg=", "Zg", "Zh==", "Zm9v\n", " Zm9v", "Zm9v====", "Z===", "Zm-v", "Zm_v", "Zg==Zg=="})
        CHECK_FALSE(base64_decode(bad).has_value());
}

TEST_CASE("signature::file_name") {
    CHECK(signature_file_name("result.json") == "result.sig.json");
    CHECK(signature_file_name("round-1/result.json") == "round-1/result.sig.json");
    CHECK(signature_file_name("/abs/dir.json/summary.json") == "/abs/dir.json/summary.sig.json");
    CHECK(signature_file_name("record") == "record.sig.json");
    CHECK(signature_file_name("dir.json/record") == "dir.json/record.sig.json");
    CHECK(signature_file_name(".json") == ".json.sig.json");
}

TEST_CASE("signature::ed25519_rfc8032_vectors") {
    struct Vector {
        const char* secret;
        const char* public_key;
        const char* message;
        const char* signature;
    };
    // RFC 8032 §7.1, TEST 1 to TEST 3.
    const Vector vectors[] = {
        {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
         "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
         "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f059"
         "5bbe24655141438e7a100b"},
        {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
         "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
         "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb430"
         "2aeeb00d291612bb0c00"},
        {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
         "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
         "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed"
         "2"
         "8dc027beceea1ec40a"},
    };
    for (const Vector& v : vectors) {
        CAPTURE(v.public_key);
        PrivateKey key = rfc8032_key(v.secret);
        CHECK(key.algo() == KeyAlgo::ed25519);
        PublicKey pub = key.public_key();
        unsigned char raw[32];
        std::size_t raw_len = sizeof raw;
        REQUIRE(EVP_PKEY_get_raw_public_key(pub.native(), raw, &raw_len) == 1);
        CHECK(to_hex(std::span<const std::uint8_t>(raw, raw_len)) == v.public_key);
        std::string message = unhex(v.message);
        std::string sig = sign_message(key, message);
        CHECK(to_hex(std::span(reinterpret_cast<const std::uint8_t*>(sig.data()), sig.size())) == v.signature);
        CHECK(verify_message(pub, message, sig));
        CHECK_FALSE(verify_message(pub, message + "x", sig));
    }
}

TEST_CASE("signature::sign_verify_roundtrip") {
    for (KeyAlgo algo : {KeyAlgo::ed25519, KeyAlgo::sm2}) {
        CAPTURE(key_algo_name(algo));
        PrivateKey key = fresh_key(algo);
        PublicKey pub = key.public_key();
        std::string sig = sign_message(key, k_record);
        if (algo == KeyAlgo::ed25519)
            CHECK(sig.size() == 64);
        else
            CHECK((sig.size() >= 8 && sig.size() <= 72 && sig[0] == '\x30'));  // DER SEQUENCE{r, s}
        CHECK(verify_message(pub, k_record, sig));
        CHECK_FALSE(verify_message(pub, k_record.substr(1), sig));
        CHECK_FALSE(verify_message(fresh_key(algo).public_key(), k_record, sig));
        CHECK_FALSE(verify_message(pub, k_record, ""));
        CHECK_FALSE(verify_message(pub, k_record, sig.substr(0, sig.size() - 1)));
    }
}

TEST_CASE("signature::sm2_uses_sm3_and_the_default_id") {
    PrivateKey key = fresh_key(KeyAlgo::sm2);
    PublicKey pub = key.public_key();
    const std::string message = "piaojue-signature/1\n";
    std::string sig = sign_message(key, message);
    // An independent verifier (ID passed as an init parameter) agrees on ID 1234567812345678.
    CHECK(sm2_verify_raw(pub, "1234567812345678", message, sig));
    CHECK_FALSE(sm2_verify_raw(pub, "1234567812345679", message, sig));
    CHECK_FALSE(sm2_verify_raw(pub, "", message, sig));  // OpenSSL's own default ID is empty
    // Signatures made with another ID, or with SHA-256, are refused.
    CHECK(verify_message(pub, message, sm2_sign_raw(key, "SM3", "1234567812345678", message)));
    CHECK_FALSE(verify_message(pub, message, sm2_sign_raw(key, "SM3", "ALICE123@YAHOO.COM", message)));
    CHECK_FALSE(verify_message(pub, message, sm2_sign_raw(key, "SM3", "", message)));
    // OpenSSL itself refuses SM2 with SHA-256 through the digest-sign interface…
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    CHECK(EVP_DigestSignInit_ex(ctx, nullptr, "SHA256", nullptr, nullptr, key.native(), nullptr) != 1);
    EVP_MD_CTX_free(ctx);
    ERR_clear_error();
    // …and signatures over SHA-256(message) or SM3(message) without the Z prefix do not verify.
    CHECK_FALSE(verify_message(pub, message, sm2_sign_prehashed(key, digest(DigestAlgo::sha256, message))));
    CHECK_FALSE(verify_message(pub, message, sm2_sign_prehashed(key, digest(DigestAlgo::sm3, message))));
}

TEST_CASE("signature::every_byte_of_the_record_matters") {
    for (KeyAlgo algo : {KeyAlgo::ed25519, KeyAlgo::sm2}) {
        CAPTURE(key_algo_name(algo));
        const SignatureFile sigfile = parsed(add_signature("", "result.json", k_record, Artifact::result_record,
                                                           DigestAlgo::sha256, fresh_key(algo), Role::counter, "张三"));
        REQUIRE(verify_signatures(sigfile, k_record).ok());
        std::size_t failures = 0, tried = 0;
        auto expect_rejected = [&](const std::string& tampered) {
            ++tried;
            VerifyReport r = verify_signatures(sigfile, tampered);
            if (!r.record_ok && !r.signatures.at(0).ok && !r.ok()) ++failures;
        };
        for (std::size_t i = 0; i < k_record.size(); ++i) {
            std::string flipped = k_record;
            flipped[i] = static_cast<char>(flipped[i] ^ 0x01);
            expect_rejected(flipped);
            expect_rejected(k_record.substr(0, i));  // truncated
        }
        expect_rejected(k_record + "\n");
        expect_rejected(k_record + '\0');
        CHECK(tried == 2 * k_record.size() + 2);
        CHECK(failures == tried);
        VerifyReport r = verify_signatures(sigfile, k_record + " ");
        CHECK(r.record_reason.en ==
              "the record's sha256 digest differs from the signature file's: the record was changed, or the "
              "signature file belongs to another record");
        CHECK(r.signatures.at(0).reason.en ==
              "the signature does not verify (record, role, name or signature changed)");
    }
}

TEST_CASE("signature::file_exact_bytes") {
    // Ed25519 is deterministic, so the whole file is a fixed answer for a fixed key and record.
    PrivateKey key = rfc8032_key("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    std::string bytes = add_signature("", "round-1/result.json", k_record, Artifact::result_record, DigestAlgo::sha256,
                                      key, Role::chief_scrutineer, "王五");
    if (std::getenv("UPDATE_GOLDEN") != nullptr)
        std::ofstream(std::string(PIAOJUE_SOURCE_DIR) + "/tests/data/crypto/rfc8032-1.sig.json", std::ios::binary)
            << bytes;
    CHECK(bytes == fixture("rfc8032-1.sig.json"));
    CHECK(serialize_signature_file(parsed(bytes)) == bytes);
    CHECK(verify_signatures(parsed(bytes), k_record).ok());
}

TEST_CASE("signature::several_officers_sign") {
    PrivateKey counter = fresh_key(KeyAlgo::ed25519), scrutineer = fresh_key(KeyAlgo::sm2),
               chief = fresh_key(KeyAlgo::ed25519);
    std::string file = add_signature("", "result.json", k_record, Artifact::result_record, DigestAlgo::sm3, counter,
                                     Role::counter, "张三");
    file = add_signature(file, "result.json", k_record, Artifact::result_record, DigestAlgo::sm3, scrutineer,
                         Role::scrutineer, "李四");
    file = add_signature(file, "result.json", k_record, Artifact::result_record, DigestAlgo::sm3, chief,
                         Role::chief_scrutineer, "王五");
    SignatureFile sf = parsed(file);
    CHECK(sf.record.name == "result.json");
    CHECK(sf.record.algo == DigestAlgo::sm3);
    CHECK(sf.record.digest == to_hex(digest(DigestAlgo::sm3, k_record)));
    REQUIRE(sf.signatures.size() == 3);
    CHECK(sf.signatures[1].role == Role::scrutineer);
    CHECK(sf.signatures[1].name == "李四");
    CHECK(sf.signatures[1].algorithm == KeyAlgo::sm2);
    CHECK(sf.signatures[1].fingerprint_algo == DigestAlgo::sm3);
    CHECK(sf.signatures[1].fingerprint == scrutineer.public_key().fingerprint(DigestAlgo::sm3));
    VerifyReport r = verify_signatures(sf, k_record);
    CHECK(r.ok());
    REQUIRE(r.signatures.size() == 3);
    CHECK(r.signatures[2].name == "王五");
    CHECK(r.signatures[2].ok);

    SUBCASE("the same key cannot sign twice, in the same or another role") {
        for (Role role : {Role::counter, Role::scrutineer}) {
            std::optional<Error> e = error_of([&] {
                (void)add_signature(file, "result.json", k_record, Artifact::result_record, DigestAlgo::sm3, counter,
                                    role, "张三");
            });
            REQUIRE(e.has_value());
            CHECK(e->code() == ExitCode::key_error);
            CHECK(e->diagnostics()[0].file == "result.sig.json");
            CHECK(e->diagnostics()[0].message.en == "this key has already signed this record (as 计票人 张三)");
        }
    }
    SUBCASE("a signature file of another record is refused") {
        std::optional<Error> e = error_of([&] {
            (void)add_signature(file, "result.json", k_record + " ", Artifact::result_record, DigestAlgo::sm3,
                                fresh_key(KeyAlgo::ed25519), Role::counter, "赵六");
        });
        REQUIRE(e.has_value());
        CHECK(e->code() == ExitCode::key_error);
        CHECK(e->diagnostics()[0].message.en == "the signature file belongs to another record (digest differs)");
        CHECK(e->diagnostics()[0].hint.en ==
              "the record changed after these signatures were made: move result.sig.json away and have every "
              "officer sign the new record");
        VerifyReport other = verify_signatures(sf, k_record + " ");
        CHECK_FALSE(other.record_ok);
        CHECK_FALSE(other.ok());
        for (const SignatureCheck& c : other.signatures) CHECK_FALSE(c.ok);
    }
    SUBCASE("another digest algorithm or artifact is refused") {
        std::optional<Error> e = error_of([&] {
            (void)add_signature(file, "result.json", k_record, Artifact::result_record, DigestAlgo::sha256,
                                fresh_key(KeyAlgo::ed25519), Role::counter, "赵六");
        });
        REQUIRE(e.has_value());
        CHECK(e->code() == ExitCode::key_error);
        CHECK(e->diagnostics()[0].message.en == "the signature file names its record by sm3, not sha256");
        e = error_of([&] {
            (void)add_signature(file, "result.json", k_record, Artifact::batch_summary, DigestAlgo::sm3,
                                fresh_key(KeyAlgo::ed25519), Role::counter, "赵六");
        });
        REQUIRE(e.has_value());
        CHECK(e->code() == ExitCode::key_error);
        CHECK(e->diagnostics()[0].message.en == "the signature file is for a result-record, not a batch-summary");
    }
    SUBCASE("verify can demand the artifact") {
        CHECK(verify_signatures(sf, k_record, Artifact::result_record).ok());
        VerifyReport other = verify_signatures(sf, k_record, Artifact::batch_summary);
        CHECK_FALSE(other.record_ok);
        CHECK_FALSE(other.ok());
        CHECK(other.record_reason.en == "the signature file is for a result-record, not a batch-summary");
    }
    SUBCASE("a record file name that is not UTF-8 is a usage error") {
        std::optional<Error> e = error_of([&] {
            (void)add_signature("", "out/result\xff.json", k_record, Artifact::result_record, DigestAlgo::sm3, counter,
                                Role::counter, "张三");
        });
        REQUIRE(e.has_value());
        CHECK(e->code() == ExitCode::usage);
        CHECK(e->diagnostics()[0].message.en == "the record's file name is not plain UTF-8 text");
    }
    SUBCASE("a bad name is a usage error") {
        std::optional<Error> e = error_of([&] {
            (void)add_signature("", "result.json", k_record, Artifact::result_record, DigestAlgo::sm3, counter,
                                Role::counter, "张三\n计票人");
        });
        REQUIRE(e.has_value());
        CHECK(e->code() == ExitCode::usage);
        CHECK(e->diagnostics()[0].message.en ==
              "bad signer name: the name contains the invisible or control character U+000A");
    }
}

TEST_CASE("signature::tampered_signature_file") {
    PrivateKey key = fresh_key(KeyAlgo::ed25519);
    const std::string file = add_signature("", "result.json", k_record, Artifact::result_record, DigestAlgo::sha256,
                                           key, Role::counter, "张三");
    auto reason = [&](const std::string& tampered) {
        VerifyReport r = verify_signatures(parsed(tampered), k_record);
        CHECK(r.record_ok);
        CHECK_FALSE(r.ok());
        REQUIRE(r.signatures.size() == 1);
        CHECK_FALSE(r.signatures[0].ok);
        return r.signatures[0].reason.en;
    };
    const std::string bad_sig = "the signature does not verify (record, role, name or signature changed)";
    CHECK(reason(replace_once(file, "\"role\": \"计票人\"", "\"role\": \"总监票人\"")) == bad_sig);
    CHECK(reason(replace_once(file, "\"name\": \"张三\"", "\"name\": \"张四\"")) == bad_sig);
    CHECK(reason(replace_once(file, "\"artifact\": \"result-record\"", "\"artifact\": \"batch-summary\"")) == bad_sig);
    const SignatureEntry e = parsed(file).signatures[0];
    std::string other_sig = base64_encode(sign_message(key, "something else"));
    CHECK(reason(replace_once(file, base64_encode(e.signature), other_sig)) == bad_sig);
    // Another valid key with its own correct fingerprint: the signature is not that key's.
    PublicKey other = fresh_key(KeyAlgo::ed25519).public_key();
    std::string swapped = replace_once(file, e.fingerprint, other.fingerprint(DigestAlgo::sha256));
    auto escaped = [](std::string pem) {
        std::string out;
        for (char ch : pem) out += ch == '\n' ? std::string("\\n") : std::string(1, ch);
        return out;
    };
    swapped = replace_once(swapped, escaped(e.public_key), escaped(other.pem()));
    CHECK(reason(swapped) == bad_sig);
    CHECK(reason(replace_once(file, e.fingerprint, std::string(64, '0'))) ==
          "the fingerprint does not match the public key");
    // The same key in a PEM that OpenSSL would still read, but not as written: refused.
    CHECK(reason(replace_once(file, "-----BEGIN PUBLIC KEY-----\\n", "-----BEGIN PUBLIC KEY-----\\r\\n")) ==
          "the public key is not in canonical PEM form");
    CHECK(reason(replace_once(file, "\"public_key\": \"", "\"public_key\": \"junk\\n")) ==
          "the public key is not in canonical PEM form");
    CHECK(reason(replace_once(file, "\"algorithm\": \"ed25519\"", "\"algorithm\": \"sm2-sm3\"")) ==
          "public key: the key is ed25519, but sm2 was asked for");
    CHECK(reason(replace_once(file, "\"public_key\": \"-----BEGIN PUBLIC KEY-----\\nMC",
                              "\"public_key\": \"-----BEGIN PUBLIC KEY-----\\nMD")) ==
          "public key: not a PEM public key");
    // The record digest field edited: the record check fails even though the signature is intact.
    std::string digest_edited = replace_once(file, parsed(file).record.digest, std::string(64, 'a'));
    VerifyReport r = verify_signatures(parsed(digest_edited), k_record);
    CHECK_FALSE(r.record_ok);
    CHECK(r.signatures[0].ok);
    CHECK_FALSE(r.ok());
}

TEST_CASE("signature::p256_key_labelled_sm2_is_refused") {
    // A P-256 ECDSA signature dressed up as sm2-sm3 must never be verified as ECDSA.
    const std::string pem = fixture("p256.pub");
    std::string key_pem = fixture("p256.key");
    BIO* bio = BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size()));
    EVP_PKEY* p256 = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    REQUIRE(p256 != nullptr);
    unsigned char* der = nullptr;
    int der_len = i2d_PUBKEY(p256, &der);
    REQUIRE(der_len > 0);
    std::string der_bytes(reinterpret_cast<char*>(der), static_cast<std::size_t>(der_len));
    OPENSSL_free(der);

    SignatureFile sf;
    sf.record = {"result.json", DigestAlgo::sha256, to_hex(digest(DigestAlgo::sha256, k_record))};
    SignatureEntry e;
    e.role = Role::counter;
    e.name = "张三";
    e.algorithm = KeyAlgo::sm2;
    e.public_key = pem;
    e.fingerprint = to_hex(digest(DigestAlgo::sha256, der_bytes));
    std::string message = signed_message(sf.artifact, e.role, e.name, KeyAlgo::sm2, k_record);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    REQUIRE(EVP_DigestSignInit_ex(ctx, nullptr, "SM3", nullptr, nullptr, p256, nullptr) == 1);
    std::size_t len = 0;
    REQUIRE(EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(message.data()),
                           message.size()) == 1);
    e.signature.resize(len);
    REQUIRE(EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(e.signature.data()), &len,
                           reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1);
    e.signature.resize(len);
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(p256);
    sf.signatures.push_back(e);

    // Through the file format and back, as an auditor would get it.
    SignatureFile read_back = parsed(serialize_signature_file(sf));
    VerifyReport r = verify_signatures(read_back, k_record);
    CHECK(r.record_ok);
    REQUIRE(r.signatures.size() == 1);
    CHECK_FALSE(r.signatures[0].ok);
    CHECK(r.signatures[0].reason.en == "public key: the key is EC (prime256v1), not Ed25519 or SM2");
    CHECK_FALSE(r.ok());
}

TEST_CASE("signature::parse_is_strict") {
    PrivateKey key = rfc8032_key("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
    const std::string file = add_signature("", "result.json", k_record, Artifact::result_record, DigestAlgo::sha256,
                                           key, Role::scrutineer, "李四");
    REQUIRE(parsed(file).signatures.size() == 1);

    CHECK(parse_error(replace_once(file, "\"format\"", "\"formats\"")) == "/formats: unknown field");
    CHECK(parse_error(replace_once(file, "piaojue-signatures/1", "piaojue-signatures/2")) ==
          "/format: unknown format (expected piaojue-signatures/1)");
    CHECK(parse_error(replace_once(file, "\"artifact\": \"result-record\"", "\"artifact\": \"result\"")) ==
          "/artifact: unknown artifact (result-record or batch-summary)");
    CHECK(parse_error(replace_once(file, "\"name\": \"李四\"", "\"name\": 4")) ==
          "/signatures/0/name: expected a string");
    CHECK(parse_error(replace_once(file, "\"name\": \"李四\"", "\"name\": \"李四 \"")) ==
          "/signatures/0/name: the name starts or ends with a space");
    CHECK(parse_error(replace_once(file, "\"role\": \"监票人\"", "\"role\": \"监票员\"")) ==
          "/signatures/0/role: unknown role; a role is 计票人|监票人|总监票人 or counter|scrutineer|chief-scrutineer");
    // The file stores the canonical Chinese role only: the shell recipe signs exactly what it reads.
    CHECK(parse_error(replace_once(file, "\"role\": \"监票人\"", "\"role\": \"scrutineer\"")) ==
          "/signatures/0/role: write the role as 监票人");
    CHECK(parse_error(replace_once(file, "\"algorithm\": \"ed25519\"", "\"algorithm\": \"sm2-sha256\"")) ==
          "/signatures/0/algorithm: unknown algorithm (ed25519 or sm2-sm3)");
    CHECK(parse_error(replace_once(file, "\"algo\": \"sha256\"", "\"algo\": \"md5\"")) ==
          "/signatures/0/fingerprint/algo: unknown digest (sha256 or sm3)");
    const std::string fp = parsed(file).signatures[0].fingerprint;
    std::string upper = fp;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK(parse_error(replace_once(file, fp, upper)) ==
          "/signatures/0/fingerprint/hex: expected 64 lowercase hex digits");
    CHECK(parse_error(replace_once(file, fp, fp.substr(2))) ==
          "/signatures/0/fingerprint/hex: expected 64 lowercase hex digits");
    CHECK(parse_error(replace_once(file, "\"signature\": \"", "\"signature\": \"=")) ==
          "/signatures/0/signature: not canonical base64");
    CHECK(parse_error(replace_once(file, "\"signature\": \"", "\"extra\": 1,\n      \"signature\": \"")) ==
          "/signatures/0/extra: unknown field");
    // The record's digest relabelled sm3: well-formed, but it no longer matches the record.
    CHECK_FALSE(verify_signatures(parsed(replace_once(file, "\"sha256\": \"", "\"sm3\": \"")), k_record).record_ok);
    CHECK(parse_error(replace_once(file, "\"name\": \"result.json\",", "")) ==
          "/record: expected exactly the fields name and sha256 or sm3");
    CHECK(parse_error(replace_once(file, "\"name\": \"result.json\",",
                                   "\"name\": \"result.json\", \"md5\": \"00\",")) == "/record/md5: unknown field");
    CHECK(parse_error(replace_once(file, "\"format\": \"piaojue-signatures/1\",", "")) == "/format: missing field");
    CHECK(parse_error("[]") == "expected an object");
    CHECK(parse_error(
              "{\"format\": \"piaojue-signatures/1\", \"artifact\": \"result-record\", \"record\": {\"name\": \"r\", "
              "\"sha256\": \"" +
              std::string(64, '0') + "\"}, \"signatures\": []}") == "/signatures: no signatures");
    CHECK(parse_error(replace_once(file, "\"artifact\": \"result-record\",",
                                   "\"artifact\": \"result-record\", \"artifact\": \"batch-summary\",")) ==
          "the field \"artifact\" appears twice in one object");

    SUBCASE("syntax errors carry line and column") {
        std::string broken = replace_once(file, "\"role\": \"监票人\",", "\"role\": \"监票人\"");
        std::optional<Error> e = error_of([&] { (void)parsed(broken); });
        REQUIRE(e.has_value());
        CHECK(e->code() == ExitCode::input);
        CHECK(e->diagnostics()[0].line == 11);  // where the parser noticed: the end of the next token
        CHECK(e->diagnostics()[0].column == 12);
        CHECK(e->diagnostics()[0].message.en.rfind("not valid JSON: ", 0) == 0);
        e = error_of([&] { (void)parsed(replace_once(file, "李四", "\xe6\x9d")); });
        REQUIRE(e.has_value());
        CHECK(e->code() == ExitCode::input);
        CHECK(e->diagnostics()[0].message.en == "not valid UTF-8");
        CHECK(e->diagnostics()[0].line == 11);
        CHECK(e->diagnostics()[0].column == 16);
        e = error_of([&] { (void)parsed(""); });
        REQUIRE(e.has_value());
        CHECK(e->code() == ExitCode::input);
        CHECK(e->diagnostics()[0].line == 1);
        e = error_of([&] { (void)parsed(std::string(100, '[') + std::string(100, ']')); });
        REQUIRE(e.has_value());
        CHECK(e->diagnostics()[0].message.en == "nested too deeply");
    }
    SUBCASE("two signatures by one key") {
        std::size_t start = file.find("    {\n"), end = file.find("\n    }", start);
        std::string entry = file.substr(start, end + 6 - start);
        std::string doubled = replace_once(file, entry, entry + ",\n" + entry);
        CHECK(parse_error(doubled) == "/signatures/1/public_key: this key has already signed the record");
    }
}

namespace {

struct Signed {
    std::string file;
    SignatureFile sigfile;
    VerifyReport report;
    std::string counter_fp, scrutineer_fp, chief_fp;
};

Signed three_signatures() {
    PrivateKey counter = fresh_key(KeyAlgo::ed25519), scrutineer = fresh_key(KeyAlgo::sm2),
               chief = fresh_key(KeyAlgo::ed25519);
    Signed s;
    s.file = add_signature("", "result.json", k_record, Artifact::result_record, DigestAlgo::sha256, counter,
                           Role::counter, "张三");
    s.file = add_signature(s.file, "result.json", k_record, Artifact::result_record, DigestAlgo::sha256, scrutineer,
                           Role::scrutineer, "李四");
    s.file = add_signature(s.file, "result.json", k_record, Artifact::result_record, DigestAlgo::sha256, chief,
                           Role::chief_scrutineer, "王五");
    s.sigfile = parsed(s.file);
    s.report = verify_signatures(s.sigfile, k_record);
    s.counter_fp = counter.public_key().fingerprint(DigestAlgo::sha256);
    s.scrutineer_fp = scrutineer.public_key().fingerprint(DigestAlgo::sm3);
    s.chief_fp = chief.public_key().fingerprint(DigestAlgo::sha256);
    return s;
}

std::string trust_entry(const std::string& fp, const std::string& roles, const std::string& extra = "") {
    return "[[key]]\nfingerprint = \"" + fp + "\"\nroles = [" + roles + "]\n" + extra + "\n";
}

}  // namespace

TEST_CASE("signature::trust") {
    Signed s = three_signatures();
    REQUIRE(s.report.ok());
    const std::string all = "required_roles = [\"总监票人\", \"scrutineer\"]\n\n" +
                            trust_entry("sha256:" + s.counter_fp, "\"计票人\"", "name = \"张三\"") +
                            trust_entry("sm3:" + s.scrutineer_fp, "\"监票人\", \"counter\"") +
                            trust_entry("sha256:" + s.chief_fp, "\"chief-scrutineer\"");
    TrustList trust = parse_trust_list(all, "trust.toml");
    REQUIRE(trust.keys.size() == 3);
    CHECK(trust.keys[1].algo == DigestAlgo::sm3);
    CHECK(trust.keys[1].roles == std::vector<Role>{Role::scrutineer, Role::counter});
    CHECK(trust.keys[0].name == std::optional<std::string>("张三"));
    CHECK(trust.keys[2].line == 11);
    CHECK(trust.required_roles == std::vector<Role>{Role::chief_scrutineer, Role::scrutineer});

    SUBCASE("all trusted") {
        VerifyReport r = s.report;
        check_trust(trust, s.sigfile, r);
        CHECK(r.trust_checked);
        CHECK(r.ok());
        for (const SignatureCheck& c : r.signatures) CHECK(c.trusted == std::optional<bool>(true));
        CHECK(r.missing_roles.empty());
    }
    SUBCASE("a key not in the list") {
        TrustList partial = parse_trust_list(
            trust_entry("sha256:" + s.counter_fp, "\"计票人\"") + trust_entry("sha256:" + s.chief_fp, "\"总监票人\""),
            "trust.toml");
        VerifyReport r = s.report;
        check_trust(partial, s.sigfile, r);
        CHECK_FALSE(r.ok());
        CHECK(r.signatures[0].trusted == std::optional<bool>(true));
        CHECK(r.signatures[1].trusted == std::optional<bool>(false));
        CHECK(r.signatures[1].trust_reason.en == "the key is not in the trust list");
        CHECK(r.signatures[1].ok);  // cryptographically fine, just not trusted
    }
    SUBCASE("a key signing in a role it may not") {
        TrustList wrong_role =
            parse_trust_list(trust_entry("sha256:" + s.chief_fp, "\"监票人\", \"计票人\""), "t.toml");
        VerifyReport r = s.report;
        check_trust(wrong_role, s.sigfile, r);
        CHECK_FALSE(r.ok());
        CHECK(r.signatures[2].trust_reason.en ==
              "the key may sign only as 监票人、计票人 (trust list line 1), not as 总监票人");
    }
    SUBCASE("the name must match when given") {
        TrustList named =
            parse_trust_list(trust_entry("sha256:" + s.counter_fp, "\"计票人\"", "name = \"张山\""), "t.toml");
        VerifyReport r = s.report;
        check_trust(named, s.sigfile, r);
        CHECK(r.signatures[0].trust_reason.en == "the trust list (line 1) names this key's holder 张山, not 张三");
        CHECK_FALSE(r.ok());
    }
    SUBCASE("a key listed under both digests is judged by its first entry") {
        std::string counter_sm3 =
            to_hex(digest(DigestAlgo::sm3, load_public_key(s.sigfile.signatures[0].public_key, "k").der()));
        TrustList twice = parse_trust_list(
            trust_entry("sm3:" + counter_sm3, "\"监票人\"") + trust_entry("sha256:" + s.counter_fp, "\"计票人\""),
            "t.toml");
        VerifyReport r = s.report;
        check_trust(twice, s.sigfile, r);
        CHECK(r.signatures[0].trust_reason.en == "the key may sign only as 监票人 (trust list line 1), not as 计票人");
    }
    SUBCASE("required roles") {
        TrustList need_chief = parse_trust_list(
            "required_roles = [\"总监票人\"]\n" + trust_entry("sha256:" + s.counter_fp, "\"计票人\""), "t.toml");
        SignatureFile only_counter = s.sigfile;
        only_counter.signatures.resize(1);
        VerifyReport r = verify_signatures(only_counter, k_record);
        check_trust(need_chief, only_counter, r);
        CHECK(r.signatures[0].trusted == std::optional<bool>(true));
        CHECK(r.missing_roles == std::vector<Role>{Role::chief_scrutineer});
        CHECK_FALSE(r.ok());
    }
    SUBCASE("a trusted key whose signature fails does not count for a required role") {
        VerifyReport r = verify_signatures(s.sigfile, k_record + "x");
        check_trust(trust, s.sigfile, r);
        CHECK(r.missing_roles == std::vector<Role>{Role::chief_scrutineer, Role::scrutineer});
        CHECK_FALSE(r.ok());
    }
}

TEST_CASE("signature::trust_list_is_strict") {
    auto error = [](const std::string& text) {
        std::optional<Error> e = error_of([&] { (void)parse_trust_list(text, "trust.toml"); });
        REQUIRE(e.has_value());
        CHECK(e->code() == ExitCode::input);
        CHECK(e->diagnostics()[0].file == "trust.toml");
        CHECK_FALSE(e->diagnostics()[0].hint.en.empty());
        return std::to_string(e->diagnostics()[0].line) + ":" + std::to_string(e->diagnostics()[0].column) + " " +
               e->diagnostics()[0].message.en;
    };
    const std::string fp = "sha256:" + std::string(64, 'a');
    CHECK(error("") == "1:1 the trust list names no keys");
    CHECK(error("[[key]]\nfingerprint = \"" + fp + "\"\nroles = [\"计票人\"]\ncomment = 1\n") ==
          "4:1 unknown key \"comment\"");
    CHECK(error("[[key]]\nroles = [\"计票人\"]\n") == "1:1 [[key]] without fingerprint");
    CHECK(error("[[key]]\nfingerprint = \"" + fp + "\"\n") == "1:1 [[key]] without roles");
    CHECK(error("[[key]]\nfingerprint = \"" + fp + "\"\nroles = []\n") ==
          "3:9 roles must be a non-empty array of roles");
    CHECK(error("[[key]]\nfingerprint = \"" + fp + "\"\nroles = [\"counter\", \"主任\"]\n") == "3:21 unknown role");
    CHECK(error("[[key]]\nfingerprint = \"" + fp + "\"\nroles = [\"counter\", \"计票人\"]\n") ==
          "3:21 role listed twice");
    CHECK(error("[[key]]\nfingerprint = \"" + std::string(64, 'a') + "\"\nroles = [\"计票人\"]\n") ==
          "2:15 fingerprint must read sha256:<64 lowercase hex digits> or sm3:<…>");
    CHECK(error("[[key]]\nfingerprint = \"md5:" + std::string(64, 'a') + "\"\nroles = [\"计票人\"]\n") ==
          "2:15 fingerprint must read sha256:<64 lowercase hex digits> or sm3:<…>");
    CHECK(error("[[key]]\nfingerprint = \"" + fp + "\"\nroles = [\"计票人\"]\n[[key]]\nfingerprint = \"" + fp +
                "\"\nroles = [\"监票人\"]\n") == "5:15 this key is listed twice");
    CHECK(error("[[key]]\nfingerprint = \"" + fp + "\"\nroles = [\"计票人\"]\nname = \"\"\n") ==
          "4:8 the name is empty");
    CHECK(error("key = 1\n") == "1:7 key must be written as [[key]] tables");
    CHECK(error("[[key]]\nfingerprint = \"" + fp + "\"\nfingerprint = \"" + fp + "\"\n") ==
          "3:15 not valid TOML: Error while parsing key-value pair: cannot redefine existing string 'fingerprint'");
    CHECK(error("[[key]]\nfingerprint = \"" + fp) ==
          "2:87 not valid TOML: Error while parsing string: encountered end-of-file");
}

TEST_CASE("signature::openssl_recipe_sample") {
    // Writes a record and its signature files for tests/scripts/openssl_recipe.sh, which checks
    // them with stock openssl exactly as docs/verify-with-openssl.md tells an auditor to. The
    // directory comes from PIAOJUE_RECIPE_DIR; without it the files go to a scratch directory and
    // are only checked here.
    namespace fs = std::filesystem;
    const char* env = std::getenv("PIAOJUE_RECIPE_DIR");
    fs::path dir = env != nullptr ? fs::path(env) : fs::temp_directory_path() / "piaojue-recipe-sample";
    for (KeyAlgo algo : {KeyAlgo::ed25519, KeyAlgo::sm2}) {
        fs::path sub = dir / key_algo_name(algo);
        fs::create_directories(sub);
        DigestAlgo digest_algo = algo == KeyAlgo::sm2 ? DigestAlgo::sm3 : DigestAlgo::sha256;
        std::string file = add_signature("", "result.json", k_record, Artifact::result_record, digest_algo,
                                         fresh_key(algo), Role::counter, "张三");
        file = add_signature(file, "result.json", k_record, Artifact::result_record, digest_algo, fresh_key(algo),
                             Role::chief_scrutineer, "买买提·艾力");
        std::ofstream(sub / "result.json", std::ios::binary) << k_record;
        std::ofstream(sub / "result.sig.json", std::ios::binary) << file;
        std::ifstream in(sub / "result.sig.json", std::ios::binary);
        std::string back{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        CHECK(back == file);
        CHECK(verify_signatures(parsed(back), k_record).ok());
    }
}

TEST_SUITE_END();

TEST_CASE("signature::look_alike_signers") {
    CHECK(check_signer_name("张三\u2800")->en == "the name contains the invisible or control character U+2800");
    CHECK(check_signer_name("张\uFFF9三")->en == "the name contains the invisible or control character U+FFF9");
    CHECK(check_signer_name("张三\uE000")->en == "the name contains the invisible or control character U+E000");
    PrivateKey counter = fresh_key(KeyAlgo::ed25519), scrutineer = fresh_key(KeyAlgo::ed25519);
    std::string file = add_signature("", "result.json", k_record, Artifact::result_record, DigestAlgo::sha256, counter,
                                     Role::counter, "Anna Li");
    // "Аnna Li" with a Cyrillic А: another officer who could not be told apart on the report.
    Error e = piaojue::test::expect_error([&] {
        (void)add_signature(file, "result.json", k_record, Artifact::result_record, DigestAlgo::sha256, scrutineer,
                            Role::scrutineer, "\u0410nna Li");
    });
    CHECK(e.code() == ExitCode::usage);
    CHECK(e.diagnostics()[0].message.en ==
          "bad signer name: \"\u0410nna Li\" looks the same as \"Anna Li\", who has signed already");
}
