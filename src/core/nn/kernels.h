// bw::nn kernels — the forward and backward pass of every layer, written out (llm.c style).
//
//   LinearForward(out, inp, w, bias, B, I, O);            LinearBackward(dinp, dw, dbias, dout, inp, w, B, I, O);
//   ActivationForward(out, inp, N, act);                  ActivationBackward(dinp, inp, out, dout, N, act);
//   double l = LossForward(logits, targets, B, O, loss);  LossBackward(dlogits, logits, targets, B, O, loss, scale);
//
// Convention: outputs first, inputs next, sizes last; gradients are named d + thing. Linear backward
// ADDS into dinp/dw/dbias (zero them first; any may be nullptr to skip it, e.g. a frozen layer has no
// dw/dbias and layer 0 needs no dinp). Activation and loss backward OVERWRITE their output (and may run
// in place: dinp == dout). Templates on the scalar type T: float for training, double for the gradient
// checks against central finite differences (tests/core/nn/test_gradcheck.cpp).
//
// Legend: B = batch, I = inputs of a Linear layer, O = outputs, N = element count. Row-major:
// activations [B, features], weights [O, I] (PyTorch's nn.Linear layout), bias [O].
#pragma once

#include <cmath>
#include <type_traits>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

#include "core/nn/nn_math.h"

namespace bw::nn {

enum class Activation { kTanh, kRelu, kSigmoid, kGelu };
enum class Loss { kMse, kBce, kCrossEntropy };

const char* ActivationName(Activation a);  // "tanh", "relu", "sigmoid", "gelu"
const char* LossName(Loss l);              // "mse", "bce", "ce"
bool ParseActivation(const char* name, Activation* out);
bool ParseLoss(const char* name, Loss* out);

// ---------------------------------------------------------------------------------------------
// Linear: out[b,o] = bias[o] + Σ_i inp[b,i]·w[o,i]
// Local derivatives: ∂out[b,o]/∂inp[b,i] = w[o,i];  ∂out[b,o]/∂w[o,i] = inp[b,i];  ∂out[b,o]/∂bias[o] = 1.
template <class T>
void LinearForward(T* out, const T* inp, const T* w, const T* bias, int B, int I, int O) {
  for (int b = 0; b < B; ++b) {
    const T* x = inp + b * I;
    T* y = out + b * O;
    for (int o = 0; o < O; ++o) {
      const T* wrow = w + o * I;
      // Four partial sums in a fixed order (faster, and the same bits on every platform).
      T a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      int i = 0;
      for (; i + 4 <= I; i += 4) {
        a0 += x[i] * wrow[i];
        a1 += x[i + 1] * wrow[i + 1];
        a2 += x[i + 2] * wrow[i + 2];
        a3 += x[i + 3] * wrow[i + 3];
      }
      for (; i < I; ++i) a0 += x[i] * wrow[i];
      y[o] = (bias ? bias[o] : T(0)) + ((a0 + a1) + (a2 + a3));
    }
  }
}

// dinp[b,i] += Σ_o dout[b,o]·w[o,i];  dw[o,i] += Σ_b dout[b,o]·inp[b,i];  dbias[o] += Σ_b dout[b,o]
template <class T>
void LinearBackward(T* dinp, T* dw, T* dbias, const T* dout, const T* inp, const T* w, int B, int I, int O) {
  for (int b = 0; b < B; ++b) {
    const T* g = dout + b * O;
    const T* x = inp + b * I;
    T* dx = dinp ? dinp + b * I : nullptr;
    for (int o = 0; o < O; ++o) {
      T go = g[o];
      if (dbias) dbias[o] += go;
      if (dw) {
        T* dwrow = dw + o * I;
        for (int i = 0; i < I; ++i) dwrow[i] += go * x[i];
      }
      if (dx) {
        const T* wrow = w + o * I;
        for (int i = 0; i < I; ++i) dx[i] += go * wrow[i];
      }
    }
  }
}

#if defined(__wasm_simd128__)
// WebAssembly SIMD (-msimd128) for float, the training type: the same arithmetic as the templates
// above in the same order, so results are bit-identical to the scalar path (native and wasm alike).
// Forward: the four partial sums a0..a3 ARE the four lanes of one f32x4 (lane k sums i ≡ k mod 4),
// added up as (a0 + a1) + (a2 + a3) after the tail. Backward: the i loops are elementwise.
// No fused multiply-add: wasm SIMD (without relaxed-simd) rounds the product and the sum separately.
inline float LinearDot4(v128_t acc, const float* x, const float* wrow, int i, int I) {
  float a0 = wasm_f32x4_extract_lane(acc, 0), a1 = wasm_f32x4_extract_lane(acc, 1);
  float a2 = wasm_f32x4_extract_lane(acc, 2), a3 = wasm_f32x4_extract_lane(acc, 3);
  for (; i < I; ++i) a0 += x[i] * wrow[i];
  return (a0 + a1) + (a2 + a3);
}

inline void LinearForward(float* out, const float* inp, const float* w, const float* bias, int B, int I, int O) {
  const int I4 = I & ~3;
  for (int b = 0; b < B; ++b) {
    const float* x = inp + b * I;
    float* y = out + b * O;
    int o = 0;
    for (; o + 4 <= O; o += 4) {  // four output rows share each load of x
      const float* w0 = w + o * I;
      const float* w1 = w0 + I;
      const float* w2 = w1 + I;
      const float* w3 = w2 + I;
      v128_t s0 = wasm_f32x4_splat(0), s1 = s0, s2 = s0, s3 = s0;
      for (int i = 0; i < I4; i += 4) {
        v128_t xv = wasm_v128_load(x + i);
        s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(xv, wasm_v128_load(w0 + i)));
        s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(xv, wasm_v128_load(w1 + i)));
        s2 = wasm_f32x4_add(s2, wasm_f32x4_mul(xv, wasm_v128_load(w2 + i)));
        s3 = wasm_f32x4_add(s3, wasm_f32x4_mul(xv, wasm_v128_load(w3 + i)));
      }
      y[o] = (bias ? bias[o] : 0.0f) + LinearDot4(s0, x, w0, I4, I);
      y[o + 1] = (bias ? bias[o + 1] : 0.0f) + LinearDot4(s1, x, w1, I4, I);
      y[o + 2] = (bias ? bias[o + 2] : 0.0f) + LinearDot4(s2, x, w2, I4, I);
      y[o + 3] = (bias ? bias[o + 3] : 0.0f) + LinearDot4(s3, x, w3, I4, I);
    }
    for (; o < O; ++o) {
      const float* wrow = w + o * I;
      v128_t s = wasm_f32x4_splat(0);
      for (int i = 0; i < I4; i += 4)
        s = wasm_f32x4_add(s, wasm_f32x4_mul(wasm_v128_load(x + i), wasm_v128_load(wrow + i)));
      y[o] = (bias ? bias[o] : 0.0f) + LinearDot4(s, x, wrow, I4, I);
    }
  }
}

// acc[i] += g·v[i] for i < n (elementwise: the same bits as the scalar loop).
inline void AxpyF32(float* acc, float g, const float* v, int n) {
  const v128_t gv = wasm_f32x4_splat(g);
  int i = 0;
  for (; i + 4 <= n; i += 4)
    wasm_v128_store(acc + i, wasm_f32x4_add(wasm_v128_load(acc + i), wasm_f32x4_mul(gv, wasm_v128_load(v + i))));
  for (; i < n; ++i) acc[i] += g * v[i];
}

inline void LinearBackward(float* dinp, float* dw, float* dbias, const float* dout, const float* inp, const float* w,
                           int B, int I, int O) {
  for (int b = 0; b < B; ++b) {
    const float* g = dout + b * O;
    const float* x = inp + b * I;
    float* dx = dinp ? dinp + b * I : nullptr;
    for (int o = 0; o < O; ++o) {
      const float go = g[o];
      if (dbias) dbias[o] += go;
      if (dw) AxpyF32(dw + o * I, go, x, I);
      if (dx) AxpyF32(dx, go, w + o * I, I);
    }
  }
}
#endif

// ---------------------------------------------------------------------------------------------
// Activations, elementwise, out = f(inp):
//   tanh:    f = tanh z                                   f' = 1 − f²
//   relu:    f = max(0, z)                                f' = 1 if z > 0 (equivalently f > 0), else 0
//   sigmoid: f = 1 / (1 + e^−z)                           f' = f·(1 − f)
//   gelu:    f = ½z(1 + tanh u), u = √(2/π)(z + 0.044715z³)   (GPT-2's tanh approximation)
//            f' = ½(1 + tanh u) + ½z·(1 − tanh²u)·√(2/π)(1 + 3·0.044715z²)
constexpr double kGeluScale = 0.7978845608028654;  // √(2/π)
constexpr double kGeluCubic = 0.044715;

// float training uses the float-accuracy TanhF/SigmoidF (nn_math.h); double (gradient checks) the full ones.
template <class T>
double TanhT(double x) {
  return std::is_same<T, float>::value ? TanhF(x) : Tanh(x);
}
template <class T>
double SigmoidT(double x) {
  return std::is_same<T, float>::value ? SigmoidF(x) : Sigmoid(x);
}

template <class T = double>
double GeluValue(double z) {
  double u = kGeluScale * (z + kGeluCubic * z * z * z);
  return 0.5 * z * (1.0 + TanhT<T>(u));
}
template <class T = double>
double GeluDerivative(double z) {
  double u = kGeluScale * (z + kGeluCubic * z * z * z);
  double t = TanhT<T>(u);
  return 0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * kGeluScale * (1.0 + 3.0 * kGeluCubic * z * z);
}

template <class T>
void ActivationForward(T* out, const T* inp, int N, Activation act) {
  if constexpr (std::is_same<T, float>::value) {
    if (act == Activation::kTanh) return TanhFArray(out, inp, N);  // the training hot path (SIMD on wasm)
  }
  for (int n = 0; n < N; ++n) {
    double z = static_cast<double>(inp[n]);
    double f = 0;
    switch (act) {
      case Activation::kTanh: f = TanhT<T>(z); break;
      case Activation::kRelu: f = z > 0 ? z : 0.0; break;
      case Activation::kSigmoid: f = SigmoidT<T>(z); break;
      case Activation::kGelu: f = GeluValue<T>(z); break;
    }
    out[n] = static_cast<T>(f);
  }
}

// True if the backward pass of `act` needs the input z (else the output f is enough).
inline bool ActivationBackwardNeedsInput(Activation act) { return act == Activation::kGelu; }

// dinp[n] = dout[n]·f'(·). tanh/sigmoid/relu read `out` (inp may be nullptr); gelu reads `inp`.
template <class T>
void ActivationBackward(T* dinp, const T* inp, const T* out, const T* dout, int N, Activation act) {
  for (int n = 0; n < N; ++n) {
    T d = 0;
    switch (act) {
      case Activation::kTanh: d = T(1) - out[n] * out[n]; break;
      case Activation::kRelu: d = out[n] > T(0) ? T(1) : T(0); break;
      case Activation::kSigmoid: d = out[n] * (T(1) - out[n]); break;
      case Activation::kGelu: d = static_cast<T>(GeluDerivative<T>(static_cast<double>(inp[n]))); break;
    }
    dinp[n] = dout[n] * d;
  }
}

// ---------------------------------------------------------------------------------------------
// Losses: mean over the batch. targets: [B, O] values for mse/bce; [B] class indices for ce.
//   mse: L = 1/(B·O) Σ (z − t)²                                  ∂L/∂z = 2(z − t)/(B·O)
//   bce (on logits, sigmoid inside): ℓ = max(z,0) − z·t + log(1 + e^−|z|) = −t·log σ(z) − (1−t)·log(1−σ(z))
//        L = 1/(B·O) Σ ℓ                                          ∂L/∂z = (σ(z) − t)/(B·O)
//   ce (softmax cross-entropy): L = 1/B Σ_b [log Σ_o e^z[b,o] − z[b,t_b]]   ∂L/∂z[b,o] = (softmax(z_b)[o] − [o = t_b])/B
// LossBackward multiplies the gradient by `scale` (dynamic loss scaling; 1 = none).
template <class T>
double SampleLoss(const T* z, const T* t, int O, Loss loss) {
  double sum = 0;
  switch (loss) {
    case Loss::kMse:
      for (int o = 0; o < O; ++o) {
        double d = static_cast<double>(z[o]) - static_cast<double>(t[o]);
        sum += d * d;
      }
      return sum / O;
    case Loss::kBce:
      for (int o = 0; o < O; ++o) {
        double zo = static_cast<double>(z[o]), to = static_cast<double>(t[o]);
        sum += (zo > 0 ? zo : 0.0) - zo * to + Log1p(Exp(-std::fabs(zo)));
      }
      return sum / O;
    case Loss::kCrossEntropy: {
      double mx = static_cast<double>(z[0]);
      for (int o = 1; o < O; ++o) mx = std::fmax(mx, static_cast<double>(z[o]));
      for (int o = 0; o < O; ++o) sum += Exp(static_cast<double>(z[o]) - mx);
      int target = static_cast<int>(t[0]);
      return mx + Log(sum) - static_cast<double>(z[target]);
    }
  }
  return 0;
}

// Stride of one sample's targets: O for mse/bce, 1 (a class index) for ce.
inline int TargetStride(int O, Loss loss) { return loss == Loss::kCrossEntropy ? 1 : O; }

template <class T>
double LossForward(const T* logits, const T* targets, int B, int O, Loss loss) {
  double sum = 0;
  int ts = TargetStride(O, loss);
  for (int b = 0; b < B; ++b) sum += SampleLoss(logits + b * O, targets + b * ts, O, loss);
  return sum / B;
}

template <class T>
void LossBackward(T* dlogits, const T* logits, const T* targets, int B, int O, Loss loss, double scale) {
  int ts = TargetStride(O, loss);
  for (int b = 0; b < B; ++b) {
    const T* z = logits + b * O;
    const T* t = targets + b * ts;
    T* dz = dlogits + b * O;
    switch (loss) {
      case Loss::kMse:
        for (int o = 0; o < O; ++o)
          dz[o] =
              static_cast<T>(scale * 2.0 * (static_cast<double>(z[o]) - static_cast<double>(t[o])) / (double(B) * O));
        break;
      case Loss::kBce:
        for (int o = 0; o < O; ++o)
          dz[o] = static_cast<T>(scale * (Sigmoid(static_cast<double>(z[o])) - static_cast<double>(t[o])) /
                                 (double(B) * O));
        break;
      case Loss::kCrossEntropy: {
        double mx = static_cast<double>(z[0]);
        for (int o = 1; o < O; ++o) mx = std::fmax(mx, static_cast<double>(z[o]));
        double sum = 0;
        for (int o = 0; o < O; ++o) sum += Exp(static_cast<double>(z[o]) - mx);
        int target = static_cast<int>(t[0]);
        for (int o = 0; o < O; ++o) {
          double p = Exp(static_cast<double>(z[o]) - mx) / sum;
          dz[o] = static_cast<T>(scale * (p - (o == target ? 1.0 : 0.0)) / B);
        }
        break;
      }
    }
  }
}

}  // namespace bw::nn
