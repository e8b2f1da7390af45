// TableShape: the shape of a table from its header row, and the check of each row against it,
// with the hints for a file or a row separated by something other than commas.
#include <piaojue/csv.hpp>
#include <piaojue/text.hpp>

#include <string>
#include <string_view>

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
                    coded("E_CSV_DELIMITER",
                          header.at(0,
                                    {"the header is separated by " + std::string(d->en) + ", not by commas",
                                     "表头用" + std::string(d->zh) + "分隔，而不是英文逗号"},
                                    {"save the file as \"CSV UTF-8 (逗号分隔)\" so that columns are separated by ','",
                                     "请另存为“CSV UTF-8（逗号分隔）”，用英文逗号“,”分隔各列"})));
}

}  // namespace

TableShape::TableShape(const CsvReader& header) {
    check_delimiter(header);
    const auto& f = header.fields();
    fields_ = f.size();
    width_ = fields_;
    while (width_ > 0 && trim(f[width_ - 1].text).empty()) --width_;
    if (width_ == 0)
        throw Error(
            ExitCode::input,
            coded("E_HEADER_EMPTY", header.at_record({"the header row is empty", "表头行为空"},
                                                     {"the first row must name the columns", "第一行应为各列的名称"})));
    for (std::size_t i = 0; i < width_; ++i)
        if (trim(f[i].text).empty())
            throw Error(ExitCode::input,
                        coded("E_HEADER_UNNAMED_COLUMN",
                              header.at(i,
                                        {"column " + std::to_string(i + 1) + " has no name in the header",
                                         "表头第 " + std::to_string(i + 1) + " 列没有名称"},
                                        {"name the column or delete it", "请为该列命名或删除该列"})));
}

bool TableShape::check_row(const CsvReader& row, ErrorCollector& errors) const {
    const auto& f = row.fields();
    if (f.size() != fields_) {
        bool fewer = f.size() < fields_;
        std::size_t at = fewer ? f.size() - 1 : fields_;
        // One cell holding the whole row: this row was typed with another separator.
        const Delim* other = f.size() == 1 && fields_ > 1 ? other_delimiter(f[0].text) : nullptr;
        if (other != nullptr) {
            errors.add(coded("E_CSV_DELIMITER",
                             row.at(0,
                                    {"the row is separated by " + std::string(other->en) + ", not by commas",
                                     "此行用" + std::string(other->zh) + "分隔，而不是英文逗号"},
                                    {"retype the separators of this row as ',' (half-width)",
                                     "请把此行的分隔符改为英文逗号“,”（半角）"})));
            return false;
        }
        errors.add(coded(
            "E_ROW_FIELDS",
            row.at(at,
                   {"row has " + std::to_string(f.size()) + " fields but the header has " + std::to_string(fields_),
                    "此行有 " + std::to_string(f.size()) + " 个字段，而表头有 " + std::to_string(fields_) + " 个"},
                   {fewer ? "a cell or comma is missing; every row needs one cell per column"
                          : "there is an extra comma or cell; every row needs one cell per column",
                    fewer ? "缺少单元格或逗号；每行每列都应有一个单元格"
                          : "多了逗号或单元格；每行每列都应有一个单元格"})));
        return false;
    }
    for (std::size_t i = width_; i < fields_; ++i) {
        if (!trim(f[i].text).empty()) {
            errors.add(coded("E_ROW_UNHEADED_VALUE",
                             row.at(i, {"a value under a column with no header", "无表头的列中有内容"},
                                    {"give the column a header or clear the cell", "请为该列加上表头或清空该单元格"})));
            return false;
        }
    }
    return true;
}

}  // namespace piaojue
