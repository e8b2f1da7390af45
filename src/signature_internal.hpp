// Internal to signature.cpp, signature_file.cpp and trust.cpp: what the three share.
#pragma once

#include <piaojue/error.hpp>
#include <piaojue/text.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace piaojue::signature_detail {

/// Throws Error with exit `code` about `file`.
[[noreturn]] inline void fail(ExitCode code, const std::string& file, Text message, Text hint) {
    throw_about(code, file, std::move(message), std::move(hint));
}

/// `s` in double quotes, made printable.
inline std::string in_quotes(std::string_view s) {
    return "\"" + printable_line(s) + "\"";
}

/// The hint after a role that is not one.
inline const Text k_role_hint{"a role is 计票人|监票人|总监票人 or counter|scrutineer|chief-scrutineer",
                              "角色为 计票人|监票人|总监票人，或 counter|scrutineer|chief-scrutineer"};

}  // namespace piaojue::signature_detail
