// The keyboard entry screen's model (`piaojue enter`): one paper ballot at a time, one key per
// mark, the 票号 proposed, every finished ballot a row of an ordinary ballots file. Pure: keys in,
// screen text and file bytes out; the CLI owns the terminal and writes the file.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <piaojue/error.hpp>
#include <piaojue/keying.hpp>
#include <piaojue/tally.hpp>

namespace piaojue {

/// One key from the terminal.
struct Key {
    enum class Code { text, up, down, left, right, enter, backspace, escape, tab, interrupt, other };
    Code code = Code::other;
    std::string text;  ///< a typed character (UTF-8), for Code::text
};

/// The keys in `bytes` read from a terminal in raw mode: UTF-8 characters, Enter (CR or LF),
/// Backspace (DEL or ^H), Tab, ^C and ^D, and the arrows' escape sequences (ESC [ A, ESC O A, …);
/// a lone ESC is Escape. Unknown sequences are `other`.
[[nodiscard]] std::vector<Key> parse_keys(std::string_view bytes);

/// The entry screen of one ballots file.
class EntryScreen {
public:
    /// Keys ballots of `setup`'s round into `file`, whose current bytes are `existing` (empty for
    /// a new file: the header is written first, in `lang`). `keys`: `CLASS=KEYS` each, replacing
    /// the default keys of a class of marks (approve, disapprove, abstain, unreadable, their
    /// Chinese names, or a level's name; `space` for the space bar), e.g. `approve=1o`. Throws
    /// Error (exit 2) for a bad key setting, (exit 3) when the existing file cannot be read as
    /// this round's ballots (its rows are kept as they are).
    EntryScreen(const RoundSetup& setup, std::string file, std::string existing, Lang lang, bool second,
                const std::vector<std::string>& keys = {});

    /// What a key did.
    enum class Result { none, saved, undone, quit };
    Result handle(const Key& key);

    /// The screen, `width` columns by `height` lines, each line padded to the width.
    [[nodiscard]] std::vector<std::string> render(std::size_t width, std::size_t height) const;

    /// The ballots file as it is now: its header, the rows found, and the rows keyed here.
    [[nodiscard]] const std::string& file_bytes() const { return text_; }
    /// Ballots in the file.
    [[nodiscard]] std::size_t keyed() const { return serials_.size(); }
    /// The ballot on screen has a mark (it would be lost by quitting).
    [[nodiscard]] bool pending() const;

private:
    enum class Mode { marks, serial, note, confirm_over, confirm_quit };
    void start_ballot();
    Result finish();
    [[nodiscard]] std::string next_serial() const;
    [[nodiscard]] std::string row() const;
    [[nodiscard]] Count approvals() const;
    [[nodiscard]] std::optional<Mark> mark_for(const std::string& key) const;
    [[nodiscard]] std::string symbol(Mark mark) const;
    [[nodiscard]] std::string help_line() const;
    [[nodiscard]] std::string t(const char* en, const std::string& zh) const;
    void set_keys(const std::vector<std::string>& specs);

    const RoundSetup& setup_;
    std::string file_;
    Lang lang_;
    bool second_;
    bool zh_header_ = true;  // the file's header is Chinese: status written 作废
    std::string text_;       // the file's bytes, header first, every line ending in \n
    std::vector<std::string> serials_;
    // The ballot on screen.
    std::string serial_;
    std::vector<std::optional<Mark>> marks_;
    bool void_ = false;
    std::string note_;
    std::size_t cursor_ = 0;
    Mode mode_ = Mode::marks;
    std::string edit_;                                // the serial or note being typed
    std::string message_;                             // the last key's outcome, shown once
    std::vector<std::pair<std::string, Mark>> keys_;  // key → mark, in the order shown
};

}  // namespace piaojue
