#include <piaojue/text.hpp>

#include <utf8proc.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace piaojue {

namespace {

// Decodes one code point of valid UTF-8 at `s[i]`, advancing `i`.
char32_t decode(std::string_view s, std::size_t& i) {
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                              static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
    if (n <= 0) {
        ++i;
        return 0xFFFD;
    }
    i += static_cast<std::size_t>(n);
    return static_cast<char32_t>(cp);
}

// What a person cannot see, or what is no character at all, has no place in a name: two names
// that differ only by it look the same on paper and on screen (issue 21).
bool is_forbidden(char32_t c) {
    if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) return true;
    if (c < 0x80) return false;
    if (c >= 0x200B && c <= 0x200F) return true;
    if (c >= 0x202A && c <= 0x202E) return true;
    if (c >= 0x2060 && c <= 0x2069) return true;
    if (c == 0xFEFF) return true;
    if (c >= 0x4E00 && c <= 0x9FFF) return false;  // CJK ideographs: the common case, all assigned and visible
    if (c == 0x2800) return true;                  // braille pattern blank: shows as a space, is not one
    const utf8proc_property_t* p = utf8proc_get_property(static_cast<utf8proc_int32_t>(c));
    switch (p->category) {
        case UTF8PROC_CATEGORY_CF:  // format: U+FFF9–U+FFFB, U+00AD, U+061C, …
        case UTF8PROC_CATEGORY_ZL:  // U+2028
        case UTF8PROC_CATEGORY_ZP:  // U+2029
        case UTF8PROC_CATEGORY_CO:  // private use
        case UTF8PROC_CATEGORY_CS:  // surrogates (not valid UTF-8 anyway)
        case UTF8PROC_CATEGORY_CN:  // unassigned, and the noncharacters U+FFFE, U+FFFF, U+FDD0–U+FDEF
            return true;
        default:
            return p->ignorable;  // default-ignorable: variation selectors, Hangul fillers, …
    }
}

}  // namespace

std::optional<std::size_t> find_invalid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        // The common three-byte case (CJK, ○, √) checked inline; utf8proc for the rest, which
        // also rejects surrogates and overlong forms.
        if (c >= 0xC2 && c <= 0xDF && i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) {
            i += 2;  // two-byte forms (×) are all valid with these lead bytes
            continue;
        }
        if (c >= 0xE1 && c <= 0xEC && i + 2 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80 &&
            (static_cast<unsigned char>(s[i + 2]) & 0xC0) == 0x80) {
            i += 3;
            continue;
        }
        utf8proc_int32_t cp = 0;
        auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                  static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
        if (n <= 0) return i;
        i += static_cast<std::size_t>(n);
    }
    return std::nullopt;
}

std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (char ch : s)
        if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
    return n;
}

std::string_view utf8_prefix(std::string_view s, std::size_t count) {
    std::size_t i = 0;
    while (i < s.size() && count > 0) {
        decode(s, i);
        --count;
    }
    return s.substr(0, i);
}

std::size_t display_width(std::string_view s) {
    std::size_t width = 0;
    for (std::size_t i = 0; i < s.size();) {
        char32_t c = decode(s, i);
        int w = utf8proc_charwidth(static_cast<utf8proc_int32_t>(c));
        // utf8proc gives ambiguous-width characters such as ○ × √ width 1; Chinese terminals and
        // fonts draw the ones we print (○ 〇 × √) narrow too, except 〇, which is an ideograph.
        width += w < 0 ? 0 : static_cast<std::size_t>(w);
    }
    return width;
}

std::string pad(std::string_view s, std::size_t width, bool right_align) {
    std::size_t w = display_width(s);
    std::string fill(w < width ? width - w : 0, ' ');
    return right_align ? fill + std::string(s) : std::string(s) + fill;
}

std::string render_table(const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& right_align) {
    std::vector<std::size_t> width;
    for (const auto& row : rows) {
        if (width.size() < row.size()) width.resize(row.size(), 0);
        for (std::size_t k = 0; k < row.size(); ++k) width[k] = std::max(width[k], display_width(row[k]));
    }
    std::string out;
    for (const auto& row : rows) {
        for (std::size_t k = 0; k < row.size(); ++k) {
            if (k > 0) out += "  ";
            bool right = k < right_align.size() && right_align[k];
            out += k + 1 == row.size() ? row[k] : pad(row[k], width[k], right);
        }
        out += '\n';
    }
    return out;
}

std::string_view trim(std::string_view s) {
    auto is_space_at_front = [](std::string_view v) -> std::size_t {
        if (!v.empty() && (v.front() == ' ' || v.front() == '\t')) return 1;
        if (v.starts_with("\xE3\x80\x80")) return 3;  // U+3000 ideographic space
        return 0;
    };
    auto is_space_at_back = [](std::string_view v) -> std::size_t {
        if (!v.empty() && (v.back() == ' ' || v.back() == '\t')) return 1;
        if (v.ends_with("\xE3\x80\x80")) return 3;
        return 0;
    };
    while (std::size_t n = is_space_at_front(s)) s.remove_prefix(n);
    while (std::size_t n = is_space_at_back(s)) s.remove_suffix(n);
    return s;
}

std::optional<ForbiddenChar> find_forbidden_char(std::string_view s) {
    std::size_t index = 0;
    for (std::size_t i = 0; i < s.size(); ++index) {
        char32_t c = decode(s, i);
        if (is_forbidden(c)) return ForbiddenChar{index, c};
    }
    return std::nullopt;
}

std::string code_point_name(char32_t cp) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
    return buf;
}

std::string fold_key(std::string_view s) {
    std::string input(trim(s));
    auto* folded = utf8proc_NFKC_Casefold(reinterpret_cast<const utf8proc_uint8_t*>(input.c_str()));
    if (folded == nullptr) return input;
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(folded, &std::free);
    std::string out;
    bool space = false;
    for (const char* p = reinterpret_cast<const char*>(folded); *p != '\0'; ++p) {
        if (*p == ' ' || *p == '\t') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += *p;
    }
    return out;
}

// Invisible and bidi-control characters are shown as <U+XXXX> too: printed raw, U+202E would
// reorder the rest of the shown line on the terminal and U+200B would not show at all, so the
// counter could not see what the message is about.
std::string printable_line(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7F) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", c);
            out += buf;
            ++i;
        } else if (c < 0x80) {
            out += s[i++];
        } else {
            std::size_t start = i;
            char32_t cp = decode(s, i);
            if (is_forbidden(cp))
                out += "<" + code_point_name(cp) + ">";
            else
                out.append(s.substr(start, i - start));
        }
    }
    return out;
}

std::optional<std::string> fold_fullwidth_digits(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            out += s[i++];
            continue;
        }
        char32_t cp = decode(s, i);
        if (cp >= 0xFF10 && cp <= 0xFF19)
            out += static_cast<char>('0' + (cp - 0xFF10));
        else if (cp == 0xFF0E)
            out += '.';
        else
            return std::nullopt;
    }
    return out;
}

}  // namespace piaojue
