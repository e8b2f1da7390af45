// A Document on A4 pages with cairo and pango. One layout routine draws every page; it runs twice:
// once to count the pages (for "page n of N" and the PNG's height), once to draw. Units are PDF
// points (1/72 in); pango's resolution is 72 dpi so that a font size is in the same points, and
// hinting is off so that text is laid out the same at every scale (PDF and PNG alike).
#include "render/draw.hpp"

#include <piaojue/qr.hpp>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <numeric>
#include <stdexcept>

namespace piaojue::render {

namespace {

constexpr double k_mm = 72.0 / 25.4;
constexpr double k_page_w = 210 * k_mm, k_page_h = 297 * k_mm;
constexpr double k_left = 18 * k_mm, k_right = k_page_w - 18 * k_mm;
constexpr double k_top = 16 * k_mm, k_bottom = k_page_h - 20 * k_mm;
constexpr double k_width = k_right - k_left;

struct LayoutDeleter {
    void operator()(PangoLayout* l) const { g_object_unref(l); }
};
using Layout = std::unique_ptr<PangoLayout, LayoutDeleter>;

// Draws a document page by page onto `cr`; `new_page` is called between pages.
class Painter {
public:
    Painter(cairo_t* cr, const Document& doc, int pages, std::function<void()> new_page)
        : cr_(cr), doc_(doc), pages_(pages), new_page_(std::move(new_page)) {
        font_map_ = pango_cairo_font_map_new();
        pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(font_map_), 72);
        context_ = pango_font_map_create_context(font_map_);
        cairo_font_options_t* options = cairo_font_options_create();
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
        pango_cairo_context_set_font_options(context_, options);
        cairo_font_options_destroy(options);
        pango_context_set_language(context_, pango_language_from_string(doc.lang == "en" ? "en" : "zh-cn"));
        pango_cairo_update_context(cr_, context_);
    }
    ~Painter() {
        g_object_unref(context_);
        g_object_unref(font_map_);
    }
    Painter(const Painter&) = delete;
    Painter& operator=(const Painter&) = delete;

    // Refuses to draw Chinese as empty boxes.
    void check_fonts() {
        Layout l = layout("票决计票结果报告单公告", 10, false, k_sans);
        if (pango_layout_get_unknown_glyphs_count(l.get()) > 0)
            throw std::runtime_error(
                "no installed font has Chinese characters (fontconfig: Noto Sans CJK SC or WenQuanYi Micro Hei); "
                "install fonts-noto-cjk or fonts-wqy-microhei");
    }

    // Draws every block; returns the number of pages.
    int run() {
        start_page();
        for (std::size_t i = 0; i < doc_.blocks.size(); ++i)
            block(doc_.blocks[i], i + 1 < doc_.blocks.size() ? &doc_.blocks[i + 1] : nullptr);
        finish_page();
        return page_;
    }

private:
    Layout layout(const std::string& text, double size, bool bold, const char* family, double width = 0,
                  PangoAlignment align = PANGO_ALIGN_LEFT) {
        Layout l(pango_layout_new(context_));
        PangoFontDescription* font = pango_font_description_from_string(family);
        pango_font_description_set_size(font, static_cast<gint>(size * PANGO_SCALE));
        pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
        pango_layout_set_font_description(l.get(), font);
        pango_font_description_free(font);
        if (width > 0) {
            pango_layout_set_width(l.get(), static_cast<int>(width * PANGO_SCALE));
            pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
        }
        pango_layout_set_alignment(l.get(), align);
        pango_layout_set_text(l.get(), text.c_str(), static_cast<int>(text.size()));
        return l;
    }
    static double height(const Layout& l) {
        int w = 0, h = 0;
        pango_layout_get_size(l.get(), &w, &h);
        return static_cast<double>(h) / PANGO_SCALE;
    }
    static double width(const Layout& l) {
        int w = 0, h = 0;
        pango_layout_get_size(l.get(), &w, &h);
        return static_cast<double>(w) / PANGO_SCALE;
    }
    void show(const Layout& l, double x, double y, double gray = 0) {
        cairo_set_source_rgb(cr_, gray, gray, gray);
        cairo_move_to(cr_, x, y);
        pango_cairo_show_layout(cr_, l.get());
    }
    void line(double x1, double y1, double x2, double y2, double w = 0.6) {
        cairo_set_source_rgb(cr_, 0, 0, 0);
        cairo_set_line_width(cr_, w);
        cairo_move_to(cr_, x1, y1);
        cairo_line_to(cr_, x2, y2);
        cairo_stroke(cr_);
    }

    void start_page() {
        ++page_;
        y_ = k_top;
    }
    void finish_page() {
        if (doc_.footer.empty() && pages_ <= 1) return;  // the ballot: nothing but the ballot
        const double fy = k_bottom + 4 * k_mm;
        line(k_left, fy - 2, k_right, fy - 2, 0.4);
        std::string number = std::to_string(page_) + " / " + std::to_string(std::max(pages_, page_));
        Layout n = layout(number, 8, false, k_sans);
        show(n, k_right - width(n), fy, 0.25);
        if (!doc_.footer.empty()) show(layout(doc_.footer, 7.5, false, k_sans, k_width - 40), k_left, fy, 0.25);
    }
    // Ensures `h` points of room, starting a new page when they do not fit.
    void need(double h) {
        if (y_ + h <= k_bottom || y_ <= k_top + 0.5) return;
        finish_page();
        new_page_();
        start_page();
    }

    void block(const Block& b, const Block* next) {
        switch (b.kind) {
            case BlockKind::title: {
                Layout l = layout(b.text, 18, true, k_serif, k_width, PANGO_ALIGN_CENTER);
                need(height(l));
                show(l, k_left, y_);
                y_ += height(l) + 4;
                break;
            }
            case BlockKind::subtitle: {
                Layout l = layout(b.text, 11, false, k_sans, k_width, PANGO_ALIGN_CENTER);
                need(height(l));
                show(l, k_left, y_);
                y_ += height(l) + 1;
                break;
            }
            case BlockKind::heading: {
                Layout l = layout(b.text, 11.5, true, k_sans, k_width);
                // A heading stays with the start of what it heads.
                const double with_next = next != nullptr && next->kind == BlockKind::signatures ? 150 : 60;
                y_ += 8;
                need(height(l) + with_next);
                show(l, k_left, y_);
                y_ += height(l) + 1;
                line(k_left, y_, k_right, y_, 0.6);
                y_ += 4;
                break;
            }
            case BlockKind::paragraph: {
                Layout l = layout(b.text, 10.5, false, k_sans, k_width);
                pango_layout_set_spacing(l.get(), 3 * PANGO_SCALE);
                need(height(l));
                show(l, k_left, y_);
                y_ += height(l) + 4;
                break;
            }
            case BlockKind::fields:
                fields(b);
                break;
            case BlockKind::table:
                table(b.table);
                break;
            case BlockKind::bars:
                bars(b);
                break;
            case BlockKind::qr:
                qr(b);
                break;
            case BlockKind::signatures:
                signatures(b);
                break;
            case BlockKind::closing: {
                y_ += 10;
                for (const std::string& text : b.lines) {
                    Layout l = layout(text, 11, false, k_sans);
                    need(height(l));
                    show(l, k_right - width(l), y_);
                    y_ += height(l) + 2;
                }
                y_ += 6;
                break;
            }
        }
    }

    void fields(const Block& b) {
        // The labels' column as wide as the widest label (English ones are long), at most half.
        const double half = k_width / 2;
        double label_w = 20 * k_mm;
        for (const Field& f : b.fields) label_w = std::max(label_w, width(layout(f.label, 10, false, k_sans)) + 8);
        label_w = std::min(label_w, half / 2);
        for (std::size_t i = 0; i < b.fields.size(); i += 2) {
            double row = 0;
            std::vector<std::pair<Layout, Layout>> cells;
            for (std::size_t k = i; k < std::min(i + 2, b.fields.size()); ++k) {
                cells.emplace_back(layout(b.fields[k].label, 10, false, k_sans, label_w - 4),
                                   layout(b.fields[k].value, 10, true, k_sans, half - label_w - 6));
                row = std::max({row, height(cells.back().first), height(cells.back().second)});
            }
            need(row);
            for (std::size_t k = 0; k < cells.size(); ++k) {
                const double x = k_left + static_cast<double>(k) * half;
                show(cells[k].first, x, y_, 0.2);
                show(cells[k].second, x + label_w, y_);
            }
            y_ += row + 2;
        }
        y_ += 3;
    }

    void table(const DocTable& t) {
        constexpr double pad = 3;
        const std::vector<double> w = column_widths(t, pad);
        std::vector<double> x{k_left};
        for (double v : w) x.push_back(x.back() + v);
        const double min_row = t.tall_rows ? 11 * k_mm : 0;
        auto row_layouts = [&](const std::vector<std::string>& cells, bool bold, bool header) {
            std::vector<Layout> out;
            for (std::size_t c = 0; c < cells.size(); ++c)
                out.push_back(layout(cells[c], header ? 9.5 : 10, bold, k_sans, w[c] - 2 * pad,
                                     header         ? PANGO_ALIGN_CENTER
                                     : t.numeric[c] ? PANGO_ALIGN_RIGHT
                                                    : PANGO_ALIGN_LEFT));
            return out;
        };
        auto row_height = [&](const std::vector<Layout>& cells) {
            double h = 0;
            for (const Layout& l : cells) h = std::max(h, height(l));
            return std::max(h + 2 * pad, min_row);
        };
        auto draw_row = [&](const std::vector<Layout>& cells, double h, bool shaded) {
            if (shaded) {
                cairo_set_source_rgb(cr_, 0.92, 0.92, 0.92);
                cairo_rectangle(cr_, k_left, y_, k_width, h);
                cairo_fill(cr_);
            }
            for (std::size_t c = 0; c < cells.size(); ++c) show(cells[c], x[c] + pad, y_ + (h - height(cells[c])) / 2);
            cairo_set_source_rgb(cr_, 0, 0, 0);
            cairo_set_line_width(cr_, 0.6);
            for (double xc : x) {
                cairo_move_to(cr_, xc, y_);
                cairo_line_to(cr_, xc, y_ + h);
            }
            cairo_move_to(cr_, k_left, y_);
            cairo_line_to(cr_, k_right, y_);
            cairo_move_to(cr_, k_left, y_ + h);
            cairo_line_to(cr_, k_right, y_ + h);
            cairo_stroke(cr_);
            y_ += h;
        };
        const std::vector<Layout> header = row_layouts(t.columns, true, true);
        const double header_h = row_height(header);
        y_ += 2;
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            const bool total_row = t.emphasize_last && r + 1 == t.rows.size();
            const std::vector<Layout> cells = row_layouts(t.rows[r], total_row, false);
            const double h = row_height(cells);
            if (r == 0 || y_ + h > k_bottom) {
                need(header_h + h);
                draw_row(header, header_h, true);
            }
            draw_row(cells, h, false);
        }
        if (t.rows.empty()) {
            need(header_h);
            draw_row(header, header_h, true);
        }
        y_ += 5;
    }

    // Column widths: by the table's relative widths, but never narrower than what a column needs on
    // one line — its numbers, its text (up to 40 % of the table) and the longest word of its
    // heading ("不赞成", "Unreadable") — taken from the columns that have room to spare.
    std::vector<double> column_widths(const DocTable& t, double pad) {
        const double total = std::accumulate(t.widths.begin(), t.widths.end(), 0.0);
        const std::size_t n = t.widths.size();
        std::vector<double> w(n), least(n, 0);
        for (std::size_t c = 0; c < n; ++c) {
            w[c] = k_width * t.widths[c] / total;
            std::size_t from = 0;
            const std::string& heading = t.columns[c];
            while (from <= heading.size()) {
                const std::size_t to = std::min(heading.find(' ', from), heading.size());
                least[c] = std::max(least[c], width(layout(heading.substr(from, to - from), 9.5, true, k_sans)));
                from = to + 1;
            }
            for (const auto& row : t.rows)
                least[c] = std::max(least[c], std::min(width(layout(row[c], 10, true, k_sans)), k_width * 0.4));
            least[c] += 2 * pad + 1;
        }
        const double need = std::accumulate(least.begin(), least.end(), 0.0);
        if (need > k_width)
            for (double& l : least) l *= k_width / need;
        double short_by = 0, flexible = 0;
        for (std::size_t c = 0; c < n; ++c) {
            if (w[c] < least[c]) {
                short_by += least[c] - w[c];
                w[c] = least[c];
            } else {
                flexible += w[c] - least[c];
            }
        }
        if (short_by > 0 && flexible > 0) {
            const double share = std::min(1.0, short_by / flexible);
            for (std::size_t c = 0; c < n; ++c)
                if (w[c] > least[c]) w[c] -= (w[c] - least[c]) * share;
        }
        return w;
    }

    void bars(const Block& b) {
        const double label_w = 62 * k_mm, bar_w = k_width - label_w - 12 * k_mm, row = 14;
        const double scale = static_cast<double>(std::max<long long>(b.bar_scale, 1));
        need(row * static_cast<double>(b.bars.size()) + 16);
        y_ += 12;
        const double top = y_;
        for (const Bar& bar : b.bars) {
            Layout l = layout(bar.label, 8.5, false, k_sans, label_w - 6, PANGO_ALIGN_RIGHT);
            pango_layout_set_ellipsize(l.get(), PANGO_ELLIPSIZE_END);
            show(l, k_left, y_ + (row - height(l)) / 2);
            const double w = bar_w * static_cast<double>(bar.value) / scale;
            const double gray = bar.passed ? 0.2 : 0.65;
            cairo_set_source_rgb(cr_, gray, gray, gray);
            cairo_rectangle(cr_, k_left + label_w, y_ + 2.5, w, row - 5);
            cairo_fill(cr_);
            Layout v = layout(std::to_string(bar.value), 8.5, false, k_sans);
            show(v, k_left + label_w + w + 3, y_ + (row - height(v)) / 2);
            y_ += row;
        }
        if (b.bar_mark > 0) {
            const double mx = k_left + label_w + bar_w * static_cast<double>(b.bar_mark) / scale;
            const double dash[] = {3, 2};
            cairo_set_dash(cr_, dash, 2, 0);
            line(mx, top - 2, mx, y_, 0.8);
            cairo_set_dash(cr_, nullptr, 0, 0);
            Layout l = layout(b.bar_mark_label, 8, false, k_sans);
            show(l, mx - width(l) / 2, top - 2 - height(l));
        }
        y_ += 6;
    }

    void qr(const Block& b) {
        const QrMatrix m = encode_qr(b.text);
        const double side = 32 * k_mm, module = side / (m.size + 8);
        need(side);
        cairo_set_source_rgb(cr_, 0, 0, 0);
        for (int yy = 0; yy < m.size; ++yy)
            for (int xx = 0; xx < m.size; ++xx)
                if (m.at(xx, yy))
                    cairo_rectangle(cr_, k_left + (xx + 4) * module, y_ + (yy + 4) * module, module, module);
        cairo_fill(cr_);
        double ty = y_ + 4 * module;
        for (const std::string& text : b.lines) {
            Layout l = layout(text, 8.5, false, k_sans, k_width - side - 6);
            show(l, k_left + side + 6, ty);
            ty += height(l) + 1;
        }
        y_ += std::max(side, ty - y_) + 4;
    }

    void signatures(const Block& b) {
        const double row = 30;
        need(row * static_cast<double>(b.signers.size()));
        for (const SignLine& s : b.signers) {
            const double base = y_ + row - 8;
            Layout role = layout(s.role, 10.5, false, k_sans);
            Layout name = layout(s.name, 10.5, true, k_sans);
            Layout sign = layout(b.sign_label, 10.5, false, k_sans);
            Layout date = layout(b.date_label, 10.5, false, k_sans);
            show(role, k_left, base - height(role));
            show(name, k_left + 30 * k_mm, base - height(name));
            show(sign, k_left + 60 * k_mm, base - height(sign));
            line(k_left + 60 * k_mm + width(sign) + 3, base, k_left + 125 * k_mm, base);
            show(date, k_left + 130 * k_mm, base - height(date));
            line(k_left + 130 * k_mm + width(date) + 3, base, k_right, base);
            y_ += row;
        }
        y_ += 4;
    }

    cairo_t* cr_;
    const Document& doc_;
    int pages_;
    std::function<void()> new_page_;
    PangoFontMap* font_map_ = nullptr;
    PangoContext* context_ = nullptr;
    int page_ = 0;
    double y_ = 0;
};

// The number of pages `doc` takes (drawn once onto a recording surface that is thrown away).
int count_pages(const Document& doc) {
    cairo_surface_t* s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, nullptr);
    cairo_t* cr = cairo_create(s);
    int pages = 0;
    try {
        Painter p(cr, doc, 0, [] {});
        p.check_fonts();
        pages = p.run();
    } catch (...) {
        cairo_destroy(cr);
        cairo_surface_destroy(s);
        throw;
    }
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    return pages;
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

void check(cairo_status_t status) {
    if (status != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error(std::string("cairo: ") + cairo_status_to_string(status));
}

}  // namespace

std::string draw_pdf(const Document& doc) {
    const int pages = count_pages(doc);
    std::string out;
    cairo_surface_t* s = cairo_pdf_surface_create_for_stream(append, &out, k_page_w, k_page_h);
    cairo_pdf_surface_restrict_to_version(s, CAIRO_PDF_VERSION_1_5);
    // The dates of the vote, not of the run: cairo writes the current time where none is set.
    const std::string date = doc.date + "T00:00:00";
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date.c_str());
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, doc.title.c_str());
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "piaojue");
    cairo_t* cr = cairo_create(s);
    {
        Painter p(cr, doc, pages, [cr] { cairo_show_page(cr); });
        p.run();
    }
    cairo_show_page(cr);
    const cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    const cairo_status_t finished = cairo_surface_status(s);
    cairo_surface_destroy(s);
    check(status);
    check(finished);
    return out;
}

std::string draw_png(const Document& doc, int dpi) {
    const int pages = count_pages(doc);
    const double scale = dpi / 72.0;
    const int page_px = static_cast<int>(std::lround(k_page_h * scale));
    const int gap = pages > 1 ? std::max(1, dpi / 30) : 0;
    const int w = static_cast<int>(std::lround(k_page_w * scale));
    const int h = page_px * pages + gap * (pages - 1);
    cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t* cr = cairo_create(s);
    cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);  // the gap between pages
    cairo_paint(cr);
    int page = 0;
    auto paint_page = [&] {
        cairo_identity_matrix(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_rectangle(cr, 0, page * (page_px + gap), w, page_px);
        cairo_fill(cr);
        cairo_translate(cr, 0, page * (page_px + gap));
        cairo_scale(cr, scale, scale);
    };
    paint_page();
    {
        Painter p(cr, doc, pages, [&] {
            ++page;
            paint_page();
        });
        p.run();
    }
    std::string out;
    const cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    const cairo_status_t written =
        status == CAIRO_STATUS_SUCCESS ? cairo_surface_write_to_png_stream(s, append, &out) : status;
    cairo_surface_destroy(s);
    check(status);
    check(written);
    return out;
}

}  // namespace piaojue::render
