// Internal to the file-system seam (fs.cpp, fs_posix.cpp, fs_memory.cpp): the located, bilingual
// errors that the real and the in-memory file systems raise alike, so tests see the same text.
#pragma once

#include <piaojue/error.hpp>

#include <cstddef>
#include <string>

#include <sys/types.h>

namespace piaojue::fs_detail {

/// The size of one read(2) or one read buffer.
inline constexpr std::size_t k_io_chunk = 64 * 1024;

/// The hint for an output path that cannot be used.
extern const Text k_choose_other;

/// OS error `err` in both languages.
[[nodiscard]] Text os_error(int err);
/// Throws Error (exit 3) about input `path`, with machine code `code` (E_INPUT when empty).
[[noreturn]] void throw_input(const std::string& path, Text message, Text hint, std::string code = {});
/// Throws Error (exit 9) about output `path`, with machine code `code` (E_WRITE when empty).
[[noreturn]] void throw_write(const std::string& path, Text message, Text hint, std::string code = {});
/// Throws Error (exit 9): writing `path` failed with OS error `err`.
[[noreturn]] void throw_write_os(const std::string& path, int err);
/// Throws Error (exit 3): `path` is not a regular file but of file type `mode`.
[[noreturn]] void throw_not_regular(const std::string& path, mode_t mode);
/// Throws Error (exit 3): opening `path` failed with OS error `err`.
[[noreturn]] void throw_open_error(const std::string& path, int err);
/// Throws Error (exit 3): `path` is larger than `limit` bytes.
[[noreturn]] void throw_too_large(const std::string& path, std::size_t limit);
/// Throws Error (exit 9): output `path` exists and --force was not given.
[[noreturn]] void throw_exists(const std::string& path);

}  // namespace piaojue::fs_detail
