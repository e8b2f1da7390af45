// A strict, streaming RFC 4180 CSV reader for what counters key in Excel: it yields one record
// at a time (memory independent of the file's length), knows the line and column of every
// field, and turns everything odd into a located error instead of a guess.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <piaojue/error.hpp>
#include <piaojue/source.hpp>

namespace piaojue {

/// Limits that keep a wrong file from costing unbounded memory (docs/limits.md).
struct CsvLimits {
    std::size_t max_record_bytes = 64 * 1024;  ///< one record (a row, quoted line breaks included)
    std::size_t max_fields = 1024;             ///< fields in one record
};

/// A CSV field: its unquoted text, valid until the next `CsvReader::next()`.
struct CsvField {
    std::string_view text;
    bool quoted = false;
};

namespace detail {
struct CsvScanBlock;  // the fast path's byte classes of 64 bytes (src/simd/csv_classify.hpp)
}  // namespace detail

/// Reads UTF-8 CSV text (already decoded; a leading BOM is skipped) record by record.
class CsvReader {
public:
    /// Reads from `source`; `file` is the name shown in errors.
    CsvReader(Source& source, std::string file, CsvLimits limits = {});
    ~CsvReader();

    /// Advances to the next record; false at the end of the input. Throws Error (exit 3) for an
    /// unterminated quote, a stray quote, a lone CR, invalid UTF-8, or a record over the limits.
    bool next();

    /// The fields of the current record.
    [[nodiscard]] std::span<const CsvField> fields() const { return {fields_.data(), field_count_}; }
    /// Whether every field of the current record is empty (Excel leaves such rows below the data).
    [[nodiscard]] bool blank() const;
    /// 1-based line on which the current record starts.
    [[nodiscard]] std::size_t line() const { return record_line_; }
    /// Lines read so far, the current record's included (a last line without line feed counts).
    [[nodiscard]] std::size_t lines_read() const { return next_line_ - 1; }
    /// Line and 1-based character column of field `index` of the current record.
    [[nodiscard]] std::pair<std::size_t, std::size_t> position(std::size_t index) const;
    /// The text of the physical line on which field `index` starts (for a caret under it).
    [[nodiscard]] std::string source_line(std::size_t index) const;
    /// A diagnostic located at field `index` of the current record.
    [[nodiscard]] Diagnostic at(std::size_t index, Text message, Text hint = {}) const;
    /// A diagnostic located at the start of the current record.
    [[nodiscard]] Diagnostic at_record(Text message, Text hint = {}) const;
    /// For a record read in place (one line, no quotes: its fields point into the reader's
    /// buffer), one past its line feed: every byte from a field's start up to there may be read,
    /// until the next `next()`. nullptr for other records.
    [[nodiscard]] const char* in_place_end() const {
        return offsets_from_text_ ? buffer_.data() + record_end_ : nullptr;
    }
    /// The file name shown in errors.
    [[nodiscard]] const std::string& file() const { return file_; }

private:
    bool fill();
    // The steps of next(), in src/csv.cpp, and inline there: next() is the hot path of a tally.
    inline void start_record();
    inline bool has_input();
    inline void clear_fields();
    bool fast_next();
    bool scan_through(std::size_t offset);
    void drop_consumed();
    // The exact path for the records fast_next() declines (src/csv_exact.cpp).
    void read_exact();
    void read_field(std::size_t& pos, std::size_t& lines);
    bool read_quoted_field(std::size_t& pos, std::size_t& lines);
    void read_plain_field(std::size_t& pos);
    bool end_of_field(std::size_t& pos, std::size_t& lines);
    void check_record_bytes(std::size_t record_offset);
    void set_exact_fields();
    bool need(std::size_t pos, std::size_t n);
    [[noreturn]] void fail_too_long(std::size_t pos);
    [[noreturn]] void fail(std::size_t offset_in_record, Text message, Text hint);
    [[nodiscard]] std::pair<std::size_t, std::size_t> position_of(std::size_t offset) const;
    [[nodiscard]] std::string line_at(std::size_t offset) const;
    [[nodiscard]] std::size_t field_offset(std::size_t index) const;  // of field `index` in the record

    Source& source_;
    std::string file_;
    CsvLimits limits_;
    std::string buffer_;  // unconsumed input; the current record starts at record_begin_
    std::size_t record_begin_ = 0;
    std::size_t record_end_ = 0;
    std::size_t next_line_ = 1;
    std::size_t consumed_ = 0;  // decoded bytes before the current record, for byte offsets
    std::size_t record_line_ = 0;
    bool eof_ = false;
    std::size_t read_size_ = 4096;  // bytes asked of the source per fill: doubles to 64 KiB
    bool first_ = true;
    // The fast path's byte classes of buffer_[0, 64 × blocks_.size()), classified once each
    // (docs/design.md, "The CSV scan"), and the UTF-8 continuation bytes owed past them.
    std::vector<detail::CsvScanBlock> blocks_;
    std::uint64_t utf8_owed_ = 0;
    // The block classifier, chosen once (src/simd/csv_classify.hpp: csv_classifier()).
    detail::CsvScanBlock (*classify_)(const char*, std::uint64_t&);
    std::vector<CsvField> fields_;  // the current record's are the first field_count_
    std::size_t field_count_ = 0;
    std::vector<std::size_t> field_offsets_;                  // byte offset of each field within the record,
    bool offsets_from_text_ = false;                          // or none: the fields point into buffer_
    std::vector<std::string> unescaped_;                      // storage for quoted fields with doubled quotes
    std::vector<std::pair<std::size_t, std::size_t>> spans_;  // scratch of read_exact()
    std::vector<std::uint8_t> quoted_flags_;
    std::vector<std::uint8_t> has_escape_;
};

/// The shape of a table from its header row: how many columns carry data. Excel leaves trailing
/// columns with empty headers; those are ignored as long as their cells are empty too.
class TableShape {
public:
    /// Reads the shape from the header record `header` (the reader's current record). Throws
    /// Error (exit 3) when the header is empty or looks delimited by something other than commas.
    explicit TableShape(const CsvReader& header);

    /// Columns with a header name.
    [[nodiscard]] std::size_t width() const { return width_; }

    /// Checks that the current record of `row` has the header's field count and nothing under
    /// the empty trailing headers; adds what is wrong to `errors`. Returns false if so.
    bool check_row(const CsvReader& row, ErrorCollector& errors) const;

private:
    std::size_t fields_ = 0;
    std::size_t width_ = 0;
};

}  // namespace piaojue
