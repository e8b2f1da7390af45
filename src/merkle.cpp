#include <piaojue/merkle.hpp>

namespace piaojue {

Digest merkle_leaf_hash(Hasher& hasher, std::string_view leaf) {
    static constexpr char k_leaf_prefix = 0x00;
    hasher.update(&k_leaf_prefix, 1);
    hasher.update(leaf);
    return hasher.finish();
}

Digest MerkleBuilder::node(const Digest& left, const Digest& right) {
    static constexpr char k_node_prefix = 0x01;
    hasher_.update(&k_node_prefix, 1);
    hasher_.update(left.data(), left.size());
    hasher_.update(right.data(), right.size());
    return hasher_.finish();
}

void MerkleBuilder::add_leaf(std::string_view leaf) { add_leaf_hash(merkle_leaf_hash(hasher_, leaf)); }

void MerkleBuilder::add_leaf_hash(const Digest& leaf_hash) {
    stack_.emplace_back(leaf_hash, 1);
    ++size_;
    // Merge equal-sized perfect subtrees: the stack then mirrors the binary digits of size_.
    while (stack_.size() >= 2 && stack_[stack_.size() - 1].second == stack_[stack_.size() - 2].second) {
        auto right = stack_.back();
        stack_.pop_back();
        auto& left = stack_.back();
        left.first = node(left.first, right.first);
        left.second *= 2;
    }
}

Digest MerkleBuilder::root() {
    if (stack_.empty()) return hasher_.finish();  // H("") for the empty tree
    // RFC 6962 splits at the largest power of two below n: exactly the stack's subtrees, folded
    // from the right.
    Digest acc = stack_.back().first;
    for (std::size_t i = stack_.size() - 1; i-- > 0;) acc = node(stack_[i].first, acc);
    return acc;
}

}  // namespace piaojue
