// Quizzes refuse the misconceptions their cards correct: for every generator, over many seeds,
// every declared wrong answer is graded wrong and named, while the right answer typed to the stated
// number of significant digits (rounded or cut) is accepted. The named cases check the wrong
// answers themselves from outside our code: exact arithmetic, the specifications, published configs.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "core/quiz/quiz.h"
#include "core/quiz/quiz_test_util.h"

using namespace bw::cards;

namespace {

using testing::Contains;
using testing::Make;

std::string Digits(double v, int d, bool cut) {
  char buf[96];
  if (!cut) {
    std::snprintf(buf, sizeof buf, "%.*e", d - 1, v);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.40e", v);
  std::string s = buf;
  size_t e = s.find('e');
  size_t keep = (s[0] == '-' ? 1 : 0) + 1 + (d > 1 ? static_cast<size_t>(d) : 0);
  return s.substr(0, std::min(keep, e)) + s.substr(e);
}

std::string Exact(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

TEST_CASE("every generator rejects and names each of its misconceptions, over 300 seeds") {
  for (const GeneratorInfo& g : Generators()) {
    int traps_seen = 0;
    for (uint64_t seed = 0; seed < 300; ++seed) {
      QuizMake m = MakeQuiz(g.name, seed);
      INFO(g.name << " seed " << seed << ": " << m.error);
      REQUIRE(m.ok);
      const QuizQuestion& q = m.question;
      CAPTURE(q.question);
      CHECK(q.tolerance.value > 0);
      REQUIRE(q.answer_digits >= 1);
      CHECK(q.answer_digits <= 9);
      // The right answer, exactly and to the stated digits (rounded and cut), is accepted.
      CHECK(Grade(q, Exact(q.answer)).correct);
      for (bool cut : {false, true}) {
        std::string typed = Digits(q.answer, q.answer_digits, cut);
        CAPTURE(typed);
        CHECK(Grade(q, typed).correct);
      }
      for (const QuizTrap& t : q.traps) {
        CAPTURE(t.id);
        CAPTURE(t.value);
        CHECK(!t.id.empty());
        CHECK(TrapDistance(q, t) >= 1.5 * (1 - 1e-9));
        GradeResult r = Grade(q, Exact(t.value));
        CHECK(r.parsed);
        CHECK_FALSE(r.correct);
        CHECK(!r.misconception.empty());
        // Named: this trap, or one the typed digits cannot tell from it (both lie within the tolerance).
        bool named = false;
        for (const QuizTrap& u : q.traps)
          named =
              named ||
              (u.id == r.misconception && Contains(r.message, u.explanation) &&
               (u.value == t.value ||
                std::fabs(u.value - t.value) <=
                    2 * q.tolerance.value * (q.tolerance.kind == ToleranceKind::kRelative ? std::fabs(t.value) : 1.0)));
        CHECK(named);
        ++traps_seen;
      }
    }
    CAPTURE(g.name);
    CHECK(traps_seen >= 300);  // at least one misconception per question on average
  }
}

TEST_CASE("bf16_value: 0.01234 for 0.0123456789 is the misconception, and the solution brackets the input") {
  QuizQuestion q = Make("bf16_value?value=0.0123456789&format=bf16");
  // BF16 around 0.0123456789 (exponent 2^-7, 7 mantissa bits, spacing 2^-14 = 6.103515625e-05):
  // 101·2^-13 = 0.0123291015625 < x < 0.01239013671875 = 203·2^-14; x − lower = 1.6577e-05 is nearer.
  CHECK(q.answer == 0.0123291015625);
  GradeResult cut = Grade(q, "0.01234");
  CHECK_FALSE(cut.correct);
  CHECK(cut.misconception == "input_digits");
  CHECK(Contains(cut.message, "input cut to 4 digits"));
  CHECK(Contains(q.solution, "0.0123291015625 < 0.0123456789 < 0.01239013671875"));
  CHECK_FALSE(Contains(q.solution, "0.01226806640625"));  // the result's lower neighbour is not around the input
  GradeResult other = Grade(q, "0.01239013671875");
  CHECK(other.misconception == "other_neighbour");
  // 0.1 in BF16: 0.099609375 < 0.1 < 0.10009765625 (0x3dcc, 0x3dcd); 0.1 itself is rejected.
  QuizQuestion tenth = Make("bf16_value?value=0.1&format=bf16");
  CHECK(Contains(tenth.solution, "0.099609375 < 0.1 < 0.10009765625"));
  CHECK(Grade(tenth, "0.1").misconception == "input");
  CHECK(Grade(tenth, "0.099609375").misconception == "other_neighbour");
  // FP16 of 1234.56789: spacing 1 in [1024, 2048): 1234 < x < 1235, stored 1235 (nearer by 0.432).
  QuizQuestion h = Make("bf16_value?value=1234.56789&format=fp16");
  CHECK(h.answer == 1235);
  CHECK(Contains(h.solution, "1234 < 1234.56789 < 1235"));
  CHECK(Grade(h, "1234").misconception == "other_neighbour");
  CHECK(Grade(h, "1235").correct);
}

TEST_CASE("format_max: FP32 rejects 2^128; the maximum typed as C's FLT_MAX passes") {
  QuizQuestion q = Make("format_max?format=fp32");
  // (2 − 2^-23)·2^127 = 340282346638528859811704183484516925440; 2^128 is 2^104 above it.
  CHECK(q.answer == std::ldexp(2 - std::ldexp(1, -23), 127));
  GradeResult p128 = Grade(q, "2^128");
  CHECK_FALSE(p128.correct);
  CHECK(p128.misconception == "next_power_of_two");
  CHECK(Grade(q, "340282346638528859811704183484516925440").correct);
  CHECK(Grade(q, "3.40282347e38").correct);  // FLT_MAX as <float.h> prints it (9 digits)
  CHECK(Grade(q, "3.4028235e38").correct);
  // E4M3: 448; 480 is the NaN code's magnitude, 464 the rounding threshold, 240 the IEEE-style maximum.
  QuizQuestion e4 = Make("format_max?format=fp8_e4m3");
  CHECK(Grade(e4, "480").misconception == "nan_code");
  CHECK(Grade(e4, "464").misconception == "overflow_threshold");
  CHECK(Grade(e4, "240").misconception == "ieee_reserved");
  CHECK(Grade(Make("format_max?format=int8"), "128").misconception == "power_of_two");
  CHECK(Grade(Make("format_max?format=fp16"), "65520").misconception == "overflow_threshold");
}

TEST_CASE("kv_cache: MHA named for Llama-2-7B, GQA with its group size for Llama-2-70B, per-tensor FP8") {
  // Llama-2-7B config.json: num_attention_heads 32, no num_key_value_heads (= 32): plain MHA.
  QuizQuestion mha = Make("kv_cache?preset=llama-2-7b&seq_len=4096&dtype=fp16");
  CHECK(Contains(mha.solution, "ulti-head attention (MHA)"));
  CHECK_FALSE(Contains(mha.solution, "rouped-query"));
  CHECK(Grade(mha, "1 GiB").misconception == "no_factor_2");  // 2^31 / 2
  // Llama-2-70B: 64 query heads, 8 KV heads → groups of 8.
  QuizQuestion gqa = Make("kv_cache?preset=llama-2-70b&seq_len=4096&dtype=fp16");
  CHECK(Contains(gqa.solution,
                 "rouped-query attention (GQA): 8 key/value heads, each shared by a group of 8 of the 64 query heads"));
  // Per-tensor FP8: 2·32·32·128·4096 elements × 1 byte + 2·32 FP32 scales = 1,073,741,824 + 256 bytes.
  QuizQuestion fp8 = Make("kv_cache?preset=llama-2-7b&seq_len=4096&dtype=fp8_e4m3");
  CHECK(fp8.answer == 1073741824.0 + 256);
  CHECK(Contains(fp8.solution, "one FP32 scale per tensor"));
  CHECK(Grade(fp8, "1073741824").correct);
  // One FP32 scale per 128 values (per-block) adds 4/128 byte per element: 1,107,296,256 bytes.
  GradeResult blk = Grade(fp8, "1107296256");
  CHECK_FALSE(blk.correct);
  CHECK(blk.misconception == "per_block_scales");
}

TEST_CASE("memory answers: GB read as GiB, bits for bytes, no master copy") {
  QuizQuestion w = Make("weight_memory?params=7e9&dtype=bf16");  // 14e9 bytes
  CHECK(Grade(w, "14 GiB").misconception == "gb_as_gib");
  CHECK(Grade(w, "13.04 GB").misconception == "gib_as_gb");  // 14e9 / 2^30 = 13.04
  CHECK(Grade(w, "112 GB").misconception == "bits_not_bytes");
  CHECK(Grade(w, "28 GB").misconception == "fp32_bytes");
  QuizQuestion t = Make("train_memory_adam?params=7e9");       // 16 B/param = 112e9
  CHECK(Grade(t, "84 GB").misconception == "no_master");       // 12 B/param
  CHECK(Grade(t, "56 GB").misconception == "no_adam_states");  // 8 B/param
  CHECK(Grade(t, "14 GB").misconception == "weights_only");
}

TEST_CASE("bits_per_param: NVFP4 counts its tensor scale, NF4 double quantization its second level") {
  QuizQuestion nv = Make("bits_per_param?scheme=nvfp4");
  CHECK(nv.answer == 4.5 + 32.0 / 4096);  // Transformer Engine: 4 + 8/16 + 32/n, n = 4096
  CHECK(Grade(nv, "4.5").misconception == "no_tensor_scale");
  CHECK(Grade(nv, "4.25").misconception == "mxfp4_layout");
  CHECK(Grade(nv, "4.508").correct);
  QuizQuestion dq = Make("bits_per_param?scheme=nf4&block=64&double_quant=true");
  CHECK(dq.answer == 4 + 8.0 / 64 + 32.0 / (64 * 256));  // QLoRA §3
  CHECK(Grade(dq, "4.125").misconception == "no_second_level");
  CHECK(Grade(dq, "4.127").correct);
}

// Fuzz finding (./build.sh fuzz 300, target quiz): a value far below BF16's smallest subnormal
// (2^-133 ≈ 9.2e-41) is stored as 0, and typing the value unchanged — the misconception "BF16 keeps it"
// — was accepted, because grading allowed an absolute slack of 1e-300 around the answer 0.
TEST_CASE("bf16_value of a value that underflows to 0: only 0 is right, the unchanged value is the trap") {
  const std::string value = "0." + std::string(300, '0') + "12297829382473034352";  // 1.2297829382473034352e-301
  QuizQuestion q = Make("bf16_value?value=" + value);
  CHECK(q.answer == 0.0);
  CHECK(Grade(q, "0").correct);
  CHECK_FALSE(Grade(q, "1.2297829382473035e-301").correct);
  CHECK_FALSE(Grade(q, "1e-301").correct);
}
