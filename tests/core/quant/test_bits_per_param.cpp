// Bits per parameter including scale overhead, against published figures.
#include <doctest/doctest.h>

#include <string>

#include "core/quant/quant.h"

using namespace bw::quant;

TEST_CASE("bits per parameter match the published figures") {
  // llama.cpp ggml-common.h: block_q4_0 = ggml_half d + 16 bytes of nibbles per 32 weights = 18 bytes
  // → 18·8/32 = 4.5; block_q8_0 = ggml_half d + 32 int8 = 34 bytes → 8.5.
  CHECK(*BitsPerParam(DefaultConfig("int4_sym")) == doctest::Approx(18.0 * 8 / 32));
  CHECK(*BitsPerParam(DefaultConfig("int8_sym")) == doctest::Approx(34.0 * 8 / 32));
  // OCP MX v1.0 §5: 32 × 4-bit E2M1 + one 8-bit E8M0 → 4.25.
  CHECK(*BitsPerParam(DefaultConfig("mxfp4")) == doctest::Approx(4.25));
  CHECK(*BitsPerParam(DefaultConfig("mxfp8_e4m3")) == doctest::Approx(8.25));
  CHECK(*BitsPerParam(DefaultConfig("mxfp6_e2m3")) == doctest::Approx(6.25));
  // QLoRA (arXiv:2305.14314 §3): NF4 with FP32 absmax per 64 → 4 + 32/64 = 4.5; with double
  // quantization 4 + 8/64 + 32/(64·256) = 4.127 (the paper rounds to 0.127 bits of overhead).
  QuantConfig nf4 = DefaultConfig("nf4");
  CHECK(*BitsPerParam(nf4) == doctest::Approx(4.5));
  nf4.double_quant = true;
  CHECK(*BitsPerParam(nf4) == doctest::Approx(4.127).epsilon(1e-4));
}

TEST_CASE("bits per parameter depends on granularity and scale format") {
  QuantConfig c = DefaultConfig("int8_sym");
  c.granularity = Granularity::kChannel;
  c.scale_format = "fp32";
  CHECK(*BitsPerParam(c, 4096) == doctest::Approx(8 + 32.0 / 4096));
  c.granularity = Granularity::kTensor;
  CHECK(*BitsPerParam(c, 4096, nullptr, 4096) == doctest::Approx(8 + 32.0 / (4096.0 * 4096)));
  c.granularity = Granularity::kBlock;
  c.block = 128;
  c.scale_format = "bf16";
  CHECK(*BitsPerParam(c, 4096) == doctest::Approx(8 + 16.0 / 128));
  // Asymmetric: the zero-point (same width as the codes) is stored next to each scale.
  QuantConfig u = DefaultConfig("uint4_asym");
  CHECK(*BitsPerParam(u) == doctest::Approx(4 + (16.0 + 4) / 32));
}

TEST_CASE("bits per parameter rejects bad configurations with a message") {
  std::string error;
  QuantConfig c = DefaultConfig("int4_sym");
  c.block = 48;
  CHECK_FALSE(BitsPerParam(c, 4096, &error).has_value());
  CHECK(error.find("does not divide") != std::string::npos);
  c.block = 8;
  CHECK_FALSE(BitsPerParam(c, 4096, &error).has_value());
  CHECK(error.find("outside") != std::string::npos);
  QuantConfig bad;
  bad.scheme = "int3";
  CHECK_FALSE(BitsPerParam(bad, 4096, &error).has_value());
  CHECK(error.find("unknown scheme 'int3'") != std::string::npos);
  QuantConfig mx = DefaultConfig("mxfp4");
  mx.scale_format = "fp16";
  CHECK_FALSE(BitsPerParam(mx, 4096, &error).has_value());
  CHECK(error.find("E8M0") != std::string::npos);
  QuantConfig dq = DefaultConfig("int8_sym");
  dq.granularity = Granularity::kTensor;
  dq.double_quant = true;
  CHECK_FALSE(BitsPerParam(dq, 4096, &error).has_value());
  CHECK(error.find("block granularity") != std::string::npos);
  CHECK(SchemeNames().size() == 14);
}
