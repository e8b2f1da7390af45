// The worker thread behind the leaf hasher and the file digest (src/bounded_worker.hpp): order,
// the bound on the queue, recycled items, and failures on the worker's thread.
#include "bounded_worker.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <future>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using piaojue::detail::BoundedWorker;

namespace {

std::vector<int> iota(int n) {
    std::vector<int> out(static_cast<std::size_t>(n));
    std::iota(out.begin(), out.end(), 0);
    return out;
}

// Closed until open(); the consumer waits on it so the test controls when items are consumed.
class Gate {
public:
    void wait() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return open_; });
    }
    void open() {
        std::lock_guard lock(mutex_);
        open_ = true;
        changed_.notify_all();
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    bool open_ = false;
};

// A consumer that records the items it got and throws on `bad`.
struct Recorder {
    std::vector<int> seen;  // written on the worker's thread; read after drain or destruction
    int bad = -1;
    void operator()(int& item) {
        if (item == bad) throw std::runtime_error("bad item " + std::to_string(item));
        seen.push_back(item);
    }
};

}  // namespace

TEST_CASE("bounded_worker::order") {
    SUBCASE("ints") {
        std::vector<int> seen;
        BoundedWorker<int> worker([&](int& item) { seen.push_back(item); }, 2);
        for (int i = 0; i < 10000; ++i) worker.hand_over(i);
        worker.drain();
        CHECK(seen == iota(10000));
    }
    SUBCASE("buffers") {
        std::string digested;
        BoundedWorker<std::string> worker(
            [&](std::string& chunk) {
                digested += chunk;
                chunk.clear();
            },
            8);
        std::string expected;
        std::string chunk;
        for (int i = 0; i < 2000; ++i) {
            chunk += std::to_string(i) + ",";
            expected += std::to_string(i) + ",";
            if (chunk.size() >= 64) chunk = worker.hand_over(std::move(chunk));
        }
        chunk = worker.hand_over(std::move(chunk));
        worker.drain();
        CHECK(digested == expected);
    }
}

TEST_CASE("bounded_worker::at_most_max_queued") {
    constexpr int k_max_queued = 3;
    constexpr int k_items = k_max_queued + 3;
    Gate gate;
    std::promise<void> entered;
    std::vector<int> seen;
    BoundedWorker<int> worker(
        [&](int& item) {
            if (item == 0) {
                entered.set_value();
                gate.wait();
            }
            seen.push_back(item);
        },
        k_max_queued);

    // The consumer holds item 0 until the gate opens: k_max_queued more fit in the queue, and the
    // hand-over after them waits.
    int first = 0;
    SUBCASE("the consumer has taken item 0 before the others come") {
        worker.hand_over(0);
        entered.get_future().wait();
        first = 1;
    }
    // Usually the queue fills before the new thread takes item 0: then the hand-over after it
    // waits until item 0 is consumed (a waiting owner is woken when an item comes back for reuse,
    // not before: waking it earlier would make it allocate one more buffer, see the header).
    SUBCASE("all from the producer") {}
    std::atomic<int> handed{first};
    std::thread producer([&] {
        for (int i = first; i < k_items; ++i) {
            worker.hand_over(i);
            ++handed;
        }
    });
    if (first == 0) entered.get_future().wait();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (handed < k_max_queued && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    // k_max_queued queued, and item 0 either with the consumer or still queued: never more.
    if (first == 1) CHECK(handed.load() == k_max_queued + 1);
    CHECK(handed.load() >= k_max_queued);
    CHECK(handed.load() <= k_max_queued + 1);

    gate.open();
    producer.join();
    CHECK(handed.load() == k_items);
    worker.drain();
    CHECK(seen == iota(k_items));
}

TEST_CASE("bounded_worker::recycles_items") {
    BoundedWorker<std::string> worker([](std::string& chunk) { chunk.clear(); }, 2);

    SUBCASE("the consumed buffer comes back, emptied") {
        std::string chunk(1000, 'x');
        const char* buffer = chunk.data();
        const std::size_t capacity = chunk.capacity();
        std::string next = worker.hand_over(std::move(chunk));
        CHECK(next.capacity() < 1000);  // nothing consumed yet: a new one
        worker.drain();                 // chunk consumed, and the thread ended
        CHECK_FALSE(worker.started());

        next = worker.hand_over(std::move(next));  // starts a new thread
        CHECK(worker.started());
        CHECK(next.data() == buffer);
        CHECK(next.capacity() == capacity);
        CHECK(next.empty());
        worker.drain();
    }

    SUBCASE("at most max_queued + 2 buffers are ever made") {
        // One with the consumer, two queued, one being filled, one on its way back.
        int fresh = 0;
        std::string chunk;
        for (int i = 0; i < 1000; ++i) {
            if (chunk.capacity() < 4096) {
                ++fresh;
                chunk.reserve(4096);
            }
            chunk.assign(100, static_cast<char>('a' + i % 26));
            chunk = worker.hand_over(std::move(chunk));
        }
        worker.drain();
        CHECK(fresh >= 1);
        CHECK(fresh <= 2 + 2);
    }
}

TEST_CASE("bounded_worker::consumer_failure") {
    constexpr int k_max_queued = 2;
    Recorder recorder;
    recorder.bad = 5;
    BoundedWorker<int> worker([&](int& item) { recorder(item); }, k_max_queued);

    SUBCASE("drain rethrows, and so does every later call") {
        for (int i = 0; i <= 5; ++i) worker.hand_over(i);
        CHECK_THROWS_WITH_AS(worker.drain(), "bad item 5", std::runtime_error);
        CHECK(recorder.seen == iota(5));
        CHECK_THROWS_WITH_AS(worker.hand_over(6), "bad item 5", std::runtime_error);
        CHECK_THROWS_WITH_AS(worker.drain(), "bad item 5", std::runtime_error);
    }

    SUBCASE("hand_over rethrows, and what was queued behind is dropped") {
        // The producer can run at most the consumer's item and k_max_queued ahead, so the
        // failure at item 5 is seen by the hand-over of item 8 at the latest.
        int thrown_at = -1;
        for (int i = 0; i < 100 && thrown_at < 0; ++i) {
            try {
                worker.hand_over(i);
            } catch (const std::runtime_error& e) {
                CHECK(std::string(e.what()) == "bad item 5");
                thrown_at = i;
            }
        }
        CHECK(thrown_at >= 6);
        CHECK(thrown_at <= 5 + k_max_queued + 1);
        CHECK_THROWS_AS(worker.drain(), std::runtime_error);
        CHECK(recorder.seen == iota(5));
    }
}

TEST_CASE("bounded_worker::destructor") {
    SUBCASE("after a failure that nobody collected: no std::terminate") {
        Recorder recorder;
        recorder.bad = 0;
        {
            BoundedWorker<int> worker([&](int& item) { recorder(item); }, 2);
            try {
                for (int i = 0; i < 10; ++i) worker.hand_over(i);
            } catch (const std::runtime_error&) {
            }
        }
        CHECK(recorder.seen.empty());
    }
    SUBCASE("with items queued: ends after the current one, in order") {
        std::vector<int> seen;
        {
            BoundedWorker<int> worker(
                [&](int& item) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(2));
                    seen.push_back(item);
                },
                4);
            for (int i = 0; i < 5; ++i) worker.hand_over(i);
        }
        REQUIRE(seen.size() <= 5);
        CHECK(seen == iota(static_cast<int>(seen.size())));
    }
}

TEST_CASE("bounded_worker::no_items") {
    int consumed = 0;
    BoundedWorker<int> worker([&](int&) { ++consumed; }, 2);
    CHECK_FALSE(worker.started());  // a meeting's small file never starts a thread
    worker.drain();
    CHECK_FALSE(worker.started());
    CHECK(consumed == 0);

    worker.hand_over(1);
    CHECK(worker.started());
    worker.drain();
    CHECK_FALSE(worker.started());
    CHECK(consumed == 1);
}
