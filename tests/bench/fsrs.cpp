// Benchmark: 100,000 FSRS-6 reviews (1,000 cards × 100 reviews, each at the card's due time, ratings
// from a fixed LCG) through bw::cards::Fsrs::Next, default parameters. The ts-fsrs peer in
// tests/bench/report.mjs replays the same sequence. Prints one JSON line (best of 5):
//   {"bench": "fsrs", "reviews": 100000, "seconds": ..., "checksum": ...}
//   build/<dir>/bench_fsrs [cards]
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "core/cards/fsrs.h"

using namespace bw::cards;

int main(int argc, char** argv) {
  const int cards = argc > 1 ? std::atoi(argv[1]) : 1000;
  const int reviews_per_card = 100;
  const Fsrs fsrs;
  double best = 1e30;
  int64_t checksum = 0;
  for (int rep = 0; rep < 5; ++rep) {
    uint32_t s = 12345;
    int64_t sum = 0;
    auto t0 = std::chrono::steady_clock::now();
    for (int c = 0; c < cards; ++c) {
      const int64_t start = 1700000000000LL;
      SchedCard card = NewSchedCard(start);
      int64_t now = start;
      for (int r = 0; r < reviews_per_card; ++r) {
        s = s * 1103515245u + 12345u;
        const int k = static_cast<int>((s >> 16) % 10);  // again 10%, hard 10%, good 70%, easy 10%
        const Rating g = k == 0 ? Rating::kAgain : k == 1 ? Rating::kHard : k == 9 ? Rating::kEasy : Rating::kGood;
        card = fsrs.Next(card, now, g);
        now = card.due_ms;
      }
      sum += card.due_ms / 1000;
    }
    double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (sec < best) best = sec;
    checksum = sum;
  }
  std::printf("{\"bench\": \"fsrs\", \"reviews\": %d, \"seconds\": %.6f, \"checksum\": %lld}\n",
              cards * reviews_per_card, best, static_cast<long long>(checksum));
  return 0;
}
