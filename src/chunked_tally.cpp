#include "chunked_tally.hpp"

#include <piaojue/ballots.hpp>
#include <piaojue/error.hpp>
#include <piaojue/merkle.hpp>

#include "bounded_worker.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string_view>
#include <system_error>
#include <thread>

namespace piaojue::detail {

namespace {

constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";
// A line longer than this past the chunk size gives up: the sequential reader refuses records
// over 64 KiB anyway (CsvLimits).
constexpr std::size_t k_max_line = std::size_t{128} << 10;
constexpr std::size_t k_read_piece = std::size_t{64} << 10;
constexpr std::size_t k_max_folds_queued = 1;

// One chunk of whole lines and what a worker made of it.
struct Chunk {
    std::string text;
    bool done = false;
    bool taken = false;               // the chunked path applies to it
    std::exception_ptr failure;       // what is not an input error
    std::size_t lines = 0;            // lines in text
    BallotCounts counts;              // lines of invalid ballots counted from the chunk's start
    std::vector<Digest> leaf_hashes;  // of its rows, in order
    SerialSet serials;
};

// Parses and counts `chunk` (on a worker thread) with the columns `header` read.
void count_chunk(Chunk& chunk, const BallotReader& header, const RoundSetup& setup) {
    chunk.taken = false;
    chunk.leaf_hashes.clear();
    const std::string_view text = chunk.text;
    // A quote may join lines into one record, and a byte-order mark at a chunk's start would be
    // skipped by a reader starting there: the sequential reader decides those.
    if (text.find('"') != std::string_view::npos || text.starts_with(k_utf8_bom)) return;
    StringSource source(text);
    BallotReader reader(source, header);
    BallotCounter counter(setup, chunk.leaf_hashes);
    Ballot ballot;
    try {
        while (reader.next(ballot)) counter.add(ballot);
    } catch (const Error&) {
        return;  // too many entry errors, or a malformed line
    }
    if (!reader.clean()) return;
    chunk.lines = reader.lines_read();  // counted by the reader: the chunk is not scanned for them
    chunk.counts = counter.finish();
    chunk.serials = reader.take_serials();
    chunk.taken = true;
}

// Threads that count chunks in the order they are queued; each chunk is marked done when
// counted. The owner of the chunks destroys the pool before them.
class ChunkPool {
public:
    ChunkPool(unsigned workers, const BallotReader& header, const RoundSetup& setup) : header_(header), setup_(setup) {
        threads_.reserve(workers);  // so that only starting a thread can fail below
        for (unsigned i = 0; i < workers; ++i) {
            try {
                threads_.emplace_back([this] { work(); });
            } catch (const std::system_error&) {
                break;
            }
        }
    }
    ChunkPool(const ChunkPool&) = delete;
    ChunkPool& operator=(const ChunkPool&) = delete;
    // Drops what is queued, lets the chunks being counted finish, and joins.
    ~ChunkPool() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
            queued_.clear();
        }
        work_ready_.notify_all();
        for (std::thread& t : threads_) t.join();
    }

    [[nodiscard]] bool started() const { return !threads_.empty(); }

    void submit(Chunk& chunk) {
        {
            std::lock_guard lock(mutex_);
            chunk.done = false;
            queued_.push_back(&chunk);
        }
        work_ready_.notify_one();
    }

    void wait(const Chunk& chunk) {
        std::unique_lock lock(mutex_);
        chunk_done_.wait(lock, [&] { return chunk.done; });
    }

private:
    void work() {
        std::unique_lock lock(mutex_);
        for (;;) {
            work_ready_.wait(lock, [&] { return stopping_ || !queued_.empty(); });
            if (stopping_) return;
            Chunk& chunk = *queued_.front();
            queued_.pop_front();
            lock.unlock();
            try {
                count_chunk(chunk, header_, setup_);
            } catch (...) {
                chunk.failure = std::current_exception();
            }
            lock.lock();
            chunk.done = true;
            chunk_done_.notify_all();
        }
    }

    const BallotReader& header_;
    const RoundSetup& setup_;
    std::mutex mutex_;
    std::condition_variable work_ready_;
    std::condition_variable chunk_done_;
    std::deque<Chunk*> queued_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;  // last: started once the rest is ready
};

// Cuts the text into chunks of whole lines: `carry_` holds what followed the last line feed.
class ChunkReader {
public:
    // Reads `first`, then the rest of `text`.
    ChunkReader(std::string_view first, Source& text, std::size_t chunk_bytes)
        : text_(first, text), chunk_bytes_(std::max<std::size_t>(chunk_bytes, 1)) {}

    // Fills `out` with the next chunk; false at the end of the text. Sets `too_long` (and returns
    // false) for a line that does not end within k_max_line past the chunk size.
    bool next(std::string& out, bool& too_long) {
        // `out` keeps its buffer (a reused chunk's is already as large as chunks grow): no
        // fresh pages after the first chunks.
        out.reserve(chunk_bytes_ + k_read_piece);
        out.assign(carry_);
        carry_.clear();
        for (;;) {
            if (out.size() >= chunk_bytes_ || eof_) {
                const std::size_t lf = out.find_last_of('\n');
                if (lf != std::string::npos) {
                    carry_.assign(out, lf + 1);
                    out.resize(lf + 1);
                    return true;
                }
                if (eof_) return !out.empty();
                if (out.size() > chunk_bytes_ + k_max_line) {
                    too_long = true;
                    return false;
                }
            }
            // Below the chunk size, read what is missing; past it, look for the line's end.
            const std::size_t want =
                std::min(out.size() < chunk_bytes_ ? chunk_bytes_ - out.size() : chunk_bytes_, k_read_piece);
            if (read_append(text_, out, want) == 0) eof_ = true;
        }
    }

private:
    std::string carry_;
    PrefixSource text_;
    std::size_t chunk_bytes_;
    bool eof_ = false;
};

// Adds a chunk's counts to the total; its invalid ballots' lines move by `lines_before`.
void add_counts(BallotCounts& total, BallotCounts& part, std::size_t lines_before) {
    total.rows += part.rows;
    total.valid += part.valid;
    total.invalid += part.invalid;
    for (std::size_t c = 0; c < total.candidates.size(); ++c) {
        total.candidates[c].approve += part.candidates[c].approve;
        total.candidates[c].disapprove += part.candidates[c].disapprove;
        total.candidates[c].abstain += part.candidates[c].abstain;
        total.candidates[c].unreadable += part.candidates[c].unreadable;
    }
    for (InvalidBallot& b : part.invalid_ballots) {
        b.line += lines_before;
        total.invalid_ballots.push_back(std::move(b));
    }
}

}  // namespace

std::optional<BallotCounts> tally_chunked(std::string head, Source& text, const std::string& file,
                                          const RoundSetup& setup, const std::vector<std::string>& ids,
                                          Count expected_rows, const ChunkedOptions& options) {
    // The header is the first line, read alone by the sequential reader's own code.
    std::size_t header_end = head.find('\n');
    while (header_end == std::string::npos && head.size() <= k_max_line) {
        const std::size_t searched = head.size();
        if (read_append(text, head, k_read_piece) == 0) break;
        header_end = head.find('\n', searched);
    }
    if (header_end == std::string::npos) return std::nullopt;
    StringSource header_text(std::string_view(head).substr(0, header_end + 1));
    std::optional<BallotReader> header;
    try {
        header.emplace(header_text, file, ids, expected_rows);
    } catch (const Error&) {
        return std::nullopt;
    }

    ChunkReader reader(std::string_view(head).substr(header_end + 1), text, options.chunk_bytes);
    // Chunks in flight, oldest first, at most two per worker; emptied chunks are reused.
    std::deque<std::unique_ptr<Chunk>> in_flight;
    std::vector<std::unique_ptr<Chunk>> spare;
    const std::size_t window = 2 * std::size_t{std::max(options.workers, 1u)};
    ChunkPool pool(options.workers, *header, setup);  // after the chunks: joined before they go
    if (!pool.started()) return std::nullopt;

    BallotCounts total;
    total.candidates.resize(setup.candidates.size());
    MerkleBuilder merkle(setup.rules.digest);
    // The tree is folded on a thread of its own, the counted chunks handed over in chunk order:
    // this thread reads the next chunks meanwhile. Folded chunks come back to be filled again,
    // their buffers as large as they grew.
    detail::BoundedWorker<std::unique_ptr<Chunk>> folder(
        [&merkle](std::unique_ptr<Chunk>& chunk) { merkle.add_leaf_hashes(chunk->leaf_hashes); }, k_max_folds_queued);
    SerialSet serials;
    std::size_t lines_before = 1;  // the header's
    bool more = true;
    for (;;) {
        while (more && in_flight.size() < window) {
            std::unique_ptr<Chunk> chunk;
            if (spare.empty()) {
                chunk = std::make_unique<Chunk>();
            } else {
                chunk = std::move(spare.back());
                spare.pop_back();
            }
            bool too_long = false;
            more = reader.next(chunk->text, too_long);
            if (too_long) return std::nullopt;
            if (!more) break;
            pool.submit(*chunk);
            in_flight.push_back(std::move(chunk));
        }
        if (in_flight.empty()) break;
        Chunk& chunk = *in_flight.front();
        pool.wait(chunk);
        if (chunk.failure) std::rethrow_exception(chunk.failure);
        if (!chunk.taken) return std::nullopt;
        if (total.rows + chunk.counts.rows > expected_rows) return std::nullopt;
        if (!serials.merge(chunk.serials)) return std::nullopt;
        add_counts(total, chunk.counts, lines_before);
        lines_before += chunk.lines;
        std::unique_ptr<Chunk> folded = folder.hand_over(std::move(in_flight.front()));
        in_flight.pop_front();
        if (folded) spare.push_back(std::move(folded));
    }
    if (total.rows != expected_rows) return std::nullopt;
    folder.drain();
    total.merkle_root = merkle.root();
    return total;
}

}  // namespace piaojue::detail
