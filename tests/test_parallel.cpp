// The job runner behind `batch` and `verify OUTDIR` (src/parallel.hpp): every index once, on
// any number of threads, and failures reported the same way for any number of threads.
#include "parallel.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <cstddef>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using piaojue::detail::parallel_for;

TEST_CASE("parallel::every_index_once") {
    for (unsigned jobs : {0u, 1u, 2u, 3u, 8u, 300u}) {
        for (std::size_t count : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{97}, std::size_t{1000}}) {
            std::vector<std::atomic<int>> calls(count);
            std::mutex mutex;
            std::set<std::thread::id> threads;
            parallel_for(count, jobs, [&](std::size_t i) {
                calls[i].fetch_add(1);
                std::lock_guard lock(mutex);
                threads.insert(std::this_thread::get_id());
            });
            for (std::size_t i = 0; i < count; ++i)
                CHECK_MESSAGE(calls[i].load() == 1, "jobs " << jobs << ", index " << i);
            CHECK(threads.size() <= std::max<std::size_t>(1, std::min<std::size_t>(jobs, count)));
        }
    }
}

TEST_CASE("parallel::the_calling_thread_takes_part") {
    // With one job everything runs on the caller's thread: no thread is started.
    std::set<std::thread::id> threads;
    parallel_for(10, 1, [&](std::size_t) { threads.insert(std::this_thread::get_id()); });
    CHECK(threads == std::set<std::thread::id>{std::this_thread::get_id()});
}

TEST_CASE("parallel::the_lowest_failing_index_is_rethrown") {
    // Indices 5 and 40 fail; whatever the threads' timing, 5's exception comes out. How many
    // indices start after a failure depends on that timing (other threads go on taking indices
    // until the failing one has unwound and recorded it: under ASan on a loaded machine, all of
    // them), so only the serial run's count is exact.
    for (unsigned jobs : {1u, 2u, 4u, 16u}) {
        std::atomic<std::size_t> started{0};
        std::string what;
        try {
            parallel_for(100, jobs, [&](std::size_t i) {
                started.fetch_add(1);
                if (i == 5 || i == 40) throw std::runtime_error("job " + std::to_string(i));
            });
        } catch (const std::runtime_error& e) {
            what = e.what();
        }
        CHECK_MESSAGE(what == "job 5", "jobs " << jobs);
        if (jobs == 1) CHECK(started.load() == 6);  // serial: stops right after index 5
    }
}
