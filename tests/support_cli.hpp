// Helpers for the tests that drive the command line in process (test_cli, test_verify,
// test_batch): a scratch directory on the real file system, copies of examples/, and a runner
// that calls cli::run and keeps every byte the commands printed. Header-only.
#pragma once

#include "cli/app.hpp"

#include <piaojue/digest.hpp>
#include <piaojue/fs.hpp>
#include <piaojue/signature.hpp>

#include <doctest/doctest.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <nlohmann/json.hpp>

#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <vector>

namespace piaojue::test {

/// A fresh directory under $TMPDIR (or /tmp), removed with everything in it at scope exit.
class TempDir {
public:
    TempDir() {
        std::string base = std::filesystem::temp_directory_path().string() + "/piaojue-test-XXXXXX";
        std::vector<char> name(base.begin(), base.end());
        name.push_back('\0');
        REQUIRE(::mkdtemp(name.data()) != nullptr);
        path_ = name.data();
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::permissions(path_, std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ec);
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    /// The directory itself.
    [[nodiscard]] const std::string& path() const { return path_; }
    /// `rel` inside the directory.
    [[nodiscard]] std::string operator/(const std::string& rel) const { return path_ + "/" + rel; }

private:
    std::string path_;
};

/// `rel` in the source tree.
inline std::string source_path(const std::string& rel) {
    return std::string(PIAOJUE_SOURCE_DIR) + "/" + rel;
}

/// Every byte of file `path` (the test fails when it cannot be read).
inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Writes `bytes` to `path`, replacing it.
inline void spit(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
    REQUIRE_MESSAGE(out.good(), "cannot write " << path);
}

/// Whether `path` exists (any kind of file).
inline bool file_exists(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

/// Copies example directory `examples/<name>` to `to` (created), without records someone may
/// have tallied in the source tree; `keep_records` copies them too (examples/signed).
inline void copy_example(const std::string& name, const std::string& to, bool keep_records = false) {
    namespace fs = std::filesystem;
    fs::path from = source_path("examples/" + name);
    REQUIRE(fs::is_directory(from));
    fs::create_directories(to);
    for (const auto& entry : fs::recursive_directory_iterator(from)) {
        fs::path target = fs::path(to) / fs::relative(entry.path(), from);
        if (entry.is_directory()) {
            fs::create_directories(target);
        } else if (keep_records ||
                   (entry.path().filename() != "result.json" && entry.path().filename() != "result.sig.json")) {
            fs::copy_file(entry.path(), target, fs::copy_options::overwrite_existing);
        }
    }
}

/// `text` with the first occurrence of `from` replaced by `to` (the test fails when absent).
inline std::string replace_once(std::string text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, "\"" << from << "\" not found");
    return text.replace(at, from.size(), to);
}

/// What one command printed and returned.
struct CliRun {
    int code = -1;
    std::string out;
    std::string err;

    /// stdout parsed as JSON (the test fails when it is not JSON).
    [[nodiscard]] nlohmann::json json() const {
        auto j = nlohmann::json::parse(out, nullptr, false);
        REQUIRE_MESSAGE(!j.is_discarded(), "stdout is not JSON:\n" << out);
        return j;
    }
};

/// Runs piaojue in process on a file system, with a fixed environment (no locale: English
/// messages; stdin not a terminal), and keeps a transcript of every output.
class Cli {
public:
    explicit Cli(FileSystem& fs) : fs_(fs) {}

    /// Environment variables the commands see (passphrase variables, LANG…).
    std::map<std::string, std::string> vars;
    bool stdin_is_terminal = false;
    /// The PDF/PNG renderer the commands see; none: the Environment's default (an error).
    std::function<std::string(const std::string&, const std::string&)> render;
    /// Every stdout and stderr text printed so far, in order.
    std::vector<std::string> transcript;

    CliRun operator()(const std::vector<std::string>& args) {
        std::ostringstream out, err;
        cli::Environment env{out, err, fs_};
        env.getenv = [this](const std::string& name) -> std::optional<std::string> {
            auto it = vars.find(name);
            return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
        };
        env.stdin_is_terminal = stdin_is_terminal;
        env.stderr_is_terminal = false;
        env.cores = [] { return 2u; };
        if (render) env.render = render;
        CliRun r;
        r.code = cli::run(args, env);
        r.out = out.str();
        r.err = err.str();
        transcript.push_back(r.out);
        transcript.push_back(r.err);
        return r;
    }

private:
    FileSystem& fs_;
};

/// The check `id` (V1…V8) of a `verify --json` output, or null.
inline nlohmann::json check_of(const nlohmann::json& verify_json, const std::string& id) {
    for (const auto& c : verify_json.at("checks"))
        if (c.at("id") == id) return c;
    FAIL("no check " << id << " in " << verify_json.dump());
    return nullptr;
}

/// The state (`PASS`, `FAIL`, `SKIPPED`) of check `id` of a `verify --json` output.
inline std::string state_of(const nlohmann::json& verify_json, const std::string& id) {
    return check_of(verify_json, id).at("state").get<std::string>();
}

/// Whether any detail line of check `id` contains `text`.
inline bool detail_has(const nlohmann::json& verify_json, const std::string& id, const std::string& text) {
    const nlohmann::json check = check_of(verify_json, id);
    for (const auto& d : check.at("details"))
        if (d.get<std::string>().find(text) != std::string::npos) return true;
    return false;
}

/// All detail lines of check `id`, one per line, for failure messages.
inline std::string details_of(const nlohmann::json& verify_json, const std::string& id) {
    std::string out;
    const nlohmann::json check = check_of(verify_json, id);
    for (const auto& d : check.at("details")) out += d.get<std::string>() + "\n";
    return out;
}

/// What must never appear in any output once private key PEM `pem` exists (decrypted with
/// `passphrase` when it is encrypted): the PEM armour's "PRIVATE KEY", every base64 line of its
/// body, and the raw secret (the Ed25519 seed or the SM2 scalar) in hex either case and base64.
inline std::vector<std::string> key_secrets(const std::string& pem, const std::optional<std::string>& passphrase = {}) {
    std::vector<std::string> out{"PRIVATE KEY"};
    std::istringstream lines(pem);
    for (std::string line; std::getline(lines, line);)
        if (!line.empty() && !line.starts_with("-----")) out.push_back(line);
    // Never the default callback: it would prompt on the terminal.
    pem_password_cb* cb = [](char* buf, int size, int, void* u) -> int {
        if (u == nullptr) return 0;
        const auto* p = static_cast<const std::string*>(u);
        int n = std::min(size, static_cast<int>(p->size()));
        std::memcpy(buf, p->data(), static_cast<std::size_t>(n));
        return n;
    };
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    EVP_PKEY* pkey =
        PEM_read_bio_PrivateKey(bio, nullptr, cb, passphrase ? const_cast<std::string*>(&*passphrase) : nullptr);
    BIO_free(bio);
    REQUIRE_MESSAGE(pkey != nullptr, "the private key does not load");
    std::string raw(32, '\0');
    if (EVP_PKEY_get_base_id(pkey) == EVP_PKEY_ED25519) {
        std::size_t n = raw.size();
        REQUIRE(EVP_PKEY_get_raw_private_key(pkey, reinterpret_cast<unsigned char*>(raw.data()), &n) == 1);
        REQUIRE(n == 32);
    } else {
        BIGNUM* bn = nullptr;
        REQUIRE(EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_PRIV_KEY, &bn) == 1);
        REQUIRE(BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(raw.data()), 32) == 32);
        BN_clear_free(bn);
    }
    EVP_PKEY_free(pkey);
    std::string hex = to_hex(std::span(reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size())), upper = hex;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    out.push_back(hex);
    out.push_back(upper);
    out.push_back(base64_encode(raw).substr(0, 40));  // without the padding tail
    return out;
}

/// Fails when any of `secrets` appears in any of `outputs`.
inline void check_no_secret_in(const std::vector<std::string>& outputs, const std::vector<std::string>& secrets) {
    REQUIRE(!outputs.empty());
    for (const std::string& o : outputs)
        for (const std::string& s : secrets)
            CHECK_MESSAGE(o.find(s) == std::string::npos, "key material \"" << s << "\" printed in:\n" << o);
}

}  // namespace piaojue::test
