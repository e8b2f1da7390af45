// Exact budgets: parse, canonical text, sums without rounding.
#include <piaojue/decimal.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace piaojue;

namespace {

std::string canon(std::string_view text) {
    auto d = Decimal::parse(text);
    REQUIRE(d.has_value());
    return d->to_string();
}

}  // namespace

TEST_CASE("decimal::parse_and_format") {
    CHECK(canon("0") == "0");
    CHECK(canon("3900") == "3900");
    CHECK(canon("1280.50") == "1280.5");
    CHECK(canon("1280.000") == "1280");
    CHECK(canon("007.10") == "7.1");
    CHECK(canon("0.000001") == "0.000001");
    CHECK(canon("0.0") == "0");
    CHECK(canon("12345678901234567890123.45") == "12345678901234567890123.45");
    CHECK(Decimal().to_string() == "0");
}

TEST_CASE("decimal::rejects") {
    for (const char* bad : {"", "-5", "+5", "abc", "1e3", "1E3", "1,000", "1 000", ".5", "5.", "1.2.3", ".",
                            "0.0000001", "１２", " 1", "1 ", "0x10", "NaN", "inf"}) {
        CAPTURE(bad);
        CHECK_FALSE(Decimal::parse(bad).has_value());
    }
    CHECK_FALSE(Decimal::parse(std::string(41, '1')).has_value());  // longer than any budget
    CHECK(Decimal::parse(std::string(40, '9')).has_value());
}

TEST_CASE("decimal::sum") {
    SUBCASE("0.1 + 0.2 is exactly 0.3") {
        Decimal a = *Decimal::parse("0.1");
        Decimal b = *Decimal::parse("0.2");
        CHECK((a + b).to_string() == "0.3");
        CHECK(a + b == *Decimal::parse("0.30"));
    }
    SUBCASE("mixed scales") {
        Decimal s = *Decimal::parse("1280.5");
        s += *Decimal::parse("0.25");
        s += *Decimal::parse("19");
        s += *Decimal::parse("0.000001");
        CHECK(s.to_string() == "1299.750001");
    }
    SUBCASE("trailing zeros cancel") {
        CHECK((*Decimal::parse("0.75") + *Decimal::parse("0.25")).to_string() == "1");
        CHECK((*Decimal::parse("99.9") + *Decimal::parse("0.1")).to_string() == "100");
    }
    SUBCASE("a large sum stays exact") {
        Decimal s;
        for (int i = 0; i < 10000; ++i) s += *Decimal::parse("0.1");
        CHECK(s.to_string() == "1000");
        Decimal big = *Decimal::parse("99999999999999999999999999999999.999999");
        CHECK((big + *Decimal::parse("0.000001")).to_string() == "100000000000000000000000000000000");
    }
    SUBCASE("equality is by value") {
        CHECK(*Decimal::parse("1.50") == *Decimal::parse("1.5"));
        CHECK_FALSE(*Decimal::parse("1.5") == *Decimal::parse("1.05"));
    }
}
