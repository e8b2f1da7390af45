#include <piaojue/csv.hpp>
#include <piaojue/encoding.hpp>
#include <piaojue/text.hpp>

#include "cpu_features.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define PIAOJUE_CSV_AVX512 1
#define PIAOJUE_CSV_AVX512_TARGET __attribute__((target("avx512f,avx512bw")))
#include <immintrin.h>
#endif

namespace piaojue {

namespace {

constexpr std::size_t k_chunk = 1 << 16;

#if defined(__SSE2__)
// Bytes of `x` (bytes with the top bit flipped: see classify) in [lo, hi] (unsigned), as a vector
// mask. SSE2 compares are signed: flipping the top bit of both sides makes them unsigned.
// `lo` must be at least 1 and `hi` at most FE.
inline __m128i in_range(__m128i x, unsigned char lo, unsigned char hi) {
    const __m128i l = _mm_set1_epi8(static_cast<char>((lo ^ 0x80) - 1));
    const __m128i h = _mm_set1_epi8(static_cast<char>((hi ^ 0x80) + 1));
    return _mm_and_si128(_mm_cmpgt_epi8(x, l), _mm_cmplt_epi8(x, h));
}
inline __m128i equal(__m128i v, char c) {
    return _mm_cmpeq_epi8(v, _mm_set1_epi8(c));
}
inline std::uint64_t bits(__m128i mask, unsigned k) {
    return std::uint64_t{static_cast<unsigned>(_mm_movemask_epi8(mask))} << (16 * k);
}
#endif

// UTF-8 is proven valid where every continuation byte (80–BF) is owed by the lead byte before
// it and every owed byte is a continuation byte, for the lead bytes whose every continuation is
// valid: C2–DF (one follows), E1–EC and EE–EF (two), F1–F3 (three). A mismatch, or any other
// byte ≥ 80 (C0 C1 E0 ED F0 F4–FF), is a bit of `check`: the record holding it is validated
// exactly. `owed` comes in as the continuations owed to this block and goes out as those it
// owes to the next.
inline std::uint64_t utf8_check(std::uint64_t& owed, std::uint64_t high, std::uint64_t cont, std::uint64_t lead2,
                                std::uint64_t lead3, std::uint64_t lead4) {
    const std::uint64_t odd = high & ~(cont | lead2 | lead3 | lead4);
    const std::uint64_t due =
        owed | (lead2 << 1) | (lead3 << 1) | (lead3 << 2) | (lead4 << 1) | (lead4 << 2) | (lead4 << 3);
    owed = (lead2 >> 63) | (lead3 >> 63) | (lead3 >> 62) | (lead4 >> 63) | (lead4 >> 62) | (lead4 >> 61);
    return (due ^ cont) | odd;
}

#if PIAOJUE_CSV_AVX512
PIAOJUE_CSV_AVX512_TARGET inline std::uint64_t equal_mask(__m512i v, char c) {
    return _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(c));
}
// Bytes of `v` in [lo, lo + n) (unsigned): v − lo below n, wrapping around.
PIAOJUE_CSV_AVX512_TARGET inline std::uint64_t range_mask(__m512i v, unsigned char lo, unsigned char n) {
    return _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v, _mm512_set1_epi8(static_cast<char>(lo))),
                                  _mm512_set1_epi8(static_cast<char>(n)));
}
#endif

}  // namespace

// Sixteen bytes at a time with SSE2 (baseline x86-64), or a byte at a time elsewhere. A block of
// ASCII, the usual case, skips the UTF-8 classes.
detail::CsvScanBlock detail::classify_block(const char* p, std::uint64_t& owed) {
    detail::CsvScanBlock b;
    std::uint64_t high = 0, cont = 0, lead2 = 0, lead3 = 0, lead4 = 0;
#if defined(__SSE2__)
    __m128i v[4];
    for (unsigned k = 0; k < 4; ++k) v[k] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const bool ascii = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(v[0], v[1]), _mm_or_si128(v[2], v[3]))) == 0;
    const __m128i flip = _mm_set1_epi8(static_cast<char>(0x80));
    const __m128i below_space = _mm_set1_epi8(static_cast<char>(0x20 ^ 0x80));
    for (unsigned k = 0; k < 4; ++k) {
        const __m128i x = _mm_xor_si128(v[k], flip);
        // A control character other than TAB (CR and LF included), DEL, or '"'.
        const __m128i special = _mm_or_si128(_mm_andnot_si128(equal(v[k], '\t'), _mm_cmplt_epi8(x, below_space)),
                                             _mm_or_si128(equal(v[k], '\x7F'), equal(v[k], '"')));
        b.comma |= bits(equal(v[k], ','), k);
        b.lf |= bits(equal(v[k], '\n'), k);
        b.special |= bits(special, k);
        if (ascii) continue;
        high |= bits(v[k], k);
        cont |= bits(in_range(x, 0x80, 0xBF), k);
        lead2 |= bits(in_range(x, 0xC2, 0xDF), k);
        lead3 |= bits(_mm_or_si128(in_range(x, 0xE1, 0xEC), in_range(x, 0xEE, 0xEF)), k);
        lead4 |= bits(in_range(x, 0xF1, 0xF3), k);
    }
#else
    for (unsigned i = 0; i < 64; ++i) {
        auto c = static_cast<unsigned char>(p[i]);
        std::uint64_t bit = std::uint64_t{1} << i;
        if (c == ',') b.comma |= bit;
        if (c == '\n') b.lf |= bit;
        if (c == '"' || (c < 0x20 && c != '\t') || c == 0x7F) b.special |= bit;
        if (c >= 0x80) high |= bit;
        if (c >= 0x80 && c <= 0xBF)
            cont |= bit;
        else if (c >= 0xC2 && c <= 0xDF)
            lead2 |= bit;
        else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
            lead3 |= bit;
        else if (c >= 0xF1 && c <= 0xF3)
            lead4 |= bit;
    }
#endif
    b.check = utf8_check(owed, high, cont, lead2, lead3, lead4);
    return b;
}

#if PIAOJUE_CSV_AVX512
// The same masks from one 64-byte register: AVX-512BW compares give the bit masks directly, and
// compare unsigned, so each class is one or two instructions.
PIAOJUE_CSV_AVX512_TARGET detail::CsvScanBlock detail::classify_block_avx512(const char* p, std::uint64_t& owed) {
    const __m512i v = _mm512_loadu_si512(p);
    detail::CsvScanBlock b;
    b.comma = equal_mask(v, ',');
    b.lf = equal_mask(v, '\n');
    b.special = (range_mask(v, 0x00, 0x20) & ~equal_mask(v, '\t')) | equal_mask(v, '\x7F') | equal_mask(v, '"');
    const std::uint64_t high = _mm512_movepi8_mask(v);
    if (high == 0 && owed == 0) return b;
    b.check = utf8_check(owed, high, range_mask(v, 0x80, 0x40), range_mask(v, 0xC2, 0x1E),
                         range_mask(v, 0xE1, 0x0C) | range_mask(v, 0xEE, 0x02), range_mask(v, 0xF1, 0x03));
    return b;
}

bool detail::csv_avx512_supported() {
    return cpu_has_avx512bw();
}
#else
detail::CsvScanBlock detail::classify_block_avx512(const char* p, std::uint64_t& owed) {
    return classify_block(p, owed);
}

bool detail::csv_avx512_supported() {
    return false;
}
#endif

namespace {

// The bits of the byte positions [lo, hi) that fall in the block starting at `start`.
inline std::uint64_t span(std::size_t lo, std::size_t hi, std::size_t start) {
    const std::size_t a = lo > start ? lo - start : 0;
    const std::size_t z = hi > start ? std::min<std::size_t>(hi - start, 64) : 0;
    if (z <= a) return 0;
    const std::uint64_t below_z = z == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << z) - 1;
    return below_z & (~std::uint64_t{0} << a);
}

}  // namespace

CsvReader::CsvReader(Source& source, std::string file, CsvLimits limits)
    : source_(source), file_(std::move(file)), limits_(limits) {}

bool CsvReader::fill() {
    if (eof_) return false;
    // Reads start small and double: resize() zeroes what it adds, and at a meeting's few
    // kilobytes a first 64 KiB would be sixteen fresh pages touched for nothing.
    std::size_t old = buffer_.size();
    buffer_.resize(old + read_size_);
    std::size_t n = source_.read(buffer_.data() + old, read_size_);
    buffer_.resize(old + n);
    if (n == read_size_ && read_size_ < k_chunk) read_size_ *= 2;
    if (n == 0) eof_ = true;
    return n > 0;
}

bool CsvReader::blank() const {
    for (const CsvField& f : fields())
        if (!f.text.empty()) return false;
    return true;
}

std::pair<std::size_t, std::size_t> CsvReader::position_of(std::size_t offset) const {
    std::string_view raw(buffer_.data() + record_begin_, record_end_ - record_begin_);
    std::size_t line = record_line_;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset && i < raw.size(); ++i) {
        if (raw[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    }
    std::string_view before = raw.substr(line_start, offset - line_start);
    return {line, utf8_length(before) + 1};
}

std::string CsvReader::line_at(std::size_t offset) const {
    std::string_view raw(buffer_.data() + record_begin_, record_end_ - record_begin_);
    std::size_t start = raw.rfind('\n', offset == 0 ? 0 : offset - 1);
    start = (start == std::string_view::npos || (offset == 0)) ? 0 : start + 1;
    if (offset > 0 && raw[offset - 1] == '\n') start = offset;
    std::size_t end = raw.find('\n', start);
    std::string_view line = raw.substr(start, end == std::string_view::npos ? raw.size() - start : end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > 200) line = utf8_prefix(line, 120);
    if (find_invalid_utf8(line)) return {};
    return std::string(line);
}

std::size_t CsvReader::field_offset(std::size_t index) const {
    if (index >= field_count_) return 0;
    // A record of the fast path: its fields point into the buffer, so the offset is the pointer's.
    if (offsets_from_text_)
        return static_cast<std::size_t>(fields_[index].text.data() - (buffer_.data() + record_begin_));
    return index < field_offsets_.size() ? field_offsets_[index] : 0;
}

std::pair<std::size_t, std::size_t> CsvReader::position(std::size_t index) const {
    return position_of(field_offset(index));
}

std::string CsvReader::source_line(std::size_t index) const {
    return line_at(field_offset(index));
}

Diagnostic CsvReader::at(std::size_t index, Text message, Text hint) const {
    auto [line, column] = position(index);
    return Diagnostic{file_, line, column, std::move(message), std::move(hint), source_line(index)};
}

Diagnostic CsvReader::at_record(Text message, Text hint) const {
    return Diagnostic{file_, record_line_, 0, std::move(message), std::move(hint), line_at(0)};
}

void CsvReader::fail(std::size_t offset, Text message, Text hint) {
    if (record_end_ < record_begin_ + offset) record_end_ = record_begin_ + offset;
    if (record_end_ > buffer_.size()) record_end_ = buffer_.size();
    // Show the whole physical line of the error, not only the bytes read up to it (bounded).
    std::size_t at = record_begin_ + offset;
    while (buffer_.find('\n', at) == std::string::npos && buffer_.size() < at + 4096 && fill()) {
    }
    std::size_t eol = std::min(buffer_.find('\n', at), buffer_.size());
    if (record_end_ < eol) record_end_ = eol;
    auto [line, column] = position_of(offset);
    throw Error(ExitCode::input, Diagnostic{file_, line, column, std::move(message), std::move(hint), line_at(offset)});
}

void CsvReader::drop_consumed() {
    // Whole blocks only, so that the byte classes of what is kept stay valid.
    const std::size_t drop = record_begin_ & ~std::size_t{63};
    if (drop == 0) return;
    buffer_.erase(0, drop);
    record_begin_ -= drop;
    record_end_ = record_end_ >= drop ? record_end_ - drop : 0;
    if (blocks_.size() >= drop / 64) {
        blocks_.erase(blocks_.begin(), blocks_.begin() + static_cast<std::ptrdiff_t>(drop / 64));
    } else {
        // The state machine read past the classified bytes: classify afresh from what is kept.
        // A continuation owed across the cut is lost, which is harmless: the bytes before the
        // current record belong to records already read, and no sequence runs past their line feed
        // into it without its record being checked exactly for it.
        blocks_.clear();
        utf8_owed_ = 0;
    }
}

bool CsvReader::scan_through(std::size_t offset) {
    while (blocks_.size() * 64 <= offset) {
        const std::size_t at = blocks_.size() * 64;
        if (at + 64 <= buffer_.size()) {
            const char* p = buffer_.data() + at;
            blocks_.push_back(avx512_ ? detail::classify_block_avx512(p, utf8_owed_)
                                      : detail::classify_block(p, utf8_owed_));
            continue;
        }
        if (fill()) continue;  // only whole blocks are classified until the input ends
        if (offset >= buffer_.size()) return false;
        std::array<char, 64> tail{};  // the last bytes of the input, NUL-padded: no LF in the padding
        std::memcpy(tail.data(), buffer_.data() + at, buffer_.size() - at);
        blocks_.push_back(detail::classify_block(tail.data(), utf8_owed_));
    }
    return true;
}

// Fast path for the common record: one line, no quotes, no control characters, valid UTF-8. The
// buffer is classified 64 bytes at a time into bit masks (classify), each byte once, however
// many records a block holds; the line feed and the commas of a record are read off the masks.
// Anything else (a quote, a CR not before the LF, a control character, invalid UTF-8, no LF
// before the end of input, a record over the limits) goes to the state machine in next(), which
// is exact and gives the error. See docs/design.md, "The CSV scan".
bool CsvReader::fast_next() {
    // The line feed: the first LF bit at or after the record's start.
    std::size_t eol = 0;
    for (std::size_t rel = 0;;) {
        std::size_t at = record_begin_ + rel;
        if (at >= blocks_.size() * 64 && at + 64 > buffer_.size() && record_begin_ >= 64) {
            // More input is needed: drop the consumed records first, where only whole blocks move.
            drop_consumed();
            at = record_begin_ + rel;
        }
        if (!scan_through(at)) return false;
        const std::uint64_t lf = blocks_[at / 64].lf & (~std::uint64_t{0} << (at % 64));
        if (lf != 0) {
            eol = at - at % 64 + static_cast<std::size_t>(std::countr_zero(lf));
            break;
        }
        rel += 64 - at % 64;
        if (rel > limits_.max_record_bytes) return false;  // no LF yet: longer than allowed
    }
    const std::size_t begin = record_begin_;
    if (eol - begin > limits_.max_record_bytes) return false;
    const std::size_t end = eol > begin && buffer_[eol - 1] == '\r' ? eol - 1 : eol;  // of the text
    const char* base = buffer_.data();
    std::size_t count = 0;
    std::size_t field_begin = begin;
    bool exact_utf8 = false;
    for (std::size_t block = begin / 64; block <= eol / 64; ++block) {
        const std::size_t start = block * 64;
        const detail::CsvScanBlock& m = blocks_[block];
        const std::uint64_t text = span(begin, end, start);
        if ((m.special & text) != 0) return false;
        // Owed bytes missing at the line end show at the CR or LF: those count too.
        if ((m.check & span(begin, eol + 1, start)) != 0) exact_utf8 = true;
        // Room for this block's fields (at most 64) and the record's last one, then plain stores.
        std::uint64_t commas = m.comma & text;
        if (fields_.size() < count + 65) fields_.resize(count + 65);
        CsvField* out = fields_.data();
        for (; commas != 0; commas &= commas - 1) {
            const std::size_t comma = start + static_cast<std::size_t>(std::countr_zero(commas));
            out[count++] = CsvField{std::string_view(base + field_begin, comma - field_begin), false};
            field_begin = comma + 1;
        }
    }
    fields_[count++] = CsvField{std::string_view(base + field_begin, end - field_begin), false};
    field_count_ = count;
    offsets_from_text_ = true;
    if (count > limits_.max_fields ||
        (exact_utf8 && find_invalid_utf8(std::string_view(base + begin, end - begin)).has_value()))
        return false;
    record_end_ = eol + 1;
    next_line_ = record_line_ + 1;
    consumed_ += record_end_ - record_begin_;
    return true;
}

bool CsvReader::next() {
    auto none = [this] {
        field_count_ = 0;
        field_offsets_.clear();
        offsets_from_text_ = false;
        return false;
    };
    // Drop the previous record; keep the buffer from growing with the file. It is compacted only
    // once a chunk's worth has been consumed: erasing in front of every record would move the
    // unread rest of the buffer each time, O(chunk) per record (hours for a 10 GB file of blank
    // rows).
    record_begin_ = record_end_;
    if (record_begin_ == buffer_.size()) {
        buffer_.clear();
        blocks_.clear();
        utf8_owed_ = 0;  // owed past a line feed: the record that ended there was checked for it
        record_begin_ = 0;
    } else if (record_begin_ >= k_chunk) {
        drop_consumed();
    }
    record_end_ = record_begin_;
    // fields_ is storage that only grows (the fast path keeps room for a block's 64 fields past
    // the widest record so far): a record overwrites its first field_count_ entries in place.
    unescaped_.clear();
    record_line_ = next_line_;

    if (buffer_.empty() && !fill()) return none();
    if (first_) {
        first_ = false;
        while (buffer_.size() < 3 && fill()) {
        }
        if (buffer_.starts_with("\xEF\xBB\xBF")) {
            buffer_.erase(0, 3);
            consumed_ = 3;
        }
        if (buffer_.empty() && !fill()) return none();
    }

    if (fast_next()) return true;
    field_count_ = 0;
    field_offsets_.clear();
    offsets_from_text_ = false;

    // Byte-level state machine. Positions and spans are offsets into the buffer, so appending
    // more input never invalidates them; offsets given to fail() and kept in field_offsets_ are
    // relative to the record start, record_begin_.
    std::size_t pos = record_begin_;
    std::size_t lines = 0;
    // Scratch kept across records so that a row costs no allocation.
    auto& spans = spans_;  // [begin, end) of each field's raw text
    auto& quoted_flags = quoted_flags_;
    auto& has_escape = has_escape_;
    spans.clear();
    quoted_flags.clear();
    has_escape.clear();
    auto need = [&](std::size_t n) {
        while (buffer_.size() < pos + n)
            if (!fill()) return false;
        return true;
    };
    auto too_long = [&] {
        record_end_ = pos;
        fail(0,
             {"record longer than " + std::to_string(limits_.max_record_bytes) + " bytes",
              "记录超过 " + std::to_string(limits_.max_record_bytes) + " 字节"},
             {"this is not a ballot or candidate table; check that the right file is named",
              "这不像选票或候选项目表，请检查文件是否选对"});
    };
    bool done = false;
    while (!done) {
        // Start of a field.
        if (spans.size() >= limits_.max_fields) {
            record_end_ = pos;
            fail(pos - record_begin_,
                 {"more than " + std::to_string(limits_.max_fields) + " fields in one row",
                  "一行超过 " + std::to_string(limits_.max_fields) + " 个字段"},
                 {"check the delimiter and that the right file is named", "请检查分隔符和文件是否选对"});
        }
        std::size_t field_begin = pos;
        bool quoted = false;
        bool escape = false;
        if (need(1) && buffer_[pos] == '"') {
            quoted = true;
            ++pos;
            std::size_t open_line_offset = field_begin - record_begin_;
            for (;;) {
                if (pos - record_begin_ > limits_.max_record_bytes) {
                    // Far more likely a quote that never closes than a name this long.
                    record_end_ = pos;
                    fail(open_line_offset,
                         {"the quoted field opened here runs on for more than " +
                              std::to_string(limits_.max_record_bytes) + " bytes: its closing quote is missing",
                          "此处开始的带引号字段超过 " + std::to_string(limits_.max_record_bytes) +
                              " 字节仍未结束：缺少结尾的引号"},
                         {"add the closing \" or remove the opening one", "补上结尾的 \" 或删去开头的 \""});
                }
                if (!need(1)) {
                    record_end_ = pos;
                    fail(open_line_offset,
                         {"unterminated quote: the quoted field opened here never closes",
                          "引号未闭合：此处开始的带引号字段没有结束"},
                         {"add the closing \" or remove the opening one", "补上结尾的 \" 或删去开头的 \""});
                }
                char c = buffer_[pos];
                if (c == '"') {
                    if (need(2) && buffer_[pos + 1] == '"') {
                        escape = true;
                        pos += 2;
                        continue;
                    }
                    ++pos;
                    break;
                }
                if (c == '\n') ++lines;
                ++pos;
            }
            spans.emplace_back(field_begin + 1, pos - 1);
            // After the closing quote: a delimiter, a line end or the end of input.
            if (need(1)) {
                char c = buffer_[pos];
                if (c != ',' && c != '\n' && c != '\r') {
                    record_end_ = pos + 1;
                    fail(pos - record_begin_, {"text after the closing quote of a field", "字段的结尾引号后还有文字"},
                         {"put the whole field in quotes and double the quotes inside it (\"\")",
                          "把整个字段放进引号，字段内的引号写成两个（\"\"）"});
                }
            }
        } else {
            for (;;) {
                if (pos - record_begin_ > limits_.max_record_bytes) too_long();
                if (!need(1)) break;
                char c = buffer_[pos];
                if (c == ',' || c == '\n' || c == '\r') break;
                if (c == '"') {
                    record_end_ = pos + 1;
                    fail(pos - record_begin_, {"stray quote inside an unquoted field", "未加引号的字段中出现了引号"},
                         {"quote the whole field and double the quote (\"\"), or remove it",
                          "把整个字段放进引号并把其中的引号写成两个（\"\"），或删去该引号"});
                }
                ++pos;
            }
            spans.emplace_back(field_begin, pos);
        }
        quoted_flags.push_back(quoted ? 1 : 0);
        has_escape.push_back(escape);
        field_offsets_.push_back(field_begin - record_begin_);

        // Delimiter or end of record.
        if (!need(1)) {
            done = true;
            break;
        }
        char c = buffer_[pos];
        if (c == ',') {
            ++pos;
            if (!need(1)) {
                // "a," at the very end: one more empty field.
                spans.emplace_back(pos, pos);
                quoted_flags.push_back(0);
                has_escape.push_back(false);
                field_offsets_.push_back(pos - record_begin_);
                done = true;
            }
            continue;
        }
        if (c == '\r') {
            if (!need(2) || buffer_[pos + 1] != '\n') {
                record_end_ = pos + 1;
                fail(pos - record_begin_, {"carriage return (CR) without line feed", "出现了单独的回车符（CR）"},
                     {"save the file with Windows (CRLF) or Unix (LF) line endings",
                      "请以 Windows（CRLF）或 Unix（LF）换行保存文件"});
            }
            pos += 2;
        } else {
            ++pos;  // '\n'
        }
        ++lines;
        done = true;
    }
    record_end_ = pos;
    next_line_ = record_line_ + lines;
    const std::size_t record_offset = consumed_;
    consumed_ += record_end_ - record_begin_;

    std::string_view raw(buffer_.data() + record_begin_, record_end_ - record_begin_);
    if (auto bad = find_invalid_utf8(raw)) {
        // The message says what the bytes look like (GBK from Excel, UTF-16) and the fix; the
        // location is the line and column here.
        Diagnostic d = invalid_utf8_diagnostic(file_, raw, record_offset + *bad);
        fail(*bad, std::move(d.message), std::move(d.hint));
    }
    for (std::size_t i = 0; i < raw.size(); ++i) {
        auto c = static_cast<unsigned char>(raw[i]);
        if (c >= 0x20 && c != 0x7F) continue;
        if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7F) {
            // A row that is a quarter NUL is UTF-16 text without a byte-order mark (ASCII in
            // UTF-16 is every other byte NUL), not a stray control character.
            // Only at the start of the file: one NUL on a later row is a stray control character.
            if (c == 0 && record_offset == 0 &&
                std::count(raw.begin(), raw.end(), '\0') * 4 >= static_cast<std::ptrdiff_t>(raw.size())) {
                Diagnostic d = utf16_diagnostic(file_);
                fail(i, std::move(d.message), std::move(d.hint));
            }
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", c);
            fail(i, {std::string("control character ") + hex + " in the file", std::string("文件中有控制字符 ") + hex},
                 {"remove it; it is not part of any name or mark", "请删除它，它不属于任何名称或标记"});
        }
    }

    unescaped_.reserve(spans.size());
    if (fields_.size() < spans.size()) fields_.resize(spans.size());
    for (std::size_t i = 0; i < spans.size(); ++i) {
        std::string_view text(buffer_.data() + spans[i].first, spans[i].second - spans[i].first);
        if (has_escape[i]) {
            std::string& s = unescaped_.emplace_back();
            for (std::size_t j = 0; j < text.size(); ++j) {
                s += text[j];
                if (text[j] == '"') ++j;
            }
            text = s;
        }
        fields_[i] = CsvField{text, quoted_flags[i] != 0};
    }
    field_count_ = spans.size();
    return true;
}

}  // namespace piaojue

namespace piaojue {

namespace {

struct Delim {
    std::string_view bytes, en, zh;
};

// The separators a file or a row typed with a Chinese input method or saved by another program
// has instead of ','.
const Delim* other_delimiter(std::string_view text) {
    static constexpr Delim k_delims[] = {{"\t", "TAB", "制表符"},
                                         {"\xEF\xBC\x8C", "full-width comma (，)", "全角逗号（，）"},
                                         {";", "semicolon (;)", "分号（;）"},
                                         {"\xEF\xBC\x9B", "full-width semicolon (；)", "全角分号（；）"},
                                         {"\xE3\x80\x81", "enumeration comma (、)", "顿号（、）"}};
    for (const Delim& d : k_delims)
        if (text.find(d.bytes) != std::string_view::npos) return &d;
    return nullptr;
}

// A header that is one field holding another delimiter is a file saved with the wrong separator.
void check_delimiter(const CsvReader& header) {
    if (header.fields().size() != 1) return;
    std::string_view text = header.fields()[0].text;
    if (const Delim* d = other_delimiter(text))
        throw Error(ExitCode::input,
                    header.at(0,
                              {"the header is separated by " + std::string(d->en) + ", not by commas",
                               "表头用" + std::string(d->zh) + "分隔，而不是英文逗号"},
                              {"save the file as \"CSV UTF-8 (逗号分隔)\" so that columns are separated by ','",
                               "请另存为“CSV UTF-8（逗号分隔）”，用英文逗号“,”分隔各列"}));
}

}  // namespace

TableShape::TableShape(const CsvReader& header) {
    check_delimiter(header);
    const auto& f = header.fields();
    fields_ = f.size();
    width_ = fields_;
    while (width_ > 0 && trim(f[width_ - 1].text).empty()) --width_;
    if (width_ == 0)
        throw Error(ExitCode::input, header.at_record({"the header row is empty", "表头行为空"},
                                                      {"the first row must name the columns", "第一行应为各列的名称"}));
    for (std::size_t i = 0; i < width_; ++i)
        if (trim(f[i].text).empty())
            throw Error(ExitCode::input, header.at(i,
                                                   {"column " + std::to_string(i + 1) + " has no name in the header",
                                                    "表头第 " + std::to_string(i + 1) + " 列没有名称"},
                                                   {"name the column or delete it", "请为该列命名或删除该列"}));
}

bool TableShape::check_row(const CsvReader& row, ErrorCollector& errors) const {
    const auto& f = row.fields();
    if (f.size() != fields_) {
        bool fewer = f.size() < fields_;
        std::size_t at = fewer ? f.size() - 1 : fields_;
        // One cell holding the whole row: this row was typed with another separator.
        const Delim* other = f.size() == 1 && fields_ > 1 ? other_delimiter(f[0].text) : nullptr;
        if (other != nullptr) {
            errors.add(row.at(
                0,
                {"the row is separated by " + std::string(other->en) + ", not by commas",
                 "此行用" + std::string(other->zh) + "分隔，而不是英文逗号"},
                {"retype the separators of this row as ',' (half-width)", "请把此行的分隔符改为英文逗号“,”（半角）"}));
            return false;
        }
        errors.add(row.at(
            at,
            {"row has " + std::to_string(f.size()) + " fields but the header has " + std::to_string(fields_),
             "此行有 " + std::to_string(f.size()) + " 个字段，而表头有 " + std::to_string(fields_) + " 个"},
            {fewer ? "a cell or comma is missing; every row needs one cell per column"
                   : "there is an extra comma or cell; every row needs one cell per column",
             fewer ? "缺少单元格或逗号；每行每列都应有一个单元格" : "多了逗号或单元格；每行每列都应有一个单元格"}));
        return false;
    }
    for (std::size_t i = width_; i < fields_; ++i) {
        if (!trim(f[i].text).empty()) {
            errors.add(row.at(i, {"a value under a column with no header", "无表头的列中有内容"},
                              {"give the column a header or clear the cell", "请为该列加上表头或清空该单元格"}));
            return false;
        }
    }
    return true;
}

}  // namespace piaojue
