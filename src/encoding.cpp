#include <piaojue/encoding.hpp>
#include <piaojue/text.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <utility>

#include <iconv.h>

namespace piaojue {

namespace {

// Raw bytes read per refill. Memory stays bounded by this (plus one converted chunk) whatever the
// file's length; GB18030 characters are at most 4 bytes, so a carried-over tail is tiny.
constexpr std::size_t k_chunk = 64 * 1024;
constexpr std::size_t k_max_sequence = 4;

constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";
constexpr std::string_view k_gb18030_bom = "\x84\x31\x95\x33";  // U+FEFF in GB18030

const auto k_iconv_failed = static_cast<std::size_t>(-1);

iconv_t as_iconv(void* p) {
    return static_cast<iconv_t>(p);
}

// glibc's converter; a missing gconv module is a broken installation, not a bad input file. A
// statically linked piaojue (the release preset) loads the module with the glibc it was linked
// with, so after a glibc upgrade it needs a rebuild (docs/design.md, "Start-up").
iconv_t open_gb18030(const char* to = "UTF-8", const char* from = "GB18030") {
    iconv_t cd = iconv_open(to, from);
    if (cd == reinterpret_cast<iconv_t>(static_cast<std::intptr_t>(-1))) {
        std::string reason = std::strerror(errno);
        throw Error(
            ExitCode::internal,
            coded(
                "E_ICONV_MISSING",
                diagnostic_about(
                    {},
                    {"the GB18030 converter (iconv) is not available: " + reason,
                     "GB18030 转换器（iconv）不可用：" + reason},
                    {"install glibc's gconv modules (Debian package libc6; a statically linked piaojue "
                     "must be rebuilt after a glibc upgrade), or save the file as \"CSV UTF-8 (逗号分隔)\" "
                     "and drop --encoding",
                     "请安装 glibc 的 gconv 模块（Debian 软件包 libc6；静态链接的 piaojue 在 glibc 升级后须重新编译），"
                     "或把文件另存为“CSV UTF-8（逗号分隔）”并去掉 --encoding"})));
    }
    return cd;
}

std::string hex_bytes(std::string_view bytes) {
    std::string out;
    for (char c : bytes) {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%02X", static_cast<unsigned>(static_cast<unsigned char>(c)));
        if (!out.empty()) out += ' ';
        out += buf;
    }
    return out;
}

char ascii_lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

std::optional<Encoding> parse_encoding(std::string_view name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(), ascii_lower);
    if (lower == "utf-8" || lower == "utf8") return Encoding::utf8;
    if (lower == "gb18030" || lower == "gbk" || lower == "gb2312") return Encoding::gb18030;
    return std::nullopt;
}

std::string_view encoding_name(Encoding encoding) {
    return encoding == Encoding::utf8 ? "utf-8" : "gb18030";
}

DecodingSource::DecodingSource(Source& raw, Encoding encoding, std::string file)
    : raw_(raw), encoding_(encoding), file_(std::move(file)) {
    if (encoding_ == Encoding::gb18030) converter_ = open_gb18030();
}

DecodingSource::DecodingSource(std::unique_ptr<Source> raw, Encoding encoding, std::string file)
    : owned_(std::move(raw)), raw_(*owned_), encoding_(encoding), file_(std::move(file)) {
    if (encoding_ == Encoding::gb18030) converter_ = open_gb18030();
}

DecodingSource::~DecodingSource() {
    if (converter_ != nullptr) iconv_close(as_iconv(converter_));
}

// Looks at the first bytes before anything is handed out: byte-order marks decide nothing by
// themselves, but one that contradicts the chosen encoding is a wrong file or a wrong option.
void DecodingSource::start() {
    started_ = true;
    char buffer[k_max_sequence];
    while (in_.size() < k_max_sequence) {
        std::size_t n = raw_.read(buffer, k_max_sequence - in_.size());
        if (n == 0) {
            raw_eof_ = true;
            break;
        }
        in_.append(buffer, n);
    }
    std::string_view head = in_;
    if (detect_utf16_bom(head)) throw Error(ExitCode::input, utf16_diagnostic(file_));
    if (encoding_ == Encoding::utf8) {
        if (head.starts_with(k_utf8_bom)) bom_size_ = k_utf8_bom.size();
    } else if (head.starts_with(k_utf8_bom)) {
        throw Error(ExitCode::input,
                    coded("E_ENCODING_MISMATCH",
                          diagnostic_about(file_,
                                           {"the file starts with a UTF-8 byte-order mark, but --encoding gb18030 "
                                            "was given",
                                            "文件以 UTF-8 字节顺序标记（BOM）开头，但指定了 --encoding gb18030"},
                                           {"the file is UTF-8 (\"CSV UTF-8 (逗号分隔)\"): drop --encoding gb18030",
                                            "该文件是 UTF-8（“CSV UTF-8（逗号分隔）”）：请去掉 --encoding gb18030"})));
    } else if (head.starts_with(k_gb18030_bom)) {
        bom_size_ = k_gb18030_bom.size();
    }
    in_pos_ = bom_size_;
}

// Converts what is buffered (refilling from the raw source first when fewer bytes than one
// character remain) into out_. Returns false once everything has been converted.
bool DecodingSource::decode_more() {
    // At least one whole character is buffered before converting (unless the file ends), so a
    // source that trickles bytes costs no extra rounds and an error shows the same bytes.
    if (!raw_eof_ && in_.size() - in_pos_ < k_max_sequence) {
        in_base_ += in_pos_;
        in_.erase(0, in_pos_);
        in_pos_ = 0;
        // Buffers are sized once: resizing per refill would zero 64 KiB for every byte of a
        // source that hands out one byte at a time.
        if (scratch_.empty()) scratch_.resize(k_chunk);
        while (!raw_eof_ && in_.size() < k_max_sequence) {
            std::size_t n = raw_.read(scratch_.data(), k_chunk - in_.size());
            in_.append(scratch_.data(), n);
            if (n == 0) raw_eof_ = true;
        }
    }
    if (out_.empty()) out_.resize(k_chunk * 2);
    out_pos_ = 0;
    char* in_ptr = in_.data() + in_pos_;
    std::size_t in_left = in_.size() - in_pos_;
    char* out_ptr = out_.data();
    std::size_t out_left = out_.size();
    std::size_t result = iconv(as_iconv(converter_), &in_ptr, &in_left, &out_ptr, &out_left);
    int err = errno;
    in_pos_ = in_.size() - in_left;
    out_end_ = out_.size() - out_left;

    if (result == k_iconv_failed && err == EILSEQ) {
        // Show the same bytes however the raw source happened to split them.
        char more[k_max_sequence];
        while (!raw_eof_ && in_.size() - in_pos_ < k_max_sequence) {
            std::size_t n = raw_.read(more, k_max_sequence - (in_.size() - in_pos_));
            in_.append(more, n);
            raw_eof_ = n == 0;
        }
        std::size_t offset = in_base_ + in_pos_;
        std::string shown = hex_bytes(std::string_view(in_).substr(in_pos_, k_max_sequence));
        throw Error(
            ExitCode::input,
            coded("E_ENCODING_INVALID",
                  diagnostic_about(file_,
                                   {"not valid GB18030 at byte " + std::to_string(offset) + " (" + shown + ")",
                                    "第 " + std::to_string(offset) + " 字节处不是有效的 GB18030 编码（" + shown + "）"},
                                   {"if the file was saved as \"CSV UTF-8 (逗号分隔)\", drop --encoding "
                                    "gb18030; otherwise open it in Excel and save it again",
                                    "如果文件是“CSV UTF-8（逗号分隔）”格式，请去掉 --encoding gb18030；"
                                    "否则请在 Excel 中打开后重新保存"})));
    }
    if (result == k_iconv_failed && err == EINVAL && raw_eof_) {
        std::size_t offset = in_base_ + in_pos_;
        throw Error(
            ExitCode::input,
            coded("E_ENCODING_TRUNCATED",
                  diagnostic_about(file_,
                                   {"the file ends inside a GB18030 character at byte " + std::to_string(offset) +
                                        " (" + hex_bytes(std::string_view(in_).substr(in_pos_)) + ")",
                                    "文件在第 " + std::to_string(offset) + " 字节处结束于一个不完整的 GB18030 字符"},
                                   {"the file looks truncated: copy it again from the original",
                                    "文件似乎不完整：请从原件重新复制"})));
    }
    // E2BIG (out_ full) and EINVAL before the end (a character split across chunks) just mean
    // "call again"; the unconverted bytes stay in in_.
    return !(raw_eof_ && in_pos_ == in_.size() && out_end_ == 0);
}

std::size_t DecodingSource::read(char* buffer, std::size_t size) {
    if (size == 0) return 0;
    if (!started_) start();
    if (encoding_ == Encoding::utf8) {
        if (in_pos_ < in_.size()) {
            std::size_t n = std::min(size, in_.size() - in_pos_);
            std::memcpy(buffer, in_.data() + in_pos_, n);
            in_pos_ += n;
            return n;
        }
        return raw_eof_ ? 0 : raw_.read(buffer, size);
    }
    while (out_pos_ == out_end_) {
        if (!decode_more()) return 0;
    }
    std::size_t n = std::min(size, out_end_ - out_pos_);
    std::memcpy(buffer, out_.data() + out_pos_, n);
    out_pos_ += n;
    return n;
}

bool looks_like_gb18030(std::string_view sample) {
    if (std::none_of(sample.begin(), sample.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
        return false;
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == reinterpret_cast<iconv_t>(static_cast<std::intptr_t>(-1))) return false;  // no converter: make no claim
    std::string in(sample);
    char* in_ptr = in.data();
    std::size_t in_left = in.size();
    std::string out(k_chunk, '\0');
    bool clean = true;
    while (in_left > 0) {
        char* out_ptr = out.data();
        std::size_t out_left = out.size();
        if (iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left) != k_iconv_failed) break;
        if (errno == E2BIG) continue;
        // EINVAL: a character cut off by the end of the sample, not a sign of another encoding.
        clean = errno == EINVAL;
        break;
    }
    iconv_close(cd);
    return clean;
}

std::optional<std::string> detect_utf16_bom(std::string_view first_bytes) {
    if (first_bytes.starts_with("\xFF\xFE")) return "UTF-16LE";
    if (first_bytes.starts_with("\xFE\xFF")) return "UTF-16BE";
    return std::nullopt;
}

Diagnostic gb18030_diagnostic(const std::string& file, std::size_t offset) {
    std::string n = std::to_string(offset);
    return coded(
        "E_ENCODING_GB18030",
        diagnostic_about(file,
                         {"not valid UTF-8 at byte " + n +
                              "; the file looks like GB18030/GBK (Excel \"CSV (逗号分隔)\" on Chinese Windows)",
                          "第 " + n +
                              " 字节处不是有效的 UTF-8；文件看起来是 GB18030/GBK 编码（中文 Windows 上 Excel 的"
                              "“CSV (逗号分隔)”格式）"},
                         {"save it as \"CSV UTF-8 (逗号分隔)\" or pass --encoding gb18030",
                          "请在 Excel 中另存为“CSV UTF-8 (逗号分隔)”，或加上 --encoding gb18030"}));
}

Diagnostic utf16_diagnostic(const std::string& file) {
    return coded("E_ENCODING_UTF16", diagnostic_about(file,
                                                      {"the file is UTF-16 (Excel \"Unicode text\")",
                                                       "文件是 UTF-16 编码（Excel 的“Unicode 文本”格式）"},
                                                      {"save as CSV UTF-8 (in Excel: \"CSV UTF-8 (逗号分隔)\")",
                                                       "请另存为 CSV UTF-8（Excel 中的“CSV UTF-8 (逗号分隔)”）"}));
}

namespace {

// UTF-16 without a byte-order mark: every other byte of its ASCII text is NUL, which no CSV has.
bool looks_like_utf16(std::string_view sample) {
    auto zeros = static_cast<std::size_t>(std::count(sample.begin(), sample.end(), '\0'));
    return sample.size() >= 4 && zeros * 4 >= sample.size();
}

// A UTF-8 file with one damaged spot, not GBK: before the first bad byte the sample already holds
// two or more three-byte UTF-8 characters (Chinese in UTF-8). GBK text seldom forms one by
// chance, while much UTF-8 text also happens to decode as GB18030, so that test alone misleads.
bool utf8_before_bad_byte(std::string_view sample) {
    std::size_t end = find_invalid_utf8(sample).value_or(sample.size());
    std::size_t three_byte = 0;
    for (std::size_t i = 0; i < end; ++i)
        if ((static_cast<unsigned char>(sample[i]) & 0xF0) == 0xE0) ++three_byte;
    return three_byte >= 2;
}

}  // namespace

Encoding choose_encoding(std::string_view head, bool whole) {
    if (head.starts_with(k_utf8_bom)) return Encoding::utf8;
    if (head.starts_with(k_gb18030_bom)) return Encoding::gb18030;
    if (detect_utf16_bom(head) || looks_like_utf16(head)) return Encoding::utf8;
    const std::optional<std::size_t> bad = find_invalid_utf8(head);
    // A partial head may end inside a character: a sequence in its last three bytes is not proof.
    if (!bad || (!whole && *bad + 3 >= head.size())) return Encoding::utf8;
    if (!utf8_before_bad_byte(head) && looks_like_gb18030(head)) return Encoding::gb18030;
    return Encoding::utf8;
}

Diagnostic invalid_utf8_diagnostic(const std::string& file, std::string_view sample, std::size_t offset) {
    if (detect_utf16_bom(sample) || looks_like_utf16(sample)) return utf16_diagnostic(file);
    if (!utf8_before_bad_byte(sample) && looks_like_gb18030(sample)) return gb18030_diagnostic(file, offset);
    std::string n = std::to_string(offset);
    return coded("E_ENCODING_INVALID",
                 diagnostic_about(file, {"not valid UTF-8 at byte " + n, "第 " + n + " 字节处不是有效的 UTF-8"},
                                  {"save the file as UTF-8 (in Excel: \"CSV UTF-8 (逗号分隔)\")",
                                   "请把文件另存为 UTF-8（Excel 中的“CSV UTF-8 (逗号分隔)”）"}));
}

std::string encode_gb18030(std::string_view utf8) {
    iconv_t cd = open_gb18030("GB18030", "UTF-8");
    std::string out;
    out.resize(utf8.size() * 2 + 16);  // GB18030 takes at most 4 bytes where UTF-8 takes 3 or 4
    char* in = const_cast<char*>(utf8.data());
    std::size_t in_left = utf8.size();
    char* at = out.data();
    std::size_t out_left = out.size();
    const std::size_t r = iconv(cd, &in, &in_left, &at, &out_left);
    iconv_close(cd);
    // GB18030 encodes every code point: only text that is not UTF-8 fails (the caller's bug).
    if (r == k_iconv_failed || in_left != 0)
        throw Error(ExitCode::internal, diagnostic_about({}, {"text to write as GB18030 is not valid UTF-8",
                                                              "要写成 GB18030 的文本不是有效的 UTF-8"}));
    out.resize(out.size() - out_left);
    return out;
}

}  // namespace piaojue
