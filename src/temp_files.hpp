// Internal to fs_posix.cpp: the temp files of writes in progress, in a fixed table that a signal
// handler can read, so Ctrl-C (SIGINT) or SIGTERM during a write leaves no temp file behind.
#pragma once

namespace piaojue::temp_files {

/// Registers temp file `path`, which must stay valid until remove(); returns its slot, or -1
/// when the table is full (the file is then only removed by the normal error path).
int add(const char* path) noexcept;

/// Forgets slot `slot` (-1: nothing), once its file is renamed or removed.
void remove(int slot) noexcept;

}  // namespace piaojue::temp_files
