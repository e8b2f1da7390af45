// Which paper ballots to pull for a hand check (抽样核对): Rivest's consistent sampler, exactly as
// the `consistent_sampler` Python package that Arlo uses, so anyone can redo a draw from the
// public seed with docs/audit/sample.py (its docstring states the algorithm in a few lines).
//
// A ballot's ticket is a decimal fraction in (0, 1) derived from the seed and its 票号 (ballot
// serial) alone; the sample of size K is the K ballots with the smallest tickets, in ticket order.
// A ballot's ticket does not depend on the other ballots, so a larger sample extends a smaller one.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace piaojue {

/// The longest seed accepted (in digits); a dice-rolled seed is typically 20 digits.
inline constexpr std::size_t k_max_seed_digits = 256;

/// One ballot of a sample.
struct SampledBallot {
    std::string ballot;     ///< the 票号, as keyed
    std::string ticket;     ///< its ticket, `0.` followed by the decimal digits
    std::size_t index = 0;  ///< its position in the list handed to sample_ballots (0-based)
};

/// The ticket of the ballot `id` under `seed`, as `consistent_sampler.first_fraction(id, seed)`:
/// "0." followed by the digits, in reverse order, of the decimal form (zero-padded to at least 64
/// digits; in practice 76 to 78 digits) of the integer SHA-256(hex(SHA-256(seed)) || id), both
/// hashes over UTF-8 bytes, the hex lowercase. Any bytes are accepted here (sample_ballots checks
/// the seed).
[[nodiscard]] std::string ticket(std::string_view seed, std::string_view id);

/// Throws a usage error (exit 2) unless `seed` is 1 to k_max_seed_digits ASCII digits.
void check_seed(std::string_view seed);

/// The `k` ballots of `ids` with the smallest tickets under `seed`, in ticket order. Tickets are
/// compared as strings, as the Python package compares them (for these fractions that is their
/// numeric order); equal tickets — never seen in practice — fall back to the 票号's byte order,
/// again as Python's tuple order does. Throws a usage error (exit 2) for a bad seed, `k` of 0 or
/// `k` above the number of ballots, and an input error (exit 3) for a 票号 that occurs twice.
[[nodiscard]] std::vector<SampledBallot> sample_ballots(std::string_view seed, const std::vector<std::string>& ids,
                                                        std::size_t k);

}  // namespace piaojue
