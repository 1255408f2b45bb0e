// Deterministic elementary functions (see nn_math.h). Constants from fdlibm (Sun Microsystems,
// e_exp.c / e_rem_pio2.c): ln2 and π/2 split into a high part with trailing zero bits (so k·hi is
// exact for small k) and a low correction.
#include "core/nn/nn_math.h"

#include <cmath>
#include <cstring>
#include <limits>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace bw::nn {
namespace {

constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;
constexpr double kPio2Hi = 1.57079632673412561417e+00;   // first 33 bits of π/2
constexpr double kPio2Mid = 6.07710050630396597660e-11;  // next 33 bits
constexpr double kPio2Lo = 2.02226624879595063154e-21;   // the rest
constexpr double kTwoOverPi = 6.36619772367581382433e-01;

// e^r − 1 for |r| ≤ ~0.35 by Taylor series to r^14 (truncation < 1e−18 relative).
double Expm1Poly(double r) {
  double p = 1.0 / 87178291200.0;  // 1/14!
  const double inv_fact[] = {1.0 / 6227020800.0,
                             1.0 / 479001600.0,
                             1.0 / 39916800.0,
                             1.0 / 3628800.0,
                             1.0 / 362880.0,
                             1.0 / 40320.0,
                             1.0 / 5040.0,
                             1.0 / 720.0,
                             1.0 / 120.0,
                             1.0 / 24.0,
                             1.0 / 6.0,
                             1.0 / 2.0,
                             1.0};  // 1/13! ... 1/1!
  for (double c : inv_fact) p = p * r + c;
  return p * r;
}

// sin r and cos r for |r| ≤ π/4 (Taylor to r^17 / r^18: truncation < 1e−19).
double SinPoly(double r) {
  double r2 = r * r;
  double p = 1.0 / 355687428096000.0;  // +1/17!, then alternating signs down to 1
  const double c[] = {-1.0 / 1307674368000.0, 1.0 / 6227020800.0, -1.0 / 39916800.0, 1.0 / 362880.0,
                      -1.0 / 5040.0,          1.0 / 120.0,        -1.0 / 6.0,        1.0};
  for (double k : c) p = p * r2 + k;
  return p * r;
}
double CosPoly(double r) {
  double r2 = r * r;
  double p = -1.0 / 6402373705728000.0;  // −1/18!, then alternating signs down to 1
  const double c[] = {1.0 / 20922789888000.0,
                      -1.0 / 87178291200.0,
                      1.0 / 479001600.0,
                      -1.0 / 3628800.0,
                      1.0 / 40320.0,
                      -1.0 / 720.0,
                      1.0 / 24.0,
                      -1.0 / 2.0,
                      1.0};
  for (double k : c) p = p * r2 + k;
  return p;
}

// floor for |v| < 2^62 without a libm call (baseline x86-64 has no SSE4.1 round): exact.
inline double Floor(double v) {
  double t = static_cast<double>(static_cast<int64_t>(v));
  return t > v ? t - 1.0 : t;
}

// x = k·π/2 + r, |r| ≤ ~π/4.
double ReducePio2(double x, int64_t* k) {
  double kd = Floor(x * kTwoOverPi + 0.5);
  *k = static_cast<int64_t>(kd);
  return ((x - kd * kPio2Hi) - kd * kPio2Mid) - kd * kPio2Lo;
}

}  // namespace

double Exp(double x) {
  if (std::isnan(x)) return x;
  if (x > 709.782712893384) return std::numeric_limits<double>::infinity();
  if (x < -745.1332191019412) return 0.0;
  double k = Floor(x * kInvLn2 + 0.5);
  double r = (x - k * kLn2Hi) - k * kLn2Lo;
  return std::ldexp(1.0 + Expm1Poly(r), static_cast<int>(k));
}

double Expm1(double x) {
  if (std::fabs(x) <= 0.34) return Expm1Poly(x);
  return Exp(x) - 1.0;
}

double Log(double x) {
  if (std::isnan(x) || x < 0) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0) return -std::numeric_limits<double>::infinity();
  if (std::isinf(x)) return x;
  int e = 0;
  double m = std::frexp(x, &e);  // x = m·2^e, m in [0.5, 1)
  if (m < 0.70710678118654752440) {
    m *= 2;
    e -= 1;
  }
  // log m = 2·atanh(s), s = (m−1)/(m+1), |s| ≤ 0.1716: series to s^23 (truncation < 1e−19).
  double s = (m - 1.0) / (m + 1.0);
  double s2 = s * s;
  double p = 1.0 / 23.0;
  for (int n = 21; n >= 1; n -= 2) p = p * s2 + 1.0 / n;
  double ed = static_cast<double>(e);
  return ed * kLn2Hi + (2.0 * s * p + ed * kLn2Lo);
}

double Log1p(double x) {
  if (std::isnan(x) || x < -1) return std::numeric_limits<double>::quiet_NaN();
  if (std::fabs(x) > 0.5) return Log(1.0 + x);
  // log(1+x) = 2·atanh(x/(2+x)), |s| ≤ 1/3: series to s^41 (truncation < 1e−20).
  double s = x / (2.0 + x);
  double s2 = s * s;
  double p = 1.0 / 41.0;
  for (int n = 39; n >= 1; n -= 2) p = p * s2 + 1.0 / n;
  return 2.0 * s * p;
}

double Sin(double x) {
  if (!(std::fabs(x) < 1e15)) return std::numeric_limits<double>::quiet_NaN();  // inf, NaN, or beyond our reduction
  int64_t k = 0;
  double r = ReducePio2(x, &k);
  switch (k & 3) {
    case 0: return SinPoly(r);
    case 1: return CosPoly(r);
    case 2: return -SinPoly(r);
    default: return -CosPoly(r);
  }
}

double Cos(double x) {
  if (!(std::fabs(x) < 1e15)) return std::numeric_limits<double>::quiet_NaN();
  int64_t k = 0;
  double r = ReducePio2(x, &k);
  switch (k & 3) {
    case 0: return CosPoly(r);
    case 1: return -SinPoly(r);
    case 2: return -CosPoly(r);
    default: return SinPoly(r);
  }
}

// ---------------------------------------------------------------------------------------------
// Float-accuracy variants: Taylor to r^8 on |r| ≤ ln2/2 (truncation (0.347)^9/9! ≈ 2e−10 relative)
// and 2^k built from its bit pattern (exact) instead of ldexp.
namespace {
double Expm1PolyF(double r) {
  double p = 1.0 / 40320.0;  // 1/8!
  const double inv_fact[] = {1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 1.0 / 2.0, 1.0};
  for (double c : inv_fact) p = p * r + c;
  return p * r;
}
double Pow2(int k) {  // 2^k for −1022 ≤ k ≤ 1023
  uint64_t bits = static_cast<uint64_t>(k + 1023) << 52;
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}
}  // namespace

double ExpF(double x) {
  if (std::isnan(x)) return x;
  if (x > 700) return std::numeric_limits<double>::infinity();
  if (x < -700) return 0.0;
  double k = Floor(x * kInvLn2 + 0.5);
  double r = (x - k * kLn2Hi) - k * kLn2Lo;
  return (1.0 + Expm1PolyF(r)) * Pow2(static_cast<int>(k));
}

// tanh and sigmoid from an e^x and a small-argument e^x − 1 (the full or the float-accuracy pair).
// saturation: |x| above which tanh rounds to ±1 in the result's precision.
namespace {
template <double (*ExpFn)(double), double (*Expm1SmallFn)(double)>
double TanhWith(double x, double saturation) {
  if (std::isnan(x)) return x;
  double a = std::fabs(x);
  double t;
  if (a > saturation) {
    t = 1.0;
  } else if (a < 0.17) {
    double em = Expm1SmallFn(2 * a);  // tanh a = (e^2a − 1) / (e^2a + 1) without cancellation
    t = em / (em + 2.0);
  } else {
    t = 1.0 - 2.0 / (ExpFn(2 * a) + 1.0);
  }
  return x < 0 ? -t : t;
}

template <double (*ExpFn)(double)>
double SigmoidWith(double x) {
  if (std::isnan(x)) return x;
  if (x >= 0) return 1.0 / (1.0 + ExpFn(-x));
  double e = ExpFn(x);  // avoids e^−x overflow for very negative x
  return e / (1.0 + e);
}
}  // namespace

double Tanh(double x) { return TanhWith<Exp, Expm1Poly>(x, 22); }     // 1 − tanh(22) < 2^−63
double TanhF(double x) { return TanhWith<ExpF, Expm1PolyF>(x, 10); }  // 1 − tanh(10) ≈ 4e−9: 1 in float
double Sigmoid(double x) { return SigmoidWith<Exp>(x); }
double SigmoidF(double x) { return SigmoidWith<ExpF>(x); }

#if defined(__wasm_simd128__)
namespace {
// TanhF on two doubles: every branch computed, then selected; the same operations in the same order
// as the scalar TanhF/ExpF/Expm1PolyF, so each lane has the scalar's bits. Lanes a branch does not
// select may hold garbage (e.g. 2^k for a huge k); float SIMD never traps.
v128_t Expm1PolyF2(v128_t r) {
  v128_t p = wasm_f64x2_splat(1.0 / 40320.0);
  const double inv_fact[] = {1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 1.0 / 2.0, 1.0};
  for (double c : inv_fact) p = wasm_f64x2_add(wasm_f64x2_mul(p, r), wasm_f64x2_splat(c));
  return wasm_f64x2_mul(p, r);
}
v128_t TanhF2(v128_t x) {
  const v128_t one = wasm_f64x2_splat(1.0), two = wasm_f64x2_splat(2.0);
  const v128_t a = wasm_f64x2_abs(x);
  const v128_t a2 = wasm_f64x2_mul(two, a);
  // small |x|: em / (em + 2)
  const v128_t em = Expm1PolyF2(a2);
  const v128_t t_small = wasm_f64x2_div(em, wasm_f64x2_add(em, two));
  // mid: 1 − 2/(ExpF(2a) + 1); ExpF's argument is in [0.34, 20] where it has no special cases.
  // Floor of a non-negative value is its truncation, which f64x2.floor gives exactly.
  const v128_t k =
      wasm_f64x2_floor(wasm_f64x2_add(wasm_f64x2_mul(a2, wasm_f64x2_splat(kInvLn2)), wasm_f64x2_splat(0.5)));
  const v128_t r = wasm_f64x2_sub(wasm_f64x2_sub(a2, wasm_f64x2_mul(k, wasm_f64x2_splat(kLn2Hi))),
                                  wasm_f64x2_mul(k, wasm_f64x2_splat(kLn2Lo)));
  // 2^k from its bit pattern: k + 1.5·2^52 holds k in its low mantissa bits.
  const v128_t magic = wasm_f64x2_splat(6755399441055744.0);
  const v128_t kint = wasm_i64x2_sub(wasm_f64x2_add(k, magic), magic);
  const v128_t pow2 = wasm_i64x2_shl(wasm_i64x2_add(kint, wasm_i64x2_splat(1023)), 52);
  const v128_t e = wasm_f64x2_mul(wasm_f64x2_add(one, Expm1PolyF2(r)), pow2);
  const v128_t t_mid = wasm_f64x2_sub(one, wasm_f64x2_div(two, wasm_f64x2_add(e, one)));
  v128_t t = wasm_v128_bitselect(t_small, t_mid, wasm_f64x2_lt(a, wasm_f64x2_splat(0.17)));
  t = wasm_v128_bitselect(one, t, wasm_f64x2_gt(a, wasm_f64x2_splat(10.0)));
  t = wasm_v128_bitselect(wasm_f64x2_neg(t), t, wasm_f64x2_lt(x, wasm_f64x2_splat(0.0)));
  return wasm_v128_bitselect(x, t, wasm_f64x2_ne(x, x));  // NaN stays NaN
}
}  // namespace

void TanhFArray(float* out, const float* in, int n) {
  int i = 0;
  for (; i + 2 <= n; i += 2) {
    v128_t t = TanhF2(wasm_f64x2_promote_low_f32x4(wasm_v128_load64_zero(in + i)));
    wasm_v128_store64_lane(out + i, wasm_f32x4_demote_f64x2_zero(t), 0);
  }
  for (; i < n; ++i) out[i] = static_cast<float>(TanhF(static_cast<double>(in[i])));
}
#else
void TanhFArray(float* out, const float* in, int n) {
  for (int i = 0; i < n; ++i) out[i] = static_cast<float>(TanhF(static_cast<double>(in[i])));
}
#endif

// ---------------------------------------------------------------------------------------------
Rng::Rng(uint64_t seed) {
  uint64_t z = seed;
  for (uint64_t& s : s_) {  // splitmix64
    z += 0x9e3779b97f4a7c15ull;
    uint64_t t = z;
    t = (t ^ (t >> 30)) * 0xbf58476d1ce4e5b9ull;
    t = (t ^ (t >> 27)) * 0x94d049bb133111ebull;
    s = t ^ (t >> 31);
  }
}

uint64_t Rng::Next() {
  auto rotl = [](uint64_t v, int k) { return (v << k) | (v >> (64 - k)); };
  uint64_t result = rotl(s_[1] * 5, 7) * 9;
  uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double Rng::Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

double Rng::Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }

uint64_t Rng::Below(uint64_t n) {
  if (n <= 1) return 0;
  uint64_t limit = UINT64_MAX - UINT64_MAX % n;  // reject the incomplete top block
  uint64_t v;
  do {
    v = Next();
  } while (v >= limit);
  return v % n;
}

double Rng::Normal() {
  double u1 = Uniform();
  while (u1 <= 0) u1 = Uniform();
  double u2 = Uniform();
  return std::sqrt(-2.0 * Log(u1)) * Cos(2.0 * 3.14159265358979323846 * u2);
}

}  // namespace bw::nn
