// The table is the only global state of the core, and it has to be: a signal handler gets no
// argument. Everything the handler touches is a lock-free atomic or a buffer published through
// one, and it calls only unlink(2), sigaction(2) and raise(3), which are async-signal-safe.
#include <piaojue/fs.hpp>

#include "temp_files.hpp"

#include <atomic>
#include <csignal>
#include <cstring>

#include <unistd.h>

namespace piaojue {

namespace {

// Enough for batch's parallel writes (two files per job, up to 256 jobs). The table holds
// pointers (6 KiB), not paths: the release build's start prefaults all writable memory, .bss
// included (src/cli/start_prefault.cpp), and 512 paths of 4 KiB would be 2 MiB of it.
constexpr int k_slots = 512;

enum State : int { k_free = 0, k_filling = 1, k_ready = 2 };

std::atomic<int> g_state[k_slots];
std::atomic<const char*> g_path[k_slots];

static_assert(std::atomic<int>::is_always_lock_free && std::atomic<const char*>::is_always_lock_free);

constexpr int k_signals[] = {SIGINT, SIGTERM, SIGHUP};

extern "C" void remove_temp_files_and_die(int sig) {
    for (int i = 0; i < k_slots; ++i)
        if (g_state[i].load(std::memory_order_acquire) == k_ready) ::unlink(g_path[i].load(std::memory_order_relaxed));
    // Die of the same signal, so the shell sees 130 for Ctrl-C and scripts see a kill.
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    ::sigaction(sig, &dfl, nullptr);
    ::raise(sig);
}

}  // namespace

namespace temp_files {

int add(const char* path) noexcept {
    for (int i = 0; i < k_slots; ++i) {
        int expected = k_free;
        if (!g_state[i].compare_exchange_strong(expected, k_filling, std::memory_order_acquire)) continue;
        g_path[i].store(path, std::memory_order_relaxed);
        g_state[i].store(k_ready, std::memory_order_release);
        return i;
    }
    return -1;
}

void remove(int slot) noexcept {
    if (slot >= 0 && slot < k_slots) g_state[slot].store(k_free, std::memory_order_release);
}

}  // namespace temp_files

void remove_temp_files_on_signals() {
    for (int sig : k_signals) {
        struct sigaction old {};
        if (::sigaction(sig, nullptr, &old) != 0 || old.sa_handler == SIG_IGN) continue;  // e.g. under nohup
        struct sigaction act {};
        act.sa_handler = remove_temp_files_and_die;
        sigemptyset(&act.sa_mask);
        for (int other : k_signals) sigaddset(&act.sa_mask, other);
        act.sa_flags = SA_RESETHAND;
        ::sigaction(sig, &act, nullptr);
    }
}

}  // namespace piaojue
