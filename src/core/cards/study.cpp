// Study queue and button previews (see study.h).
#include "core/cards/study.h"

#include <algorithm>
#include <unordered_set>

namespace bw::cards {

namespace {
void NoteLater(DeckDue& d, int64_t due_ms) {
  d.due_later++;
  if (d.next_due_ms < 0 || due_ms < d.next_due_ms) d.next_due_ms = due_ms;
}
}  // namespace

StudyQueue BuildStudyQueue(const std::vector<const Deck*>& decks, const Progress& progress, int64_t now_ms) {
  StudyQueue q;
  q.per_deck.resize(decks.size());
  q.new_limit_left = std::max(0, progress.settings.new_cards_per_day - NewCardsIntroducedToday(progress, now_ms));
  int new_left = q.new_limit_left;
  std::vector<QueueItem> learning, review, fresh;
  std::unordered_set<std::string> seen;  // a card in two decks is studied once
  for (size_t di = 0; di < decks.size(); ++di) {
    if (!decks[di]) continue;
    DeckDue& d = q.per_deck[di];
    const std::vector<Card>& cards = decks[di]->cards;
    for (size_t ci = 0; ci < cards.size(); ++ci) {
      d.cards++;
      if (!seen.insert(cards[ci].id).second) continue;
      QueueItem item{static_cast<int>(di), static_cast<int>(ci), cards[ci].id, NewSchedCard(now_ms)};
      auto it = progress.cards.find(cards[ci].id);
      if (it == progress.cards.end() || it->second.state == CardState::kNew) {
        d.new_total++;
        if (new_left > 0) {
          --new_left;
          d.new_available++;
          fresh.push_back(std::move(item));
        }
        continue;
      }
      item.state = it->second;
      if (item.state.due_ms > now_ms) {
        NoteLater(d, item.state.due_ms);
      } else if (item.state.state == CardState::kReview) {
        d.review++;
        review.push_back(std::move(item));
      } else {
        d.learning++;
        learning.push_back(std::move(item));
      }
    }
  }
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
