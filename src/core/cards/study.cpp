// Study queue and button previews (see study.h).
#include "core/cards/study.h"

#include <algorithm>
#include <cstdint>
#include <unordered_set>

namespace bw::cards {

namespace {
void NoteLater(DeckDue& d, int64_t due_ms) {
  d.due_later++;
  if (d.next_due_ms < 0 || due_ms < d.next_due_ms) d.next_due_ms = due_ms;
}
}  // namespace

StudyQueue BuildStudyQueue(const std::vector<const Deck*>& decks, const Progress& progress, int64_t now_ms) {
  std::vector<std::string> keys;
  keys.reserve(decks.size());
  for (const Deck* d : decks) keys.push_back(d ? d->file_name : std::string());
  return BuildStudyQueue(decks, keys, progress, now_ms);
}

StudyQueue BuildStudyQueue(const std::vector<const Deck*>& decks, const std::vector<std::string>& keys,
                           const Progress& progress, int64_t now_ms) {
  StudyQueue q;
  q.per_deck.resize(decks.size());
  const ProgressSettings& st = progress.settings;
  const DailyUsage used = UsageToday(progress, now_ms);
  auto left = [](int limit, int used_n) { return std::max(0, limit - used_n); };
  // The caps across decks (0 = none) bound every deck's own allowance.
  int all_new_left = st.new_cards_all_decks > 0 ? left(st.new_cards_all_decks, used.total.new_cards) : INT32_MAX;
  int all_review_left = st.reviews_all_decks > 0 ? left(st.reviews_all_decks, used.total.reviews) : INT32_MAX;
  std::vector<QueueItem> learning, review, fresh;
  std::unordered_set<std::string> seen;  // a card in two decks is studied once
  for (size_t di = 0; di < decks.size(); ++di) {
    if (!decks[di]) continue;
    DeckDue& d = q.per_deck[di];
    auto it_used = used.per_deck.find(di < keys.size() ? keys[di] : std::string());
    DailyUse deck_used = it_used == used.per_deck.end() ? DailyUse{} : it_used->second;
    int new_left = left(st.new_cards_per_day, deck_used.new_cards);
    int review_left = left(st.reviews_per_day, deck_used.reviews);
    const std::vector<Card>& cards = decks[di]->cards;
    std::vector<QueueItem> deck_review;
    for (size_t ci = 0; ci < cards.size(); ++ci) {
      d.cards++;
      if (!seen.insert(cards[ci].id).second) continue;
      QueueItem item{static_cast<int>(di), static_cast<int>(ci), cards[ci].id, NewSchedCard(now_ms)};
      auto it = progress.cards.find(cards[ci].id);
      if (it == progress.cards.end() || it->second.state == CardState::kNew) {
        d.new_total++;
        if (new_left > 0 && all_new_left > 0) {
          --new_left, --all_new_left;
          d.new_available++;
          fresh.push_back(std::move(item));
        }
        continue;
      }
      item.state = it->second;
      if (item.state.due_ms > now_ms) {
        NoteLater(d, item.state.due_ms);
      } else if (item.state.state == CardState::kReview) {
        d.review_due++;
        deck_review.push_back(std::move(item));
      } else {
        d.learning++;
        learning.push_back(std::move(item));
      }
    }
    // The deck's most overdue reviews first, up to its limit and what the overall cap leaves.
    std::stable_sort(deck_review.begin(), deck_review.end(),
                     [](const QueueItem& a, const QueueItem& b) { return a.state.due_ms < b.state.due_ms; });
    size_t take = std::min<size_t>(deck_review.size(), static_cast<size_t>(std::min(review_left, all_review_left)));
    if (all_review_left != INT32_MAX) all_review_left -= static_cast<int>(take);
    d.review = static_cast<int>(take);
    for (size_t i = 0; i < take; ++i) review.push_back(std::move(deck_review[i]));
  }
  q.new_limit_left = static_cast<int>(fresh.size());
  auto by_due = [](const QueueItem& a, const QueueItem& b) { return a.state.due_ms < b.state.due_ms; };
  std::stable_sort(learning.begin(), learning.end(), by_due);
  std::stable_sort(review.begin(), review.end(), by_due);
  for (auto* part : {&learning, &review, &fresh})
    for (auto& item : *part) q.items.push_back(std::move(item));
  for (const DeckDue& d : q.per_deck) {
    q.total.cards += d.cards;
    q.total.new_total += d.new_total;
    q.total.new_available += d.new_available;
    q.total.learning += d.learning;
    q.total.review += d.review;
    q.total.review_due += d.review_due;
    q.total.due_later += d.due_later;
    if (d.next_due_ms >= 0 && (q.total.next_due_ms < 0 || d.next_due_ms < q.total.next_due_ms))
      q.total.next_due_ms = d.next_due_ms;
  }
  return q;
}

ButtonPreview PreviewButtons(const Fsrs& fsrs, const Progress& progress, const std::string& card_id, int64_t now_ms) {
  ButtonPreview b;
  b.next = fsrs.Preview(CardStateOrNew(progress, card_id, now_ms), now_ms);
  for (size_t i = 0; i < 4; ++i) {
    b.interval_ms[i] = b.next[i].due_ms - now_ms;
    b.labels[i] = FormatInterval(b.interval_ms[i]);
  }
  return b;
}

}  // namespace bw::cards
