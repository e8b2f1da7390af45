// Replays fuzz corpora through a fuzz target's LLVMFuzzerTestOneInput without libFuzzer, so every
// build (g++ included) runs the seeds and the saved reproducers as an ordinary ctest (bloaty's
// tests/fuzz_driver.cc). Usage: fuzz_replay_TARGET DIR_OR_FILE...
//
// A crash, a sanitizer report or an exception other than piaojue::Error ends the process
// abnormally, which is what fails the test; the target itself decides what counts as a bug.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "fuzz replay: cannot open %s\n", path.c_str());
        std::exit(2);
    }
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::filesystem::path> files;
    for (int i = 1; i < argc; ++i) {
        std::filesystem::path arg(argv[i]);
        if (std::filesystem::is_directory(arg)) {
            for (const auto& entry : std::filesystem::recursive_directory_iterator(arg))
                if (entry.is_regular_file()) files.push_back(entry.path());
        } else {
            files.push_back(arg);
        }
    }
    // An empty corpus would pass while testing nothing.
    if (files.empty()) {
        std::fprintf(stderr, "usage: %s DIR_OR_FILE... (no input files found)\n", argc > 0 ? argv[0] : "fuzz_replay");
        return 2;
    }
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
        std::string bytes = read_file(path);
        // Named before running, so the file that crashes is the last one printed.
        std::fprintf(stderr, "replay %s (%zu bytes)\n", path.c_str(), bytes.size());
        // A copy of exactly `size` bytes, so ASan catches a read one past the end.
        std::vector<std::uint8_t> data(bytes.begin(), bytes.end());
        LLVMFuzzerTestOneInput(data.data(), data.size());
    }
    std::printf("replayed %zu inputs\n", files.size());
    return 0;
}
