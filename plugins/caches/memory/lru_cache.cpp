#include "lru_cache.hpp"

namespace memory_cache {

lru_cache::lru_cache(limits budget, clock_fn now) : budget_(budget), now_(std::move(now)) {}

std::optional<std::string> lru_cache::get(std::string_view key) {
    std::lock_guard lock(mutex_);
    auto found = index_.find(key);
    if (found == index_.end()) {
        ++misses_;
        return std::nullopt;
    }
    auto it = found->second;
    if (it->expires && now_() >= *it->expires) {
        remove(it);
        ++misses_;
        return std::nullopt;
    }
    entries_.splice(entries_.begin(), entries_, it);
    ++hits_;
    return it->value;
}

void lru_cache::put(std::string_view key, std::string_view value, std::chrono::seconds ttl) {
    std::lock_guard lock(mutex_);
    if (auto found = index_.find(key); found != index_.end()) remove(found->second);
    entry fresh{std::string(key), std::string(value), std::nullopt};
    if (fresh.bytes() > budget_.max_bytes) return;
    if (ttl.count() == 0) ttl = budget_.default_ttl;
    if (ttl.count() > 0) fresh.expires = now_() + ttl;
    make_room_for(fresh.bytes());
    entries_.push_front(std::move(fresh));
    index_.emplace(entries_.front().key, entries_.begin());
    bytes_ += entries_.front().bytes();
}

bool lru_cache::erase(std::string_view key) {
    std::lock_guard lock(mutex_);
    auto found = index_.find(key);
    if (found == index_.end()) return false;
    remove(found->second);
    return true;
}

evo::cache_stats lru_cache::stats() const {
    std::lock_guard lock(mutex_);
    return {hits_, misses_, index_.size(), bytes_, evictions_};
}

void lru_cache::clear() {
    std::lock_guard lock(mutex_);
    index_.clear();
    entries_.clear();
    bytes_ = 0;
}

std::uint64_t lru_cache::gc() {
    std::lock_guard lock(mutex_);
    const auto now = now_();
    std::uint64_t removed = 0;
    for (auto it = entries_.begin(); it != entries_.end();) {
        auto next = std::next(it);
        if (it->expires && now >= *it->expires) {
            remove(it);
            ++removed;
        }
        it = next;
    }
    return removed;
}

void lru_cache::remove(entry_list::iterator it) {
    bytes_ -= it->bytes();
    index_.erase(it->key);
    entries_.erase(it);
}

void lru_cache::make_room_for(std::uint64_t bytes) {
    while (!entries_.empty() &&
           (bytes_ + bytes > budget_.max_bytes || entries_.size() >= budget_.max_entries)) {
        remove(std::prev(entries_.end()));
        ++evictions_;
    }
}

} // namespace memory_cache
