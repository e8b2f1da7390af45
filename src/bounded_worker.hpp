// A worker thread that consumes items in the order they are handed over, through a bounded queue,
// and hands the consumed items back for reuse. Internal to the core (not a public header).
//
// Both of the core's second threads are one of these: BallotCounter's leaf hasher (batches of
// normalised rows) and round.cpp's file digest (chunks of raw bytes). The point of recycling is
// memory that stays small and pages that stay touched: on the development VM every fresh page
// is a fault of ~13 µs, and a thread per batch with fresh buffers cost 1,746 faults at a million
// ballots against 964 with recycled ones (docs/design.md, "Digest calls").
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace piaojue::detail {

/// Consumes `Item`s on a thread of its own, in hand-over order, at most `max_queued` waiting.
/// `Item` is default-constructible and movable; the consumer leaves each item empty but keeps
/// its capacity, and that item is what a later `hand_over` returns.
template <typename Item>
class BoundedWorker {
public:
    /// `consume(item)` runs on the worker thread, one item at a time; it must leave `item` ready
    /// for reuse (cleared). At most `max_queued` (≥ 1) items wait behind the one it is on.
    BoundedWorker(std::function<void(Item&)> consume, std::size_t max_queued)
        : consume_(std::move(consume)), max_queued_(max_queued) {}
    BoundedWorker(const BoundedWorker&) = delete;
    BoundedWorker& operator=(const BoundedWorker&) = delete;
    /// Stops after the item being consumed, drops the rest and joins; never throws.
    ~BoundedWorker() {
        {
            std::lock_guard lock(mutex_);
            abandoned_ = true;
            changed_.notify_all();
        }
        if (worker_.joinable()) worker_.join();
    }

    /// Queues `full`, waiting while `max_queued` items wait, and returns an item to fill next: a
    /// consumed one if there is one, else `Item()`. A wait ends when an item is consumed (and so
    /// can be returned), not when the consumer takes one: ending it then would make one more
    /// buffer for nothing, since the consumer is the slower side whenever the owner waits. The
    /// first call starts the thread, so an owner that never fills an item never starts one.
    /// Rethrows what `consume` threw, at once.
    Item hand_over(Item full) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return queue_.size() < max_queued_ || failure_; });
        if (failure_) std::rethrow_exception(failure_);
        if (!worker_.joinable()) {
            done_ = false;
            worker_ = std::thread([this] { work(); });
        }
        queue_.push_back(std::move(full));
        changed_.notify_all();
        Item next{};
        if (!spare_.empty()) {
            next = std::move(spare_.back());
            spare_.pop_back();
        }
        return next;
    }

    /// Returns once every item handed over is consumed, and ends the thread (a later `hand_over`
    /// starts another). Rethrows the first exception `consume` threw; the items queued after it
    /// were dropped.
    void drain() {
        {
            std::lock_guard lock(mutex_);
            done_ = true;
            changed_.notify_all();
        }
        if (worker_.joinable()) worker_.join();
        if (failure_) std::rethrow_exception(failure_);
    }

    /// Whether the thread is running (started by a `hand_over`, not yet drained).
    [[nodiscard]] bool started() const { return worker_.joinable(); }

private:
    void work() {
        std::unique_lock lock(mutex_);
        for (;;) {
            changed_.wait(lock, [this] { return !queue_.empty() || done_ || abandoned_; });
            if (abandoned_ || queue_.empty()) return;
            Item item = std::move(queue_.front());
            queue_.pop_front();
            lock.unlock();
            // Caught here, or std::terminate: the owner sees it at its next hand_over or drain.
            std::exception_ptr failed;
            try {
                consume_(item);
            } catch (...) {
                failed = std::current_exception();
            }
            lock.lock();
            changed_.notify_all();
            if (failed) {
                failure_ = failed;
                queue_.clear();  // the run fails anyway: what is queued behind it is dropped
                return;
            }
            spare_.push_back(std::move(item));
        }
    }

    std::function<void(Item&)> consume_;
    const std::size_t max_queued_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Item> queue_;
    std::vector<Item> spare_;  // consumed, cleared, capacity kept
    std::exception_ptr failure_;
    bool done_ = false;       // drain: consume what is queued, then end
    bool abandoned_ = false;  // destructor: end after the current item
    std::thread worker_;      // last: started once the members above exist
};

}  // namespace piaojue::detail
