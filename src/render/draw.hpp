// Drawing a Document (piaojue/document.hpp) on A4 pages with cairo and pango: the PDF and PNG of
// `piaojue report`. Part of the piaojue-render program only, never of the static executable.
#pragma once

#include <string>

#include <piaojue/document.hpp>

namespace piaojue::render {

/// The fonts, by fontconfig name: the first installed one with Chinese characters is used.
inline constexpr const char* k_sans = "Noto Sans CJK SC,WenQuanYi Micro Hei,Noto Sans CJK JP,sans-serif";
inline constexpr const char* k_serif = "Noto Serif CJK SC,Noto Sans CJK SC,WenQuanYi Micro Hei,serif";

/// `document` as a PDF: A4 pages, fonts embedded as subsets, metadata dates fixed to the
/// document's date (so the bytes depend on the document alone). Throws std::runtime_error when
/// no installed font has Chinese characters or cairo fails.
[[nodiscard]] std::string draw_pdf(const Document& document);

/// `document` as one PNG at `dpi`: the A4 pages one below another, white background.
[[nodiscard]] std::string draw_png(const Document& document, int dpi);

}  // namespace piaojue::render
