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
double TanhT(double x) { return std::is_same<T, float>::value ? TanhF(x) : Tanh(x); }
template <class T>
double SigmoidT(double x) { return std::is_same<T, float>::value ? SigmoidF(x) : Sigmoid(x); }

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
          dz[o] = static_cast<T>(scale * 2.0 * (static_cast<double>(z[o]) - static_cast<double>(t[o])) / (double(B) * O));
        break;
      case Loss::kBce:
        for (int o = 0; o < O; ++o)
          dz[o] = static_cast<T>(scale * (Sigmoid(static_cast<double>(z[o])) - static_cast<double>(t[o])) / (double(B) * O));
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
