// Runs independent jobs on a few threads. Internal to the core (not a public header): `batch`
// tallies townships with it and `verify OUTDIR` re-checks their records with it.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <system_error>
#include <thread>
#include <vector>

namespace piaojue::detail {

/// Calls `job(i)` once for every i in [0, count), on up to `jobs` threads (the calling thread
/// is one of them), in no particular order, and returns when all have returned. Indices are
/// handed out in increasing order; once a failed job's exception has been caught no further
/// index is started (others may start while it unwinds), and when every thread has stopped
/// the exception of the lowest failing index is rethrown — the same one for any number of
/// threads, since every lower index had been started. A thread that
/// cannot be started leaves its share to the others.
inline void parallel_for(std::size_t count, unsigned jobs, const std::function<void(std::size_t)>& job) {
    std::atomic<std::size_t> next{0};
    std::vector<std::exception_ptr> failures(count);
    auto work = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < count;) {
            try {
                job(i);
            } catch (...) {
                failures[i] = std::current_exception();
                next.store(count);  // start no more
            }
        }
    };
    const auto threads_wanted = static_cast<unsigned>(std::min<std::size_t>(std::max(1u, jobs), count));
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < threads_wanted; ++t) {
        try {
            threads.emplace_back(work);
        } catch (const std::system_error&) {
            break;
        }
    }
    work();
    for (std::thread& t : threads) t.join();
    for (const std::exception_ptr& failure : failures)
        if (failure) std::rethrow_exception(failure);
}

}  // namespace piaojue::detail
