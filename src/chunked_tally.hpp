// The ballots of a large file parsed and counted on several threads, a chunk of whole lines at a
// time, with the same counts, invalid-ballot list and Merkle root as the one-thread reader.
// Internal to the core (not a public header): tally_round uses it (src/round.cpp).
//
// The chunked path takes only what it can read exactly like the sequential one: lines without a
// quote, and no entry error anywhere. Whatever else it meets — a quote, a bad mark, a duplicate
// serial, a row count other than ballots_returned, a malformed line — it gives up, and the caller
// reads the file again with the sequential reader, which reports it with its exact diagnostics.
// So the chunked path never reports an error of its own, and its results, when it has them, are
// those the sequential reader would give (tests/test_chunked.cpp compares the two on every file).
#pragma once

#include <piaojue/source.hpp>
#include <piaojue/tally.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace piaojue::detail {

struct ChunkedOptions {
    std::size_t chunk_bytes = std::size_t{256} << 10;  ///< a chunk is this many bytes, cut at a line feed
    unsigned workers = 2;                              ///< threads that parse chunks
};

/// Tallies the ballots file `file` for `setup` (candidate ids `ids`, `expected_rows` its
/// ballots_returned) from its UTF-8 text: `head`, the first bytes read, then the rest of `text`.
/// Returns the counts, with the Merkle root, exactly as BallotReader and BallotCounter would
/// give them; or nothing, when the chunked path does not apply or the file has anything to
/// report, having read `text` up to some point. Rethrows what is not an input error (e.g.
/// std::bad_alloc).
[[nodiscard]] std::optional<BallotCounts> tally_chunked(std::string head, Source& text, const std::string& file,
                                                        const RoundSetup& setup, const std::vector<std::string>& ids,
                                                        Count expected_rows, const ChunkedOptions& options);

}  // namespace piaojue::detail
