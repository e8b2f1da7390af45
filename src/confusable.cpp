// TR39 skeletons through ICU's spoof checker (uspoof_getSkeletonUTF8). One checker per list of
// names, opened when the list is: no global state, and ~N µs at a meeting (docs/design.md,
// "Look-alike names").
#include <piaojue/confusable.hpp>
#include <piaojue/text.hpp>

#include <unicode/uspoof.h>
#include <utf8proc.h>

#include <cstdio>
#include <stdexcept>

namespace piaojue {

struct LookAlikeNames::Checker {
    USpoofChecker* sc = nullptr;
    Checker() {
        UErrorCode status = U_ZERO_ERROR;
        sc = uspoof_open(&status);
        if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU: uspoof_open: ") + u_errorName(status));
    }
    ~Checker() { uspoof_close(sc); }
    Checker(const Checker&) = delete;
    Checker& operator=(const Checker&) = delete;

    std::string skeleton(std::string_view name) const {
        std::string folded = fold_key(name);
        std::string out(folded.size() * 2 + 16, '\0');
        for (int attempt = 0; attempt < 2; ++attempt) {
            UErrorCode status = U_ZERO_ERROR;
            int32_t n = uspoof_getSkeletonUTF8(sc, 0, folded.data(), static_cast<int32_t>(folded.size()), out.data(),
                                               static_cast<int32_t>(out.size()), &status);
            if (status == U_BUFFER_OVERFLOW_ERROR) {
                out.assign(static_cast<std::size_t>(n) + 1, '\0');
                continue;
            }
            if (U_FAILURE(status))
                throw std::runtime_error(std::string("ICU: uspoof_getSkeletonUTF8: ") + u_errorName(status));
            out.resize(static_cast<std::size_t>(n));
            return out;
        }
        throw std::runtime_error("ICU: uspoof_getSkeletonUTF8: the skeleton kept growing");
    }
};

std::string confusable_skeleton(std::string_view name) {
    return LookAlikeNames::Checker().skeleton(name);
}

LookAlikeNames::LookAlikeNames() : checker_(std::make_unique<Checker>()) {}
LookAlikeNames::~LookAlikeNames() = default;

std::optional<LookAlikeNames::Earlier> LookAlikeNames::add(std::string_view name, std::size_t line) {
    auto [it, fresh] = seen_.try_emplace(checker_->skeleton(name), Earlier{std::string(name), line});
    if (fresh) return std::nullopt;
    return it->second;
}

namespace {

char32_t next_code_point(std::string_view s, std::size_t& i) {
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                              static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
    i += n > 0 ? static_cast<std::size_t>(n) : 1;
    return n > 0 ? static_cast<char32_t>(cp) : 0xFFFD;
}

}  // namespace

std::string first_difference_text(std::string_view a, std::string_view b, bool zh) {
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() && j < b.size()) {
        std::size_t ai = i;
        std::size_t bj = j;
        char32_t ca = next_code_point(a, i);
        char32_t cb = next_code_point(b, j);
        if (ca == cb) continue;
        std::string sa(a.substr(ai, i - ai));
        std::string sb(b.substr(bj, j - bj));
        return zh ? "“" + sa + "”（" + code_point_name(ca) + "），而另一个是“" + sb + "”（" + code_point_name(cb) + "）"
                  : "\"" + sa + "\" (" + code_point_name(ca) + ") where the other has \"" + sb + "\" (" +
                        code_point_name(cb) + ")";
    }
    return {};
}

}  // namespace piaojue
