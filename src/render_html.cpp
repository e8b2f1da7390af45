// The HTML renderer of a Document: one self-contained page that prints on A4 from a browser and
// opens in WPS or Word for editing. Plain structure (h1, p, table) so that its text pastes
// cleanly into a web page or a WeChat article; the QR code and the bar chart are inline SVG.
// Only integers are formatted (no locale, no floating point text): the same bytes everywhere.
#include <piaojue/document.hpp>
#include <piaojue/qr.hpp>

#include <algorithm>
#include <numeric>

namespace piaojue {

namespace {

std::string esc(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string str(long long v) {
    return std::to_string(v);
}

// Both the page and the PDF use these families: Noto (fonts-noto-cjk) or WenQuanYi on Linux,
// then what Windows and macOS have.
constexpr std::string_view k_css = R"(@page { size: A4; margin: 16mm 16mm 18mm 16mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "SimHei", sans-serif; font-size: 10.5pt; line-height: 1.55; color: #000; max-width: 178mm; margin: 0 auto; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 2pt 0; letter-spacing: 1pt; }
p.subtitle { text-align: center; margin: 0 0 2pt 0; }
h2 { font-size: 11.5pt; margin: 10pt 0 3pt 0; padding-bottom: 1pt; border-bottom: 1px solid #000; }
p { margin: 3pt 0; }
table { border-collapse: collapse; width: 100%; margin: 3pt 0; }
th, td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: middle; }
th { font-weight: bold; background: #eee; white-space: nowrap; }
td.num, th.num { text-align: right; }
tr { page-break-inside: avoid; }
tr.total td { font-weight: bold; }
table.tall td { height: 11mm; }
table.fields td { border: none; padding: 1pt 4pt 1pt 0; }
table.fields td.label { color: #333; white-space: nowrap; }
table.fields td.value { font-weight: bold; }
table.qr td { border: none; vertical-align: top; padding: 0 8pt 0 0; }
table.qr td.text { word-break: break-all; font-size: 9pt; }
table.sign { page-break-inside: avoid; }
table.sign td { border: none; padding: 10pt 6pt 2pt 0; white-space: nowrap; }
table.sign td.blank { border-bottom: 1px solid #000; width: 30%; }
p.closing { text-align: right; margin: 0; }
p.footer { font-size: 8.5pt; color: #444; margin-top: 10pt; border-top: 1px solid #999; padding-top: 2pt; }
svg { display: block; }
)";

void table_html(std::string& out, const DocTable& t) {
    const double total = std::accumulate(t.widths.begin(), t.widths.end(), 0.0);
    out += t.tall_rows ? "<table class=\"tall\">\n<colgroup>" : "<table>\n<colgroup>";
    for (double w : t.widths)
        out +=
            "<col style=\"width:" + str(total > 0 ? static_cast<long long>(w * 1000 / total + 0.5) / 10 : 0) + "%\">";
    out += "</colgroup>\n<thead><tr>";
    for (std::size_t c = 0; c < t.columns.size(); ++c)
        out += std::string(t.numeric[c] ? "<th class=\"num\">" : "<th>") + esc(t.columns[c]) + "</th>";
    out += "</tr></thead>\n<tbody>\n";
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const bool total_row = t.emphasize_last && r + 1 == t.rows.size();
        out += total_row ? "<tr class=\"total\">" : "<tr>";
        for (std::size_t c = 0; c < t.rows[r].size(); ++c)
            out += std::string(t.numeric[c] ? "<td class=\"num\">" : "<td>") + esc(t.rows[r][c]) + "</td>";
        out += "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
}

void fields_html(std::string& out, const std::vector<Field>& fields) {
    // Two label–value pairs to a row: the 清点 block stays short on paper.
    out += "<table class=\"fields\">\n";
    for (std::size_t i = 0; i < fields.size(); i += 2) {
        out += "<tr>";
        for (std::size_t k = i; k < i + 2; ++k) {
            if (k < fields.size())
                out += "<td class=\"label\">" + esc(fields[k].label) + "</td><td class=\"value\">" +
                       esc(fields[k].value) + "</td>";
            else
                out += "<td></td><td></td>";
        }
        out += "</tr>\n";
    }
    out += "</table>\n";
}

// Approvals as horizontal bars on a 600-unit-wide canvas: labels in the first 230 units, bars in
// the rest, the pass mark as a dashed line across them.
void bars_svg(std::string& out, const Block& b) {
    constexpr long long label_w = 230, bar_w = 340, row_h = 18, top = 16;
    const long long height = top + row_h * static_cast<long long>(b.bars.size()) + 4;
    const long long scale = std::max<long long>(b.bar_scale, 1);
    out += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 600 " + str(height) +
           "\" width=\"100%\" role=\"img\">\n";
    for (std::size_t i = 0; i < b.bars.size(); ++i) {
        const Bar& bar = b.bars[i];
        const long long y = top + row_h * static_cast<long long>(i);
        const long long w = bar.value * bar_w / scale;
        out += "<text x=\"" + str(label_w - 6) + "\" y=\"" + str(y + 13) + "\" font-size=\"11\" text-anchor=\"end\">" +
               esc(bar.label) + "</text>";
        out += "<rect x=\"" + str(label_w) + "\" y=\"" + str(y + 3) + "\" width=\"" + str(w) +
               "\" height=\"12\" fill=\"" + (bar.passed ? "#333" : "#aaa") + "\"/>";
        out += "<text x=\"" + str(label_w + w + 4) + "\" y=\"" + str(y + 13) + "\" font-size=\"11\">" + str(bar.value) +
               "</text>\n";
    }
    if (b.bar_mark > 0) {
        const long long x = label_w + b.bar_mark * bar_w / scale;
        out += "<line x1=\"" + str(x) + "\" y1=\"" + str(top - 2) + "\" x2=\"" + str(x) + "\" y2=\"" + str(height) +
               "\" stroke=\"#000\" stroke-dasharray=\"3 2\"/>";
        out += "<text x=\"" + str(x) + "\" y=\"" + str(top - 5) + "\" font-size=\"10\" text-anchor=\"middle\">" +
               esc(b.bar_mark_label) + "</text>\n";
    }
    out += "</svg>\n";
}

void qr_html(std::string& out, const Block& b) {
    const QrMatrix qr = encode_qr(b.text);
    const std::string side = str(qr.size + 8);
    out += "<table class=\"qr\"><tr><td><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + side + " " + side +
           "\" width=\"30mm\" height=\"30mm\" shape-rendering=\"crispEdges\"><rect width=\"" + side + "\" height=\"" +
           side + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + qr_svg_path(qr, 4) +
           "\"/></svg></td><td class=\"text\">";
    for (const std::string& line : b.lines) out += "<p>" + esc(line) + "</p>";
    out += "</td></tr></table>\n";
}

void signatures_html(std::string& out, const Block& b) {
    out += "<table class=\"sign\">\n";
    for (const SignLine& s : b.signers)
        out += "<tr><td>" + esc(s.role) + "</td><td>" + esc(s.name) + "</td><td>" + esc(b.sign_label) +
               "</td><td class=\"blank\"></td><td>" + esc(b.date_label) + "</td><td class=\"blank\"></td></tr>\n";
    out += "</table>\n";
}

}  // namespace

std::string render_html(const Document& d) {
    std::string out = "<!DOCTYPE html>\n<html lang=\"" + esc(d.lang) +
                      "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + esc(d.title) + "</title>\n<style>\n" +
                      std::string(k_css) + "</style>\n</head>\n<body>\n";
    for (const Block& b : d.blocks) {
        switch (b.kind) {
            case BlockKind::title:
                out += "<h1>" + esc(b.text) + "</h1>\n";
                break;
            case BlockKind::subtitle:
                out += "<p class=\"subtitle\">" + esc(b.text) + "</p>\n";
                break;
            case BlockKind::heading:
                out += "<h2>" + esc(b.text) + "</h2>\n";
                break;
            case BlockKind::paragraph:
                out += "<p>" + esc(b.text) + "</p>\n";
                break;
            case BlockKind::fields:
                fields_html(out, b.fields);
                break;
            case BlockKind::table:
                table_html(out, b.table);
                break;
            case BlockKind::bars:
                bars_svg(out, b);
                break;
            case BlockKind::qr:
                qr_html(out, b);
                break;
            case BlockKind::signatures:
                signatures_html(out, b);
                break;
            case BlockKind::closing:
                for (const std::string& line : b.lines) out += "<p class=\"closing\">" + esc(line) + "</p>\n";
                break;
        }
    }
    if (!d.footer.empty()) out += "<p class=\"footer\">" + esc(d.footer) + "</p>\n";
    out += "</body>\n</html>\n";
    return out;
}

}  // namespace piaojue
