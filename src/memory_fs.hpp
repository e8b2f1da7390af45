// The in-memory file system, for tests and fuzzers only (internal: not part of the public headers).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <piaojue/fs.hpp>

namespace piaojue {

/// An in-memory file system for tests: a map from path to bytes.
class MemoryFileSystem final : public FileSystem {
public:
    std::map<std::string, std::string> files;
    std::map<std::string, unsigned> modes;  ///< permission bits of a file written (else 0644)

    [[nodiscard]] std::unique_ptr<Source> open(const std::string& path) const override;
    [[nodiscard]] bool exists(const std::string& path) const override;
    void write_atomic(const std::vector<OutputFile>& outputs, bool force) override;
    void make_directories(const std::string& path) override;
    [[nodiscard]] std::vector<std::string> list_files(const std::string& path, bool recursive) const override;
    [[nodiscard]] bool is_directory(const std::string& path) const override;
    [[nodiscard]] std::vector<std::string> list_directories(const std::string& path) const override;
    /// Relative paths are taken from `/`; there are no symbolic links.
    [[nodiscard]] std::string resolved_path(const std::string& path) const override;
    [[nodiscard]] std::optional<unsigned> permissions(const std::string& path) const override;
    /// One process: nothing to wait for.
    [[nodiscard]] std::unique_ptr<Lock> lock(const std::string& path) override;
};

}  // namespace piaojue
