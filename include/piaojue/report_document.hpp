// The printed documents of a selection vote, as Documents (document.hpp): the 计票结果报告单 the
// officers sign (from a round's record), the 公告 the congress posts (from the deciding round's
// record), and the blank 票样 (from a session, before any vote). One builder per document and
// record kind: a satisfaction record gets builders of its own beside these.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <piaojue/document.hpp>
#include <piaojue/record.hpp>
#include <piaojue/signature.hpp>

namespace piaojue {

/// What the record alone does not say but its report shows.
struct ResultContext {
    std::string record_digest;                ///< hex digest of the record's bytes (rules.digest)
    std::optional<SignatureFile> signatures;  ///< the signature file beside the record, if any
};

/// The QR payload that ties a paper to its record: `piaojue-result/1;<session id>;<round>;
/// <algo>:<hex>` (docs/design.md, "Printed documents").
[[nodiscard]] std::string result_qr_payload(const RoundRecord& round, const std::string& record_digest);

/// `algo:` and the first 16 hex digits of `hex`: the short form printed beside a full digest.
[[nodiscard]] std::string short_digest(std::string_view algo, std::string_view hex);

/// The 计票结果报告单 of `round` in `lang`: 清点, pass mark, projects by approvals with every
/// count and status, the approvals as bars, invalid ballots, the decision, the chain to the
/// previous round, keying, the record's digest and QR code, the signatures on file, and
/// signature and date lines for the officers.
[[nodiscard]] Document result_document(const RoundRecord& round, const ResultContext& context, Lang lang);

/// Per project id, what a notice shows that the deciding record may not hold itself.
struct ProjectDetail {
    std::string lead;              ///< 牵头单位, from the candidate list (empty when unknown)
    std::optional<Count> approve;  ///< approvals in the round that adopted it
};

/// The options of a 公告.
struct NoticeOptions {
    std::optional<long long> number;  ///< 第 N 号; none: no number line
    bool counts = false;              ///< show each project's approvals
    std::map<std::string, ProjectDetail> details;
    std::string record_digest;  ///< hex digest of the record's bytes
};

/// The 公告 of the vote `round` decides: the adopted projects of every round in order, with
/// budget and lead unit, the total budget, the issuing body and date, and a QR code of the
/// record's digest. Throws Error (exit 3) naming `record_file` when the round does not decide
/// the vote (a tie or shortfall needs another round; a void, no-quorum or rejected round
/// adopts nothing).
[[nodiscard]] Document notice_document(const RoundRecord& round, const NoticeOptions& options, Lang lang,
                                       const std::string& record_file);

/// The blank ballot (票样) of the round `setup` describes: title, 填写说明 in the session's mark
/// convention, one row per project (number in ballot order, name, budget, lead) with empty
/// 赞成 / 不赞成 boxes; nothing that tells one ballot from another.
[[nodiscard]] Document ballot_document(const RoundSetup& setup, Lang lang);

}  // namespace piaojue
