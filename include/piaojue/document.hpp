// A printed document (计票结果报告单, 公告, 票样) as a renderer-neutral model: a list of blocks —
// headings, paragraphs, label–value lines, tables, a bar chart, a QR code, signature lines — in
// one language. Builders (report_document.hpp) make a Document from a record or a session; the
// renderers draw it: HTML here (render_html), PDF and PNG in the piaojue-render program
// (src/render/), which reads the document as JSON (document_json). Pure: no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <piaojue/error.hpp>

namespace piaojue {

/// What a block is; each renderer draws each kind its own way.
enum class BlockKind : std::uint8_t {
    title,       ///< the document's title, centred, large
    subtitle,    ///< a centred line under the title (meeting, round, notice number)
    heading,     ///< a section heading
    paragraph,   ///< running text, wrapped
    fields,      ///< label–value lines, two columns (the 清点 block)
    table,       ///< a table with a header row
    bars,        ///< a horizontal bar chart (approvals), with a mark line (the pass mark)
    qr,          ///< a QR code of `text`, with `caption` lines beside it
    signatures,  ///< signature and date lines for named officers
    closing,     ///< right-aligned lines at the end (issuing body, date)
};

/// `title`, `subtitle`, …: as document_json writes it.
[[nodiscard]] std::string_view name(BlockKind kind);

/// One label–value line of a `fields` block.
struct Field {
    std::string label;
    std::string value;
};

/// A table's contents; `numeric` columns are right-aligned, `widths` are relative column widths
/// (the renderers scale them to the page).
struct DocTable {
    std::vector<std::string> columns;
    std::vector<double> widths;
    std::vector<bool> numeric;
    std::vector<std::vector<std::string>> rows;
    bool emphasize_last = false;  ///< the last row is a total (bold)
    bool tall_rows = false;       ///< rows high enough to mark by hand (the ballot)
};

/// One bar of a `bars` block.
struct Bar {
    std::string label;
    long long value = 0;
    bool passed = false;  ///< drawn in the darker tone
};

/// A signature line: role, the officer's name (empty: a blank to fill in), and a date blank.
struct SignLine {
    std::string role;
    std::string name;
};

/// One block. Only the members of its kind are used.
struct Block {
    BlockKind kind = BlockKind::paragraph;
    std::string text;                    ///< title, subtitle, heading, paragraph; the QR payload
    std::vector<std::string> lines;      ///< qr: caption lines; closing: the lines
    std::vector<Field> fields;           ///< fields
    DocTable table;                      ///< table
    std::vector<Bar> bars;               ///< bars
    long long bar_mark = 0;              ///< bars: where the mark line is (0: none)
    long long bar_scale = 0;             ///< bars: the value at the full width
    std::string bar_mark_label;          ///< bars: the mark line's label
    std::vector<SignLine> signers;       ///< signatures
    std::string sign_label, date_label;  ///< signatures: "签名" / "日期"
};

/// A whole document in one language.
struct Document {
    std::string kind;    ///< result | notice | ballot (the renderers do not branch on it)
    std::string lang;    ///< BCP 47: zh-CN or en
    std::string title;   ///< for the HTML <title> and the PDF's metadata
    std::string date;    ///< YYYY-MM-DD: the session's date, the PDF's creation date
    std::string footer;  ///< a line at the foot of each page (what the paper is a rendering of)
    std::vector<Block> blocks;
};

/// The document as JSON (UTF-8, fixed key order): what piaojue hands to piaojue-render.
[[nodiscard]] std::string document_json(const Document& document);

/// The document of `json`. Throws Error (exit 3) when it is not one document_json wrote.
[[nodiscard]] Document parse_document_json(std::string_view json);

/// The document as one self-contained HTML page: inline CSS with `@page { size: A4 }`, a CJK
/// font stack, the QR code and the bar chart as inline SVG; plain structure (h1, p, table) so
/// that its text pastes cleanly into a web page or an article editor. Same bytes for the same
/// document.
[[nodiscard]] std::string render_html(const Document& document);

}  // namespace piaojue
