// QR codes through libqrcodegencpp (the static archive Debian ships, so the static release
// executable has it too; docs/design.md, "Printed documents").
#include <piaojue/qr.hpp>

#include <qrcodegen/qrcodegen.hpp>

namespace piaojue {

QrMatrix encode_qr(std::string_view payload) {
    const std::vector<std::uint8_t> bytes(payload.begin(), payload.end());
    const std::vector<qrcodegen::QrSegment> segments{qrcodegen::QrSegment::makeBytes(bytes)};
    // Level M: a printed code survives a fold or a smudge; boostEcl off so that the level, and
    // with it the code's look, does not change with the payload's length.
    const qrcodegen::QrCode qr =
        qrcodegen::QrCode::encodeSegments(segments, qrcodegen::QrCode::Ecc::MEDIUM, 1, 40, -1, false);
    QrMatrix m;
    m.size = qr.getSize();
    m.dark.resize(static_cast<std::size_t>(m.size * m.size));
    for (int y = 0; y < m.size; ++y)
        for (int x = 0; x < m.size; ++x) m.dark[static_cast<std::size_t>(y * m.size + x)] = qr.getModule(x, y);
    return m;
}

std::string qr_svg_path(const QrMatrix& qr, int quiet) {
    // One rectangle per horizontal run of dark modules: a third of the size of one per module.
    std::string d;
    for (int y = 0; y < qr.size; ++y) {
        for (int x = 0; x < qr.size;) {
            if (!qr.at(x, y)) {
                ++x;
                continue;
            }
            int end = x;
            while (end < qr.size && qr.at(end, y)) ++end;
            const std::string run = std::to_string(end - x);
            d += "M" + std::to_string(x + quiet) + " " + std::to_string(y + quiet) + "h" + run + "v1h-" + run + "z";
            x = end;
        }
    }
    return d;
}

}  // namespace piaojue
