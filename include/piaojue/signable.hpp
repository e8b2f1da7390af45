// What the signing layer needs to know of a file it is asked to sign, read from the file's own
// bytes: which kind of artifact it is (a result record or a batch summary) and the digest
// algorithm that names it in a signature file. The CLI's sign and batch ask here instead of
// parsing record JSON themselves.
#pragma once

#include <string>
#include <string_view>

#include <piaojue/digest.hpp>
#include <piaojue/signature.hpp>

namespace piaojue {

/// A file that can be signed.
struct Signable {
    Artifact artifact = Artifact::result_record;
    DigestAlgo digest = DigestAlgo::sha256;  ///< the record's `rules.digest`, the summary's `digest`
};

/// What `bytes` (the file `file`) are, for signing. Throws Error (exit 3) when they are neither a
/// piaojue-result/1 record nor a piaojue-batch-summary/1 roll-up.
[[nodiscard]] Signable signable_of(std::string_view bytes, const std::string& file);

}  // namespace piaojue
