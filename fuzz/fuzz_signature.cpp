// Fuzz target: the detached signature file parser (piaojue/signature.hpp, JSON through
// nlohmann::json), read by `sign` (to add a signature) and `verify`. Bad input must end in
// piaojue::Error (exit 3); anything else — a crash, a sanitizer report, a nlohmann or OpenSSL
// exception, a hang — is a bug.
//
// An accepted file must survive a round trip: serialising it and parsing that again gives the
// same bytes. Its first signatures are then checked, which loads each public key from the file's
// PEM text with OpenSSL: a bad key or signature is a result (ok = false), never an exception.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <piaojue/error.hpp>
#include <piaojue/signature.hpp>

#include "fuzz_support.hpp"

const char* const piaojue::fuzz::k_target = "fuzz_signature";

namespace {

using namespace piaojue;
using fuzz::bug;

const std::string k_file = "result.sig.json";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    SignatureFile sigfile;
    try {
        sigfile = parse_signature_file(bytes, k_file);
    } catch (const Error& e) {
        (void)fuzz::check_input_error(e, k_file);
        return 0;
    }
    if (sigfile.signatures.empty() || sigfile.signatures.size() > k_max_signatures)
        bug("accepted a bad signature count");
    std::string once = serialize_signature_file(sigfile);
    try {
        std::string twice = serialize_signature_file(parse_signature_file(once, k_file));
        if (twice != once) bug("serialising an accepted file does not round-trip");
    } catch (const Error& e) {
        std::fprintf(stderr, "%s\n", e.what());
        bug("the serialisation of an accepted file is refused");
    }
    // Bounded work: verify a few signatures (SM2 costs about a millisecond each).
    if (sigfile.signatures.size() > 4) sigfile.signatures.resize(4);
    VerifyReport report = verify_signatures(sigfile, bytes);
    if (report.signatures.size() != sigfile.signatures.size()) bug("a signature was not checked");
    if (report.ok() && !report.record_ok) bug("a report that is ok with a wrong record digest");
    return 0;
}
