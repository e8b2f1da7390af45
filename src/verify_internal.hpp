// What verify's two halves share: the batch check runs the record check on bytes it has read.
#pragma once

#include <optional>
#include <string>

#include <piaojue/record.hpp>
#include <piaojue/verify.hpp>

namespace piaojue::detail {

/// verify_record on record `bytes` already read from `record_path`; `parsed` gets the record as
/// V1 parsed it (nullopt when it could not).
[[nodiscard]] VerifyResult verify_record_bytes(const FileSystem& fs, const std::string& record_path,
                                               const VerifyOptions& options, std::string bytes,
                                               std::optional<RoundRecord>& parsed);

}  // namespace piaojue::detail
