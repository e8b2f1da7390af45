// Input encodings (docs/rules.md §2.1): UTF-8 with or without a BOM, and GB18030/GBK, which is what Excel
// "CSV (逗号分隔)" writes on Chinese Windows. Conversion goes through glibc iconv, a real
// converter; the project keeps no code tables of its own. Policy (docs/limits.md, "Encodings"):
// nothing is ever decoded by guesswork. Bytes that are not valid in the chosen encoding are an
// input error (exit 3) that names the byte offset and the fix; U+FFFD is never produced.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <piaojue/error.hpp>
#include <piaojue/source.hpp>

namespace piaojue {

/// The encodings an input file may be read in (`--encoding`).
enum class Encoding { utf8, gb18030 };

/// The encoding named `name` (case-insensitive `utf-8`, `utf8`, `gb18030`, `gbk`, `gb2312`; the
/// last two map to gb18030, a superset of both), or nullopt.
[[nodiscard]] std::optional<Encoding> parse_encoding(std::string_view name);

/// The canonical name of `encoding`: `"utf-8"` or `"gb18030"`.
[[nodiscard]] std::string_view encoding_name(Encoding encoding);

/// UTF-8 `utf8` written as GB18030 (every code point has a GB18030 form). Throws Error (exit 1)
/// when the converter is missing, as reading GB18030 does.
[[nodiscard]] std::string encode_gb18030(std::string_view utf8);

/// A Source that yields the UTF-8 text of a raw Source read in `encoding`.
///
/// utf8: a leading UTF-8 BOM is dropped and the rest passes through unchecked (the CSV reader
/// validates UTF-8 and locates errors by line and column). gb18030: converted chunk by chunk
/// with iconv; a multibyte sequence split across chunks is carried over; a GB18030 BOM
/// (84 31 95 33) is dropped. Either way a UTF-16 BOM, or a UTF-8 BOM under gb18030, is an
/// input error, as is an invalid or truncated GB18030 sequence (naming the raw byte offset).
/// Memory is bounded by the chunk size, whatever the file's length.
class DecodingSource final : public Source {
public:
    /// Decodes `raw` (which must outlive this) as `encoding`; `file` is the name shown in errors.
    DecodingSource(Source& raw, Encoding encoding, std::string file);
    /// Decodes `raw`, taking ownership of it.
    DecodingSource(std::unique_ptr<Source> raw, Encoding encoding, std::string file);
    ~DecodingSource() override;
    DecodingSource(const DecodingSource&) = delete;
    DecodingSource& operator=(const DecodingSource&) = delete;

    /// Reads up to `size` bytes of UTF-8 into `buffer`; 0 only at the end. Throws Error (exit 3).
    std::size_t read(char* buffer, std::size_t size) override;

    /// Raw bytes of byte-order mark skipped at the start (0, 3 or 4); known after the first read.
    /// Add it to an offset in the decoded utf8 text to get the offset in the raw file.
    [[nodiscard]] std::size_t bom_size() const { return bom_size_; }

private:
    void start();
    bool decode_more();

    std::unique_ptr<Source> owned_;
    Source& raw_;
    Encoding encoding_;
    std::string file_;
    void* converter_ = nullptr;  // iconv_t, opened only for gb18030
    std::string in_;             // raw bytes not yet converted start at in_pos_
    std::size_t in_pos_ = 0;
    std::size_t in_base_ = 0;  // raw-file offset of in_[0]
    std::string scratch_;      // raw read buffer, allocated once
    std::string out_;          // converted bytes not yet handed out: [out_pos_, out_end_)
    std::size_t out_pos_ = 0;
    std::size_t out_end_ = 0;
    std::size_t bom_size_ = 0;
    bool started_ = false;
    bool raw_eof_ = false;
};

/// Whether `sample` decodes cleanly as GB18030 and holds at least one multibyte sequence. A
/// sequence cut off by the end of `sample` does not count against it. Meant for bytes already
/// known not to be valid UTF-8; it is a hint for a message, never a reason to decode.
[[nodiscard]] bool looks_like_gb18030(std::string_view sample);

/// The encoding a CSV file is read in, decided per file (SPEC §3) from `head`, its first bytes
/// (all of them when `whole`): UTF-8 with or without a BOM when they are valid UTF-8 (a sequence
/// cut off at the end of a partial head does not count); GB18030 when they are not, do not look
/// like damaged UTF-8, and decode cleanly as GB18030 — what Excel saves as "CSV (逗号分隔)" on
/// Chinese Windows — or start with GB18030's BOM; UTF-8 otherwise, whose reader then reports the
/// bad byte (a UTF-16 file stays an error with its fix).
[[nodiscard]] Encoding choose_encoding(std::string_view head, bool whole);

/// `"UTF-16LE"` or `"UTF-16BE"` when `first_bytes` (the start of a file) begins with that BOM.
[[nodiscard]] std::optional<std::string> detect_utf16_bom(std::string_view first_bytes);

/// The error for GBK/GB18030 bytes in `file` read as UTF-8, first invalid at raw byte `offset`
/// (0-based): names the Excel format it came from and the two fixes.
[[nodiscard]] Diagnostic gb18030_diagnostic(const std::string& file, std::size_t offset);

/// The error for a UTF-16 `file` (Excel "Unicode text").
[[nodiscard]] Diagnostic utf16_diagnostic(const std::string& file);

/// The error for `file` that is not valid UTF-8 at raw byte `offset`, chosen by what `sample`
/// looks like: UTF-16 (a BOM at its start), GB18030/GBK, or neither. `sample` is raw bytes
/// around the invalid one, best from the start of its line (a line feed is never inside a
/// GB18030 character, so that is a safe place to start). The caller may fill in line and column.
[[nodiscard]] Diagnostic invalid_utf8_diagnostic(const std::string& file, std::string_view sample, std::size_t offset);

}  // namespace piaojue
