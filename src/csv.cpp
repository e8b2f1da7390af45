// The streaming CSV reader: its buffer, the fast path over the buffer's byte classes
// (src/simd/csv_classify.hpp), and the located diagnostics. The exact path for every other
// record is src/csv_exact.cpp; the table shape, src/csv_table.cpp.
#include <piaojue/csv.hpp>
#include <piaojue/text.hpp>

#include "simd/csv_classify.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <utility>

namespace piaojue {

namespace {

constexpr std::size_t k_chunk = 1 << 16;

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
    : source_(source), file_(std::move(file)), limits_(limits), classify_(detail::csv_classifier()) {}

// Here, where detail::CsvScanBlock is complete.
CsvReader::~CsvReader() = default;

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
    throw Error(ExitCode::input,
                Diagnostic{file_, line, column, std::move(message), std::move(hint), line_at(offset), "E_CSV_SYNTAX"});
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
            blocks_.push_back(classify_(p, utf8_owed_));
            continue;
        }
        if (fill()) continue;  // only whole blocks are classified until the input ends
        if (offset >= buffer_.size()) return false;
        std::array<char, 64> tail{};  // the last bytes of the input, NUL-padded: no LF in the padding
        std::memcpy(tail.data(), buffer_.data() + at, buffer_.size() - at);
        blocks_.push_back(classify_(tail.data(), utf8_owed_));
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

// Drops the previous record; keeps the buffer from growing with the file. It is compacted only
// once a chunk's worth has been consumed: erasing in front of every record would move the unread
// rest of the buffer each time, O(chunk) per record (hours for a 10 GB file of blank rows).
inline void CsvReader::start_record() {
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
}

// Whether input is left, reading more if the buffer is empty; skips the BOM at the very start, so
// that no record ever sees it.
inline bool CsvReader::has_input() {
    if (buffer_.empty() && !fill()) return false;
    if (first_) {
        first_ = false;
        while (buffer_.size() < 3 && fill()) {
        }
        if (buffer_.starts_with("\xEF\xBB\xBF")) {
            buffer_.erase(0, 3);
            consumed_ = 3;
        }
        if (buffer_.empty() && !fill()) return false;
    }
    return true;
}

// No current record: neither the fast path's fields nor the exact reader's offsets stay visible.
inline void CsvReader::clear_fields() {
    field_count_ = 0;
    field_offsets_.clear();
    offsets_from_text_ = false;
}

bool CsvReader::next() {
    start_record();
    if (!has_input()) {
        clear_fields();
        return false;
    }
    if (fast_next()) return true;
    clear_fields();
    read_exact();
    return true;
}

}  // namespace piaojue
