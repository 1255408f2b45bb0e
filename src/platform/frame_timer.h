// The app's own CPU time per drawn frame (new frame → panels → render commands issued), as a rolling
// median over the last kWindow frames: state().frame_ms in the JS bridge, panel_frame_ms in the bench.
//   FrameTimer t;  t.Begin(now_ms);  ... draw ...  t.End(now_ms);  double ms = t.MedianMs();
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>

namespace bw::platform {

class FrameTimer {
 public:
  static constexpr size_t kWindow = 31;
  void Begin(double now_ms) { start_ = now_ms; }
  void End(double now_ms) {
    samples_[next_] = now_ms - start_;
    next_ = (next_ + 1) % kWindow;
    if (count_ < kWindow) ++count_;
  }
  double MedianMs() const {  // 0 before the first frame
    if (count_ == 0) return 0;
    std::array<double, kWindow> s = samples_;
    auto mid = s.begin() + static_cast<std::ptrdiff_t>(count_ / 2);
    std::nth_element(s.begin(), mid, s.begin() + static_cast<std::ptrdiff_t>(count_));
    return *mid;
  }
  double LastMs() const { return count_ ? samples_[(next_ + kWindow - 1) % kWindow] : 0; }

 private:
  std::array<double, kWindow> samples_{};
  size_t next_ = 0, count_ = 0;
  double start_ = 0;
};

}  // namespace bw::platform
