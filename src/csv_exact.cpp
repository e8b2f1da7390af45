// The CSV reader's exact path: a byte-level state machine for the records the fast path in
// src/csv.cpp gives up on (quotes, a CR not before the LF, control characters, invalid UTF-8, the
// end of input without LF, a record over the limits), and the located error for each of them.
//
// Positions and spans are offsets into the buffer, so appending more input never invalidates
// them; offsets given to fail() and kept in field_offsets_ are relative to the record start,
// record_begin_. The scratch vectors are members kept across records, so a row costs no
// allocation.
#include <piaojue/csv.hpp>
#include <piaojue/encoding.hpp>
#include <piaojue/text.hpp>

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>

namespace piaojue {

// Whether `n` bytes from `pos` are in the buffer, reading more input as needed.
bool CsvReader::need(std::size_t pos, std::size_t n) {
    while (buffer_.size() < pos + n)
        if (!fill()) return false;
    return true;
}

// An unquoted record past the limit: not a table the reader was meant for.
void CsvReader::fail_too_long(std::size_t pos) {
    record_end_ = pos;
    fail(0,
         {"record longer than " + std::to_string(limits_.max_record_bytes) + " bytes",
          "记录超过 " + std::to_string(limits_.max_record_bytes) + " 字节"},
         {"this is not a ballot or candidate table; check that the right file is named",
          "这不像选票或候选项目表，请检查文件是否选对"});
}

// The field starting at `pos`, quoted or not, its span and flags appended; `pos` moves past it.
void CsvReader::read_field(std::size_t& pos, std::size_t& lines) {
    if (spans_.size() >= limits_.max_fields) {
        record_end_ = pos;
        fail(pos - record_begin_,
             {"more than " + std::to_string(limits_.max_fields) + " fields in one row",
              "一行超过 " + std::to_string(limits_.max_fields) + " 个字段"},
             {"check the delimiter and that the right file is named", "请检查分隔符和文件是否选对"});
    }
    const std::size_t field_begin = pos;
    const bool quoted = need(pos, 1) && buffer_[pos] == '"';
    bool escape = false;
    if (quoted)
        escape = read_quoted_field(pos, lines);
    else
        read_plain_field(pos);
    quoted_flags_.push_back(quoted ? 1 : 0);
    has_escape_.push_back(escape);
    field_offsets_.push_back(field_begin - record_begin_);
}

// A quoted field from its opening quote at `pos`: line breaks and doubled quotes inside are text.
// Returns whether it holds a doubled quote (so its text must be unescaped).
bool CsvReader::read_quoted_field(std::size_t& pos, std::size_t& lines) {
    const std::size_t field_begin = pos;
    bool escape = false;
    ++pos;
    std::size_t open_line_offset = field_begin - record_begin_;
    for (;;) {
        if (pos - record_begin_ > limits_.max_record_bytes) {
            // Far more likely a quote that never closes than a name this long.
            record_end_ = pos;
            fail(open_line_offset,
                 {"the quoted field opened here runs on for more than " + std::to_string(limits_.max_record_bytes) +
                      " bytes: its closing quote is missing",
                  "此处开始的带引号字段超过 " + std::to_string(limits_.max_record_bytes) +
                      " 字节仍未结束：缺少结尾的引号"},
                 {"add the closing \" or remove the opening one", "补上结尾的 \" 或删去开头的 \""});
        }
        if (!need(pos, 1)) {
            record_end_ = pos;
            fail(open_line_offset,
                 {"unterminated quote: the quoted field opened here never closes",
                  "引号未闭合：此处开始的带引号字段没有结束"},
                 {"add the closing \" or remove the opening one", "补上结尾的 \" 或删去开头的 \""});
        }
        char c = buffer_[pos];
        if (c == '"') {
            if (need(pos, 2) && buffer_[pos + 1] == '"') {
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
    spans_.emplace_back(field_begin + 1, pos - 1);
    // After the closing quote: a delimiter, a line end or the end of input.
    if (need(pos, 1)) {
        char c = buffer_[pos];
        if (c != ',' && c != '\n' && c != '\r') {
            record_end_ = pos + 1;
            fail(pos - record_begin_, {"text after the closing quote of a field", "字段的结尾引号后还有文字"},
                 {"put the whole field in quotes and double the quotes inside it (\"\")",
                  "把整个字段放进引号，字段内的引号写成两个（\"\"）"});
        }
    }
    return escape;
}

// An unquoted field from `pos` up to a delimiter, a line end or the end of input.
void CsvReader::read_plain_field(std::size_t& pos) {
    const std::size_t field_begin = pos;
    for (;;) {
        if (pos - record_begin_ > limits_.max_record_bytes) fail_too_long(pos);
        if (!need(pos, 1)) break;
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
    spans_.emplace_back(field_begin, pos);
}

// What follows a field at `pos`: a comma (another field follows) or the record's end (a line end
// or the end of input). Returns true at the record's end, `pos` past its line end.
bool CsvReader::end_of_field(std::size_t& pos, std::size_t& lines) {
    if (!need(pos, 1)) return true;
    char c = buffer_[pos];
    if (c == ',') {
        ++pos;
        if (need(pos, 1)) return false;
        // "a," at the very end: one more empty field.
        spans_.emplace_back(pos, pos);
        quoted_flags_.push_back(0);
        has_escape_.push_back(false);
        field_offsets_.push_back(pos - record_begin_);
        return true;
    }
    if (c == '\r') {
        if (!need(pos, 2) || buffer_[pos + 1] != '\n') {
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
    return true;
}

// The record's bytes, once its end is known: valid UTF-8 and no control character but TAB and
// the line ends. `record_offset` is the record's byte offset in the decoded input.
void CsvReader::check_record_bytes(std::size_t record_offset) {
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
}

// The fields from the spans: doubled quotes unescaped into storage that lives until next().
void CsvReader::set_exact_fields() {
    unescaped_.reserve(spans_.size());
    if (fields_.size() < spans_.size()) fields_.resize(spans_.size());
    for (std::size_t i = 0; i < spans_.size(); ++i) {
        std::string_view text(buffer_.data() + spans_[i].first, spans_[i].second - spans_[i].first);
        if (has_escape_[i]) {
            std::string& s = unescaped_.emplace_back();
            for (std::size_t j = 0; j < text.size(); ++j) {
                s += text[j];
                if (text[j] == '"') ++j;
            }
            text = s;
        }
        fields_[i] = CsvField{text, quoted_flags_[i] != 0};
    }
    field_count_ = spans_.size();
}

// The record at record_begin_, which fast_next() declined: read field by field, then checked.
void CsvReader::read_exact() {
    std::size_t pos = record_begin_;
    std::size_t lines = 0;
    spans_.clear();
    quoted_flags_.clear();
    has_escape_.clear();
    do read_field(pos, lines);
    while (!end_of_field(pos, lines));
    record_end_ = pos;
    next_line_ = record_line_ + lines;
    const std::size_t record_offset = consumed_;
    consumed_ += record_end_ - record_begin_;
    check_record_bytes(record_offset);
    set_exact_fields();
}

}  // namespace piaojue
