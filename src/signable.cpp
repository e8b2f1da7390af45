#include <piaojue/batch.hpp>
#include <piaojue/error.hpp>
#include <piaojue/record.hpp>
#include <piaojue/signable.hpp>

#include "json_reader.hpp"

namespace piaojue {

Signable signable_of(std::string_view bytes, const std::string& file) {
    if (std::optional<DigestAlgo> algo = record_digest_algo(bytes)) return {Artifact::result_record, *algo};
    std::optional<detail::Json> j = detail::parse_json_or_nothing(bytes);
    auto text_at = [&](const char* key) -> std::string {
        if (!j || !j->is_object()) return {};
        auto it = j->find(key);
        return it != j->end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    if (text_at("format") == k_summary_format)
        return {Artifact::batch_summary, parse_digest_name(text_at("digest")).value_or(DigestAlgo::sha256)};
    throw_input_error(file, 0, 0, {"not a piaojue record or batch summary", "不是 piaojue 结果记录或批量汇总"},
                      {"sign the result.json written by piaojue tally", "请对 piaojue tally 写出的 result.json 签名"});
}

}  // namespace piaojue
