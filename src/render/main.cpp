// piaojue-render --format pdf|png [--dpi N]: reads a document (piaojue-document/1 JSON, as
// `piaojue report` writes it) on stdin and writes the PDF or PNG on stdout. A separate, dynamically
// linked program so that cairo, pango and fontconfig stay out of the static piaojue executable
// (docs/design.md, "Printed documents"). Exit 0, or 2 (usage), 3 (not a document), 4 (cannot
// draw: no Chinese font, a cairo error) with the reason on stderr.
#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>
#include <string>

#include "render/draw.hpp"

int main(int argc, char** argv) {
    std::string format;
    int dpi = 150;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--format" && i + 1 < argc) {
            format = argv[++i];
        } else if (arg == "--dpi" && i + 1 < argc) {
            dpi = std::atoi(argv[++i]);
        } else {
            std::cerr << "usage: piaojue-render --format pdf|png [--dpi N] <document.json >out\n";
            return 2;
        }
    }
    if ((format != "pdf" && format != "png") || dpi < 36 || dpi > 600) {
        std::cerr << "usage: piaojue-render --format pdf|png [--dpi 36..600] <document.json >out\n";
        return 2;
    }
    const std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    piaojue::Document document;
    try {
        document = piaojue::parse_document_json(input);
    } catch (const std::exception& e) {
        std::cerr << e.what() << '\n';
        return 3;
    }
    try {
        const std::string bytes =
            format == "pdf" ? piaojue::render::draw_pdf(document) : piaojue::render::draw_png(document, dpi);
        std::fwrite(bytes.data(), 1, bytes.size(), stdout);
        if (std::fflush(stdout) != 0) {
            std::cerr << "cannot write the output: " << std::strerror(errno) << '\n';
            return 4;
        }
    } catch (const std::exception& e) {
        std::cerr << e.what() << '\n';
        return 4;
    }
    return 0;
}
