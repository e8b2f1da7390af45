// Keys: what `keygen` writes must load back, what stock openssl writes must load, and every way a
// key can be wrong must end in exit 8 with a message that carries no key material.
#include <piaojue/error.hpp>
#include <piaojue/keys.hpp>

#include "support.hpp"

#include <doctest/doctest.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <fstream>
#include <functional>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using namespace piaojue;

TEST_SUITE_BEGIN("crypto");

namespace {

const std::string k_passphrase = "correct horse battery staple";

using test::error_of;

std::string fixture(const std::string& name) {
    return test::data_file("crypto/" + name);
}

// Every text an Error can show a person: what(), messages, hints, source lines, both languages.
std::string all_text(const Error& e) {
    std::string out = e.what();
    for (const Diagnostic& d : e.diagnostics())
        out += d.file + d.message.en + d.message.zh + d.hint.en + d.hint.zh + d.source_line;
    return out;
}

// Fails when any 12-character run of the base64 body of `pem` (or a PEM armour line) shows up in
// `text`: the check that no key bytes leak into messages.
void check_no_key_material(const std::string& text, const std::string& pem) {
    CHECK(text.find("-----BEGIN") == std::string::npos);
    std::istringstream lines(pem);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.empty() || line.rfind("-----", 0) == 0) continue;
        for (std::size_t i = 0; i + 12 <= line.size(); i += 6) {
            INFO("leaked run: " << line.substr(i, 12));
            CHECK(text.find(line.substr(i, 12)) == std::string::npos);
        }
    }
}

void check_key_error(const std::optional<Error>& e, const std::string& message_en, const std::string& pem) {
    REQUIRE(e.has_value());
    CHECK(e->code() == ExitCode::key_error);
    REQUIRE(e->diagnostics().size() == 1);
    CHECK(e->diagnostics()[0].message.en == message_en);
    CHECK_FALSE(e->diagnostics()[0].message.zh.empty());
    CHECK_FALSE(e->diagnostics()[0].hint.en.empty());
    CHECK_FALSE(e->diagnostics()[0].hint.zh.empty());
    check_no_key_material(all_text(*e), pem);
    CHECK(all_text(*e).find(k_passphrase) == std::string::npos);
}

}  // namespace

TEST_CASE("keys::algo_names") {
    CHECK(key_algo_name(KeyAlgo::ed25519) == "ed25519");
    CHECK(key_algo_name(KeyAlgo::sm2) == "sm2");
    CHECK(parse_key_algo("ed25519") == KeyAlgo::ed25519);
    CHECK(parse_key_algo("sm2") == KeyAlgo::sm2);
    CHECK_FALSE(parse_key_algo("SM2").has_value());
    CHECK_FALSE(parse_key_algo("ecdsa").has_value());
}

TEST_CASE("keys::generate_and_load") {
    for (KeyAlgo algo : {KeyAlgo::ed25519, KeyAlgo::sm2}) {
        CAPTURE(key_algo_name(algo));
        KeyPair pair = generate_key_pair(algo);
        CHECK(pair.private_pem.rfind("-----BEGIN PRIVATE KEY-----\n", 0) == 0);
        CHECK(pair.public_pem.rfind("-----BEGIN PUBLIC KEY-----\n", 0) == 0);
        CHECK(pair.public_pem.find("PRIVATE") == std::string::npos);

        PrivateKey key = load_private_key(pair.private_pem, "k.key", std::nullopt, algo);
        CHECK(key.algo() == algo);
        PublicKey pub = load_public_key(pair.public_pem, "k.pub", algo);
        CHECK(pub.algo() == algo);
        CHECK(key.public_key().pem() == pair.public_pem);
        CHECK(pub.pem() == pair.public_pem);

        // The fingerprint is the digest of the SubjectPublicKeyInfo DER, as `openssl pkey -outform DER` gives it.
        std::string der = pub.der();
        CHECK(der.size() == (algo == KeyAlgo::ed25519 ? 44u : 91u));
        CHECK(pub.fingerprint(DigestAlgo::sha256) == to_hex(digest(DigestAlgo::sha256, der)));
        CHECK(pub.fingerprint(DigestAlgo::sm3) == to_hex(digest(DigestAlgo::sm3, der)));
        CHECK(pub.fingerprint(DigestAlgo::sha256).size() == 64);
        CHECK(key.public_key().fingerprint(DigestAlgo::sm3) == pub.fingerprint(DigestAlgo::sm3));

        // Two key pairs are never the same.
        CHECK(generate_key_pair(algo).public_pem != pair.public_pem);
    }
}

TEST_CASE("keys::openssl_sm2_keys_load_as_sm2") {
    // OpenSSL 3 decodes keys on the SM2 curve as type "SM2" (not "EC"), whichever tool made them.
    for (const char* name : {"sm2-genpkey.key", "sm2-ecparam.key"}) {
        CAPTURE(name);
        CHECK(load_private_key(fixture(name), name).algo() == KeyAlgo::sm2);
        CHECK(load_private_key(fixture(name), name, std::nullopt, KeyAlgo::sm2).algo() == KeyAlgo::sm2);
        CHECK(EVP_PKEY_is_a(load_private_key(fixture(name), name).native(), "SM2") == 1);
    }
    PublicKey pub = load_public_key(fixture("sm2-genpkey.pub"), "sm2-genpkey.pub", KeyAlgo::sm2);
    CHECK(pub.pem() == fixture("sm2-genpkey.pub"));
    CHECK(load_private_key(fixture("sm2-genpkey.key"), "k").public_key().pem() == fixture("sm2-genpkey.pub"));
}

TEST_CASE("keys::p256_is_not_sm2") {
    const std::string key = fixture("p256.key"), pub = fixture("p256.pub");
    const std::string message = "the key is EC (prime256v1), not Ed25519 or SM2";
    check_key_error(error_of([&] { (void)load_private_key(key, "p256.key", std::nullopt, KeyAlgo::sm2); }), message,
                    key);
    check_key_error(error_of([&] { (void)load_private_key(key, "p256.key"); }), message, key);
    check_key_error(error_of([&] { (void)load_public_key(pub, "p256.pub", KeyAlgo::sm2); }), message, pub);
    CHECK(error_of([&] { (void)load_private_key(key, "p256.key"); })->diagnostics()[0].file == "p256.key");
}

TEST_CASE("keys::algorithm_mismatch") {
    KeyPair ed = generate_key_pair(KeyAlgo::ed25519);
    check_key_error(error_of([&] { (void)load_private_key(ed.private_pem, "a.key", std::nullopt, KeyAlgo::sm2); }),
                    "the key is ed25519, but sm2 was asked for", ed.private_pem);
    KeyPair sm2 = generate_key_pair(KeyAlgo::sm2);
    check_key_error(error_of([&] { (void)load_public_key(sm2.public_pem, "b.pub", KeyAlgo::ed25519); }),
                    "the key is sm2, but ed25519 was asked for", sm2.public_pem);
}

TEST_CASE("keys::encrypted_key") {
    for (KeyAlgo algo : {KeyAlgo::ed25519, KeyAlgo::sm2}) {
        CAPTURE(key_algo_name(algo));
        KeyPair pair = generate_key_pair(algo, k_passphrase);
        CHECK(pair.private_pem.rfind("-----BEGIN ENCRYPTED PRIVATE KEY-----\n", 0) == 0);
        CHECK(pair.private_pem.find(k_passphrase) == std::string::npos);

        SUBCASE("right passphrase") {
            PrivateKey key = load_private_key(pair.private_pem, "k.key", k_passphrase, algo);
            CHECK(key.public_key().pem() == pair.public_pem);
        }
        SUBCASE("no passphrase fails at once, before OpenSSL could prompt") {
            check_key_error(error_of([&] { (void)load_private_key(pair.private_pem, "k.key"); }),
                            "the private key is encrypted and no passphrase was given", pair.private_pem);
        }
        SUBCASE("wrong passphrase") {
            check_key_error(error_of([&] {
                                (void)load_private_key(pair.private_pem, "k.key",
                                                       std::string("Correct horse battery staple"));
                            }),
                            "cannot decrypt the private key: wrong passphrase", pair.private_pem);
        }
        SUBCASE("empty passphrase") {
            check_key_error(error_of([&] { (void)load_private_key(pair.private_pem, "k.key", std::string()); }),
                            "the passphrase is empty", pair.private_pem);
        }
    }
}

TEST_CASE("keys::encryption_is_pbes2_aes256cbc_pbkdf2_sha256") {
    KeyPair pair = generate_key_pair(KeyAlgo::ed25519, k_passphrase);
    BIO* bio = BIO_new_mem_buf(pair.private_pem.data(), static_cast<int>(pair.private_pem.size()));
    X509_SIG* p8 = PEM_read_bio_PKCS8(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    REQUIRE(p8 != nullptr);
    const X509_ALGOR* alg = nullptr;
    const ASN1_OCTET_STRING* data = nullptr;
    X509_SIG_get0(p8, &alg, &data);
    CHECK(OBJ_obj2nid(alg->algorithm) == NID_pbes2);
    const ASN1_OBJECT* oid = nullptr;
    int ptype = 0;
    const void* pval = nullptr;
    X509_ALGOR_get0(&oid, &ptype, &pval, alg);
    REQUIRE(ptype == V_ASN1_SEQUENCE);
    auto* pbe2 =
        static_cast<PBE2PARAM*>(ASN1_item_unpack(static_cast<const ASN1_STRING*>(pval), ASN1_ITEM_rptr(PBE2PARAM)));
    REQUIRE(pbe2 != nullptr);
    CHECK(OBJ_obj2nid(pbe2->encryption->algorithm) == NID_aes_256_cbc);
    CHECK(OBJ_obj2nid(pbe2->keyfunc->algorithm) == NID_id_pbkdf2);
    auto* kdf =
        static_cast<PBKDF2PARAM*>(ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBKDF2PARAM), pbe2->keyfunc->parameter));
    REQUIRE(kdf != nullptr);
    CHECK(ASN1_INTEGER_get(kdf->iter) == k_pbkdf2_iterations);
    REQUIRE(kdf->prf != nullptr);
    CHECK(OBJ_obj2nid(kdf->prf->algorithm) == NID_hmacWithSHA256);
    PBKDF2PARAM_free(kdf);
    PBE2PARAM_free(pbe2);
    X509_SIG_free(p8);
}

TEST_CASE("keys::openssl_encrypted_keys_load") {
    for (const char* name : {"ed25519-encrypted.key", "sm2-encrypted.key"}) {
        CAPTURE(name);
        const std::string pem = fixture(name);
        KeyAlgo want = std::string(name).rfind("sm2", 0) == 0 ? KeyAlgo::sm2 : KeyAlgo::ed25519;
        CHECK(load_private_key(pem, name, k_passphrase).algo() == want);
        check_key_error(error_of([&] { (void)load_private_key(pem, name); }),
                        "the private key is encrypted and no passphrase was given", pem);
        check_key_error(error_of([&] { (void)load_private_key(pem, name, std::string("hunter2")); }),
                        "cannot decrypt the private key: wrong passphrase", pem);
    }
}

TEST_CASE("keys::wrong_kind_of_file") {
    KeyPair pair = generate_key_pair(KeyAlgo::ed25519);
    check_key_error(error_of([&] { (void)load_private_key(pair.public_pem, "k.pub"); }),
                    "this is a public key, not a private key", pair.public_pem);
    check_key_error(error_of([&] { (void)load_public_key(pair.private_pem, "k.key"); }),
                    "this is a private key, where a public key was expected", pair.private_pem);
    check_key_error(error_of([&] { (void)load_private_key("ballot,P01\n001,Y\n", "ballots.csv"); }),
                    "not a PEM private key", "");
    check_key_error(error_of([&] { (void)load_public_key("", "empty.pub"); }), "not a PEM public key", "");
    // A PEM with a damaged body fails as unreadable, and says nothing of what it held.
    std::string damaged = pair.private_pem;
    damaged[40] = damaged[40] == 'A' ? 'B' : 'A';
    damaged.erase(50, 8);
    check_key_error(error_of([&] { (void)load_private_key(damaged, "k.key"); }), "not a PEM private key", damaged);
    check_key_error(error_of([&] { (void)load_private_key(std::string(70000, 'A'), "big.key"); }),
                    "not a key file: larger than 64 KiB", "");
}

TEST_CASE("keys::generate_refuses_empty_passphrase") {
    std::optional<Error> e = error_of([] { (void)generate_key_pair(KeyAlgo::sm2, std::string()); });
    REQUIRE(e.has_value());
    CHECK(e->code() == ExitCode::key_error);
    CHECK(e->diagnostics()[0].message.en == "the passphrase is empty");
}

TEST_CASE("keys::private_key_mode") {
    CHECK_NOTHROW(check_private_key_mode(0100600, "officer.key"));
    CHECK_NOTHROW(check_private_key_mode(0100400, "officer.key"));
    CHECK_NOTHROW(check_private_key_mode(0100700, "officer.key"));
    for (unsigned mode : {0100640u, 0100604u, 0100644u, 0100660u, 0100602u, 0100610u, 0100001u}) {
        CAPTURE(mode);
        std::optional<Error> e = error_of([&] { check_private_key_mode(mode, "keys/officer.key"); });
        REQUIRE(e.has_value());
        CHECK(e->code() == ExitCode::key_error);
        CHECK(e->diagnostics()[0].file == "keys/officer.key");
        CHECK(e->diagnostics()[0].hint.en == "run `chmod 600 keys/officer.key`");
    }
    CHECK(error_of([] { check_private_key_mode(0100644, "a.key"); })->diagnostics()[0].message.en ==
          "the private key file is open to group or others (mode 0644)");
}

TEST_CASE("keys::from_native_checks_type") {
    EVP_PKEY* p256 = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    REQUIRE(p256 != nullptr);
    std::optional<Error> e = error_of([&] { (void)private_key_from_native(p256); });
    EVP_PKEY_free(p256);
    REQUIRE(e.has_value());
    CHECK(e->code() == ExitCode::key_error);
    CHECK(e->diagnostics()[0].message.en == "the key is EC (prime256v1), not Ed25519 or SM2");
}

TEST_SUITE_END();
