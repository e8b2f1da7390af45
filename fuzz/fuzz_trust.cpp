// Fuzz target: the trust list parser (piaojue/signature.hpp, `verify --trust FILE`, TOML through
// toml++). Bad input must end in piaojue::Error (exit 3); anything else is a bug. An accepted list
// must hold what the parser promises: at least one key, each with a 64-digit lowercase hex
// fingerprint and at least one role, no role listed twice.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <piaojue/error.hpp>
#include <piaojue/signature.hpp>

#include "fuzz_support.hpp"

const char* const piaojue::fuzz::k_target = "fuzz_trust";

namespace {

using namespace piaojue;
using fuzz::bug;

const std::string k_file = "trust.toml";

bool no_repeats(std::vector<Role> roles) {
    std::sort(roles.begin(), roles.end());
    return std::adjacent_find(roles.begin(), roles.end()) == roles.end();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        TrustList trust = parse_trust_list(bytes, k_file);
        if (trust.keys.empty()) bug("accepted a trust list without keys");
        if (!no_repeats(trust.required_roles)) bug("accepted a required role twice");
        for (const TrustEntry& key : trust.keys) {
            bool hex = key.fingerprint.size() == 64 &&
                       std::all_of(key.fingerprint.begin(), key.fingerprint.end(),
                                   [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
            if (!hex) bug("accepted a malformed fingerprint");
            if (key.roles.empty() || !no_repeats(key.roles)) bug("accepted an empty or repeated role list");
            if (key.name && check_signer_name(*key.name)) bug("accepted a bad signer name");
        }
    } catch (const Error& e) {
        (void)fuzz::check_input_error(e, k_file);
    }
    return 0;
}
