#include <piaojue/decimal.hpp>

namespace piaojue {

namespace {

constexpr unsigned k_max_scale = 6;

boost::multiprecision::cpp_int pow10(unsigned n) {
    boost::multiprecision::cpp_int p = 1;
    while (n-- > 0) p *= 10;
    return p;
}

}  // namespace

std::optional<Decimal> Decimal::parse(std::string_view text) {
    if (text.empty() || text.size() > 40) return std::nullopt;
    Decimal d;
    bool dot = false;
    bool digits = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '.') {
            if (dot || i == 0 || i + 1 == text.size()) return std::nullopt;
            dot = true;
            continue;
        }
        if (c < '0' || c > '9') return std::nullopt;
        digits = true;
        d.units_ = d.units_ * 10 + (c - '0');
        if (dot && ++d.scale_ > k_max_scale) return std::nullopt;
    }
    if (!digits) return std::nullopt;
    return d;
}

std::string Decimal::to_string() const {
    std::string s = units_.str();
    if (scale_ == 0) return s;
    if (s.size() <= scale_) s.insert(0, scale_ + 1 - s.size(), '0');
    s.insert(s.size() - scale_, ".");
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
}

Decimal& Decimal::operator+=(const Decimal& other) {
    if (scale_ < other.scale_) {
        units_ *= pow10(other.scale_ - scale_);
        scale_ = other.scale_;
    }
    units_ += other.units_ * pow10(scale_ - other.scale_);
    return *this;
}

}  // namespace piaojue
