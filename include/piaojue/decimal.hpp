// Exact decimal amounts (budgets in 万元). Sums of budgets are published; floats would round.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/multiprecision/cpp_int.hpp>

namespace piaojue {

/// A non-negative exact decimal: `units / 10^scale`.
class Decimal {
public:
    Decimal() = default;

    /// Parses `text`: ASCII digits with at most one `.` and at most 6 decimals, no sign, no
    /// exponent, no thousands separators. Returns nullopt otherwise.
    [[nodiscard]] static std::optional<Decimal> parse(std::string_view text);

    /// Canonical text: no leading zeros, no trailing fractional zeros (`1280.50` → `1280.5`).
    [[nodiscard]] std::string to_string() const;

    Decimal& operator+=(const Decimal& other);
    friend Decimal operator+(Decimal a, const Decimal& b) { return a += b; }
    friend bool operator==(const Decimal& a, const Decimal& b) { return a.to_string() == b.to_string(); }

private:
    boost::multiprecision::cpp_int units_ = 0;
    unsigned scale_ = 0;
};

}  // namespace piaojue
