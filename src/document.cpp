// The document model's JSON form: what piaojue hands the piaojue-render program on its stdin.
// Machine to machine, so the reader is plain: anything that is not what document_json writes is
// one error, not a located diagnostic.
#include <piaojue/document.hpp>

#include <nlohmann/json.hpp>

#include <array>

namespace piaojue {

using json = nlohmann::ordered_json;

namespace {

constexpr std::array<std::string_view, 10> k_block_names{"title", "subtitle", "heading", "paragraph",  "fields",
                                                         "table", "bars",     "qr",      "signatures", "closing"};

json block_json(const Block& b) {
    json j = {{"kind", name(b.kind)}};
    if (!b.text.empty()) j["text"] = b.text;
    if (!b.lines.empty()) j["lines"] = b.lines;
    if (b.kind == BlockKind::fields) {
        json f = json::array();
        for (const Field& x : b.fields) f.push_back({x.label, x.value});
        j["fields"] = f;
    }
    if (b.kind == BlockKind::table) {
        j["columns"] = b.table.columns;
        j["widths"] = b.table.widths;
        j["numeric"] = b.table.numeric;
        j["rows"] = b.table.rows;
        j["emphasize_last"] = b.table.emphasize_last;
        j["tall_rows"] = b.table.tall_rows;
    }
    if (b.kind == BlockKind::bars) {
        json bars = json::array();
        for (const Bar& x : b.bars) bars.push_back({{"label", x.label}, {"value", x.value}, {"passed", x.passed}});
        j["bars"] = bars;
        j["mark"] = b.bar_mark;
        j["scale"] = b.bar_scale;
        j["mark_label"] = b.bar_mark_label;
    }
    if (b.kind == BlockKind::signatures) {
        json s = json::array();
        for (const SignLine& x : b.signers) s.push_back({x.role, x.name});
        j["signers"] = s;
        j["sign_label"] = b.sign_label;
        j["date_label"] = b.date_label;
    }
    return j;
}

BlockKind kind_of(const std::string& s) {
    for (std::size_t i = 0; i < k_block_names.size(); ++i)
        if (k_block_names[i] == s) return static_cast<BlockKind>(i);
    throw std::invalid_argument("unknown block kind " + s);
}

Block parse_block(const json& j) {
    Block b;
    b.kind = kind_of(j.at("kind").get<std::string>());
    b.text = j.value("text", std::string());
    if (j.contains("lines")) b.lines = j.at("lines").get<std::vector<std::string>>();
    if (j.contains("fields"))
        for (const json& f : j.at("fields"))
            b.fields.push_back({f.at(0).get<std::string>(), f.at(1).get<std::string>()});
    if (b.kind == BlockKind::table) {
        b.table.columns = j.at("columns").get<std::vector<std::string>>();
        b.table.widths = j.at("widths").get<std::vector<double>>();
        b.table.numeric = j.at("numeric").get<std::vector<bool>>();
        b.table.rows = j.at("rows").get<std::vector<std::vector<std::string>>>();
        b.table.emphasize_last = j.at("emphasize_last").get<bool>();
        b.table.tall_rows = j.at("tall_rows").get<bool>();
        const std::size_t n = b.table.columns.size();
        if (b.table.widths.size() != n || b.table.numeric.size() != n) throw std::invalid_argument("table shape");
        for (const auto& row : b.table.rows)
            if (row.size() != n) throw std::invalid_argument("table row shape");
    }
    if (b.kind == BlockKind::bars) {
        for (const json& x : j.at("bars"))
            b.bars.push_back(
                {x.at("label").get<std::string>(), x.at("value").get<long long>(), x.at("passed").get<bool>()});
        b.bar_mark = j.at("mark").get<long long>();
        b.bar_scale = j.at("scale").get<long long>();
        b.bar_mark_label = j.at("mark_label").get<std::string>();
    }
    if (b.kind == BlockKind::signatures) {
        for (const json& x : j.at("signers"))
            b.signers.push_back({x.at(0).get<std::string>(), x.at(1).get<std::string>()});
        b.sign_label = j.at("sign_label").get<std::string>();
        b.date_label = j.at("date_label").get<std::string>();
    }
    return b;
}

}  // namespace

std::string_view name(BlockKind kind) {
    return k_block_names[static_cast<std::size_t>(kind)];
}

std::string document_json(const Document& d) {
    json blocks = json::array();
    for (const Block& b : d.blocks) blocks.push_back(block_json(b));
    const json j = {{"format", "piaojue-document/1"},
                    {"kind", d.kind},
                    {"lang", d.lang},
                    {"title", d.title},
                    {"date", d.date},
                    {"footer", d.footer},
                    {"blocks", blocks}};
    return j.dump(1, ' ', false) + '\n';
}

Document parse_document_json(std::string_view text) {
    try {
        const json j = json::parse(text);
        if (j.at("format").get<std::string>() != "piaojue-document/1") throw std::invalid_argument("format");
        Document d;
        d.kind = j.at("kind").get<std::string>();
        d.lang = j.at("lang").get<std::string>();
        d.title = j.at("title").get<std::string>();
        d.date = j.at("date").get<std::string>();
        d.footer = j.at("footer").get<std::string>();
        for (const json& b : j.at("blocks")) d.blocks.push_back(parse_block(b));
        return d;
    } catch (const std::exception& e) {
        throw Error(ExitCode::input, diagnostic_about("<document>", {std::string("not a piaojue document: ") + e.what(),
                                                                     std::string("不是 piaojue 文档：") + e.what()}));
    }
}

}  // namespace piaojue
