// QR codes for the printed documents, from Debian's libqrcodegencpp (Nayuki's QR Code generator,
// MIT): the payload that matches a paper to its record (docs/design.md, "Printed documents").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace piaojue {

/// A QR code's modules: `size` × `size`, dark where true, row by row; no quiet zone.
struct QrMatrix {
    int size = 0;
    std::vector<bool> dark;

    [[nodiscard]] bool at(int x, int y) const { return dark[static_cast<std::size_t>(y * size + x)]; }
};

/// The QR code of `payload` (byte mode or better, error correction level M, smallest version).
[[nodiscard]] QrMatrix encode_qr(std::string_view payload);

/// The QR code as an SVG path `d` attribute: one `M x y hNv1h-Nz` rectangle per horizontal run of
/// dark modules, offset by a quiet zone of `quiet` modules.
[[nodiscard]] std::string qr_svg_path(const QrMatrix& qr, int quiet);

}  // namespace piaojue
