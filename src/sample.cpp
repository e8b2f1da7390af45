#include <piaojue/sample.hpp>

#include <piaojue/digest.hpp>
#include <piaojue/error.hpp>

#include <algorithm>
#include <string>
#include <unordered_set>
#include <utility>

#include <boost/multiprecision/cpp_int.hpp>

namespace piaojue {

namespace {

// The ticket of `id` once the seed's hex digest is known: consistent_sampler.sha256_uniform(
// seed_hex + id). The decimal is reversed because its high-order digits are biased (2^256 is not
// a power of ten) while its low-order ones are uniform; reversing keeps every digit.
std::string ticket_from_seed_hex(std::string_view seed_hex, std::string_view id) {
    std::string message(seed_hex);
    message.append(id);
    const Digest h = digest(DigestAlgo::sha256, message);
    boost::multiprecision::cpp_int value;
    import_bits(value, h.begin(), h.end());  // big-endian, 8 bits a byte: int(hexdigest, 16)
    std::string digits = value.str();
    if (digits.size() < 64) digits.insert(0, 64 - digits.size(), '0');  // Python's "{:064d}"
    std::reverse(digits.begin(), digits.end());
    return "0." + digits;
}

[[noreturn]] void usage_error(Text message, Text hint) {
    throw_about(ExitCode::usage, {}, std::move(message), std::move(hint));
}

}  // namespace

std::string ticket(std::string_view seed, std::string_view id) {
    return ticket_from_seed_hex(to_hex(digest(DigestAlgo::sha256, seed)), id);
}

void check_seed(std::string_view seed) {
    const bool digits = std::all_of(seed.begin(), seed.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (seed.empty() || seed.size() > k_max_seed_digits || !digits)
        usage_error({"bad seed \"" + std::string(seed) + "\": it must be 1 to 256 digits 0-9",
                     "随机种子“" + std::string(seed) + "”无效：应为 1 至 256 位数字 0-9"},
                    {"use the digits rolled in public, e.g. --seed 01382438112797316654",
                     "请使用公开掷骰得到的数字，例如 --seed 01382438112797316654"});
}

std::vector<SampledBallot> sample_ballots(std::string_view seed, const std::vector<std::string>& ids, std::size_t k) {
    check_seed(seed);
    if (k == 0 || k > ids.size()) {
        const std::string n = std::to_string(ids.size());
        usage_error({"bad sample size " + std::to_string(k) + ": the record has " + n + " ballots",
                     "抽样数量 " + std::to_string(k) + " 无效：该记录共有 " + n + " 张选票"},
                    {"choose a sample size from 1 to " + n, "请选择 1 至 " + n + " 之间的抽样数量"});
    }
    std::unordered_set<std::string_view> seen;
    for (const std::string& id : ids)
        if (!seen.insert(id).second)
            throw_about(ExitCode::input, {}, {"ballot serial \"" + id + "\" occurs twice", "票号“" + id + "”重复"});

    const std::string seed_hex = to_hex(digest(DigestAlgo::sha256, seed));
    std::vector<SampledBallot> all;
    all.reserve(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) all.push_back({ids[i], ticket_from_seed_hex(seed_hex, ids[i]), i});
    auto by_ticket = [](const SampledBallot& a, const SampledBallot& b) {
        return a.ticket != b.ticket ? a.ticket < b.ticket : a.ballot < b.ballot;
    };
    const auto end = all.begin() + static_cast<std::ptrdiff_t>(k);
    std::partial_sort(all.begin(), end, all.end(), by_ticket);
    all.erase(end, all.end());
    return all;
}

}  // namespace piaojue
