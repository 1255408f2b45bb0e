// Quiz generators: answers against independently published numbers, determinism per seed, bad specs,
// typed-answer parsing and grading messages.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include "core/cards/deck.h"
#include "core/quiz/quiz.h"
#include "core/quiz/quiz_test_util.h"

using namespace bw::cards;

namespace {

using testing::Contains;
using testing::Make;

}  // namespace

TEST_CASE("the six generators are listed with descriptions and parameters") {
  std::set<std::string> names;
  for (const GeneratorInfo& g : Generators()) {
    names.insert(g.name);
    CHECK(!g.description.empty());
    CHECK(!g.params.empty());
    CHECK(FindGenerator(g.name) != nullptr);
  }
  CHECK(names == std::set<std::string>{"bf16_value", "weight_memory", "train_memory_adam", "format_max",
                                       "bits_per_param", "kv_cache"});
  CHECK(FindGenerator("nope") == nullptr);
}

// ---------------------------------------------------------------------------------------------
// Answers against published numbers (sources next to each value; none is our own output).

TEST_CASE("weight_memory: the course example 13B x 2 bytes = 26 GB") {
  // 13e9 parameters × 2 bytes (BF16) = 26e9 bytes: EleutherAI "Transformer Math 101" weight formula.
  QuizQuestion q = Make("weight_memory?params=13e9&dtype=bf16");
  CHECK(q.answer == 26e9);
  CHECK(q.unit == "bytes");
  CHECK(Make("weight_memory?params=7e9&dtype=fp32").answer == 28e9);   // 4 bytes per FP32 parameter
  CHECK(Make("weight_memory?params=7e9&dtype=int4").answer == 3.5e9);  // half a byte per 4-bit parameter
}

TEST_CASE("format_max: largest finite values from the specifications") {
  // IEEE 754 binary32/binary16; BF16 and TF32 as listed for ml_dtypes' numeric_limits; FP8 from
  // Micikevicius et al. arXiv:2209.05433 Table 1 (OCP OFP8); FP6/FP4 from OCP MX v1.0 §5.3.
  struct Row {
    const char* format;
    double max;
    double rel;
  } rows[] = {
      {"fp32", 3.40282347e38, 1e-8},
      {"tf32", 3.40116213e38, 1e-8},
      {"bf16", 3.38953139e38, 1e-8},
      {"fp16", 65504, 0},
      {"fp8_e4m3", 448, 0},
      {"fp8_e5m2", 57344, 0},
      {"fp6_e3m2", 28, 0},
      {"fp6_e2m3", 7.5, 0},
      {"fp4_e2m1", 6, 0},
      {"int8", 127, 0},
  };
  for (const Row& r : rows) {
    std::string format = r.format;
    CAPTURE(format);
    QuizQuestion q = Make("format_max?format=" + format);
    if (r.rel == 0)
      CHECK(q.answer == r.max);  // exact binary values
    else
      CHECK(q.answer == doctest::Approx(r.max).epsilon(r.rel));
    CHECK(!q.solution.empty());
  }
  // The E4M3 solution explains why its top exponent holds numbers.
  CHECK(Contains(Make("format_max?format=fp8_e4m3").solution, "NaN"));
}

TEST_CASE("kv_cache: Llama-2-7B, FP16, 4096 tokens = 2,147,483,648 bytes") {
  // NVIDIA, "Mastering LLM Techniques: Inference Optimization" (2023): 2 GB for Llama-2-7B at 4096 tokens.
  QuizQuestion q = Make("kv_cache?preset=llama-2-7b&seq_len=4096&dtype=fp16");
  CHECK(q.answer == 2147483648.0);
  CHECK(Contains(q.params, "batch=1"));
}

TEST_CASE("bits_per_param: published storage costs of block schemes") {
  // QLoRA (arXiv:2305.14314) §3: NF4 with FP32 absmax per 64 → 4.5; double quantization 8/64 + 32/(64·256) more.
  CHECK(Make("bits_per_param?scheme=nf4&block=64").answer == doctest::Approx(4.5).epsilon(1e-12));
  CHECK(Make("bits_per_param?scheme=nf4&block=64&double_quant=true").answer ==
        doctest::Approx(4 + 8.0 / 64 + 32.0 / (64 * 256)).epsilon(1e-12));
  // OCP MX v1.0: 32 elements share one 8-bit E8M0 scale → MXFP4 4.25.
  CHECK(Make("bits_per_param?scheme=mxfp4").answer == doctest::Approx(4.25).epsilon(1e-12));
  // llama.cpp ggml-common.h: block_q4_0 = FP16 d + 16 bytes per 32 weights (4.5), block_q8_0 = FP16 d + 32 bytes (8.5).
  CHECK(Make("bits_per_param?scheme=int4_sym&block=32&scale=fp16").answer == doctest::Approx(4.5).epsilon(1e-12));
  CHECK(Make("bits_per_param?scheme=int8_sym&block=32&scale=fp16").answer == doctest::Approx(8.5).epsilon(1e-12));
}

TEST_CASE("train_memory_adam: the ZeRO paper's 7.5B model needs 120 GB of model states") {
  // Rajbhandari et al., arXiv:1910.02054, Figure 1: Ψ = 7.5B, K = 12 → (2 + 2 + K)Ψ = 120 GB.
  QuizQuestion q = Make("train_memory_adam?params=7.5e9");
  CHECK(q.answer == doctest::Approx(120e9).epsilon(1e-12));
  // Hugging Face "Model training anatomy": 18 bytes per parameter with FP32 gradients.
  CHECK(Make("train_memory_adam?params=1e9&mixed_bytes=18").answer == doctest::Approx(18e9).epsilon(1e-12));
}

TEST_CASE("bf16_value: stored values agree with independent converters") {
  // 0.1 → BF16 0x3dcd = 0.10009765625 (bits from IEEE/bfloat16 definition; value checked with Python
  // fractions, exact rational round-to-nearest-even).
  CHECK(Make("bf16_value?value=0.1&format=bf16").answer == 0.10009765625);
  // FP16 values from @petamoriken/float16 3.9.3 (npm): new Float16Array([0.0123456789, 1234.56789, 0.1]).
  CHECK(Make("bf16_value?value=0.0123456789&format=fp16").answer == 0.0123443603515625);
  CHECK(Make("bf16_value?value=1234.56789&format=fp16").answer == 1235);
  CHECK(Make("bf16_value?value=0.1&format=fp16").answer == 0.0999755859375);
  // BF16 by exact rational rounding (Python fractions, 7 mantissa bits, RNE): 0.0123291015625, 1232.
  CHECK(Make("bf16_value?value=0.0123456789&format=bf16").answer == 0.0123291015625);
  CHECK(Make("bf16_value?value=1234.56789&format=bf16").answer == 1232);
  // OCP FP8 E4M3: 0.1 → 0.1015625 (13/128), by the same exact rounding.
  CHECK(Make("bf16_value?value=0.1&format=fp8_e4m3").answer == 0.1015625);
}

// ---------------------------------------------------------------------------------------------
// Determinism and parameters.

TEST_CASE("same generator and seed give the same question; the resolved params reproduce it") {
  for (const GeneratorInfo& g : Generators()) {
    std::set<std::string> questions;
    for (uint64_t seed = 1; seed <= 12; ++seed) {
      CAPTURE(g.name);
      CAPTURE(seed);
      QuizMake a = MakeQuiz(g.name, seed), b = MakeQuiz(g.name, seed);
      INFO(a.error);
      REQUIRE(a.ok);
      REQUIRE(b.ok);
      CHECK(a.question.question == b.question.question);
      CHECK(a.question.answer == b.question.answer);
      CHECK(a.question.solution == b.question.solution);
      CHECK(a.question.params == b.question.params);
      CHECK(std::isfinite(a.question.answer));
      CHECK(a.question.tolerance.value > 0);
      // Every random choice is written into params: replaying them with another seed changes nothing.
      QuizMake replay = MakeQuiz(g.name + "?" + a.question.params, seed + 1000);
      INFO(replay.error);
      REQUIRE(replay.ok);
      CHECK(replay.question.answer == a.question.answer);
      CHECK(replay.question.question == a.question.question);
      // The answer typed back in full is graded correct.
      char typed[48];
      std::snprintf(typed, sizeof typed, "%.17g", a.question.answer);
      CHECK(Grade(a.question, typed).correct);
      questions.insert(a.question.question);
    }
    CAPTURE(g.name);
    CHECK(questions.size() >= 3);  // seeds really vary the questions
  }
}

TEST_CASE("random values suit every value format: inside its range and changed by rounding") {
  for (const char* format :
       {"fp32", "tf32", "bf16", "fp16", "fp8_e4m3", "fp8_e5m2", "fp6_e3m2", "fp6_e2m3", "fp4_e2m1"}) {
    for (uint64_t seed = 1; seed <= 10; ++seed) {
      std::string spec = std::string("bf16_value?format=") + format;
      CAPTURE(spec);
      CAPTURE(seed);
      QuizMake m = MakeQuiz(spec, seed);
      INFO(m.error);
      REQUIRE(m.ok);
      double input = std::strtod(m.question.params.substr(m.question.params.find("value=") + 6).c_str(), nullptr);
      CHECK(m.question.answer != input);                                      // storing really changes it
      CHECK(std::fabs(m.question.answer - input) < std::fabs(input) * 0.25);  // no clipping to the maximum
    }
  }
}

TEST_CASE("bad quiz specs give clear errors") {
  struct Row {
    const char* spec;
    const char* fragment;
  } rows[] = {
      {"", "empty quiz spec"},
      {"nope", "unknown generator 'nope'"},
      {"bf16_value?format=bf17", "bf17"},
      {"bf16_value?value=abc", "value"},
      {"bf16_value?value=70000&format=fp16", "overflows fp16"},
      {"bf16_value?value=1&colour=red", "unknown key 'colour' for generator"},
      {"weight_memory?params=-5", "params"},
      {"weight_memory?params=7e9&dtype=fp12", "dtype"},
      {"kv_cache?preset=llama-9", "preset"},
      {"kv_cache?preset=bert-base-uncased", "encoder"},
      {"kv_cache?preset=llama-2-7b&seq_len=0", "seq_len"},
      {"bits_per_param?scheme=nf5", "scheme"},
      {"bits_per_param?scheme=nf4&block=1000", "block"},
      {"format_max?format=e3m4b5_fn", "built-in"},
      {"format_max?format=fp64", "other than fp64"},
      {"train_memory_adam?params=7e9&mixed_bytes=17", "mixed_bytes"},
      {"bf16_value?value=%zz", "quiz spec"},
  };
  for (const Row& r : rows) {
    std::string spec = r.spec;
    CAPTURE(spec);
    QuizMake m = MakeQuiz(r.spec, 1);
    CHECK_FALSE(m.ok);
    CHECK_MESSAGE(Contains(m.error, r.fragment), m.error);
  }
}

// ---------------------------------------------------------------------------------------------
// Typed answers and grading.

TEST_CASE("typed numbers: every accepted form of the same value") {
  struct Row {
    const char* text;
    double value;
    const char* unit;
  } rows[] = {
      {"26 GB", 26, "GB"},
      {"26GB", 26, "GB"},
      {"2.6e10", 2.6e10, ""},
      {"26e9", 26e9, ""},
      {"26 x 10^9", 26e9, ""},
      {"26 \xC3\x97 10^9 bytes", 26e9, "bytes"},
      {"2^31", 2147483648.0, ""},
      {"2,147,483,648", 2147483648.0, ""},
      {"0.01232", 0.01232, ""},
      {"  .5  ", 0.5, ""},
      {"\xE2\x88\x92"
       "2.5",
       -2.5, ""},
      {"4.5 bits", 4.5, "bits"},
      {"26_000_000_000", 26e9, ""},
      {"1.5*2^10", 1536, ""},
  };
  for (const Row& r : rows) {
    std::string text = r.text;
    CAPTURE(text);
    TypedNumber t = ParseTypedNumber(r.text);
    INFO(t.error);
    REQUIRE(t.ok);
    CHECK(t.value == doctest::Approx(r.value).epsilon(1e-15));
    CHECK(t.unit == r.unit);
  }
}

TEST_CASE("typed numbers: bad input is reported, not graded") {
  struct Row {
    const char* text;
    const char* fragment;
  } rows[] = {
      {"", "nothing typed"},        {"   ", "nothing typed"}, {"abc", "not a number"}, {"0,0123", "dot"},
      {"1,23,456", "three digits"}, {"2 x 3", "10^k"},        {"2^", "exponent"},      {"1e999", "finite"},
  };
  for (const Row& r : rows) {
    std::string text = r.text;
    CAPTURE(text);
    TypedNumber t = ParseTypedNumber(r.text);
    CHECK_FALSE(t.ok);
    CHECK_MESSAGE(Contains(t.error, r.fragment), t.error);
  }
}

TEST_CASE("grading a memory answer: units, tolerance and hints") {
  QuizQuestion q = Make("weight_memory?params=13e9&dtype=bf16");  // 26e9 bytes, 1%
  CHECK(q.tolerance.kind == ToleranceKind::kRelative);
  CHECK(q.tolerance.value == 0.01);
  for (const char* ok :
       {"26 GB", "26GB", "2.6e10", "26e9", "26 x 10^9", "26,000,000,000", "24.21 GiB", "26.2 gb", "0.026 TB"}) {
    std::string typed = ok;
    CAPTURE(typed);
    GradeResult g = Grade(q, ok);
    CHECK(g.parsed);
    CHECK(g.correct);
    CHECK(Contains(g.message, "Correct"));
  }
  GradeResult bare = Grade(q, "26");
  CHECK(bare.parsed);
  CHECK_FALSE(bare.correct);
  CHECK(Contains(bare.message, "did you mean 26 GB"));
  GradeResult gib = Grade(q, "26 GiB");
  CHECK_FALSE(gib.correct);
  CHECK(gib.misconception == "gb_as_gib");
  CHECK(Contains(gib.message, "number of GB (10^9 bytes) written as GiB"));
  GradeResult off = Grade(q, "27 GB");  // 3.8% off: outside 1%
  CHECK_FALSE(off.correct);
  CHECK(off.relative_error == doctest::Approx(1.0 / 26).epsilon(1e-9));
  CHECK(Contains(off.message, "within 1% of the answer"));
  GradeResult bits = Grade(q, "208e9");  // 13e9 × 16 bits
  CHECK(Contains(bits.message, "bits, not bytes"));
  GradeResult unit = Grade(q, "26 furlongs");
  CHECK_FALSE(unit.parsed);
  CHECK(Contains(unit.message, "not a memory unit"));
  GradeResult junk = Grade(q, "lots");
  CHECK_FALSE(junk.parsed);
  CHECK(Contains(junk.message, "not a number"));
}

TEST_CASE("grading a stored value: the rounded value passes, the input does not") {
  QuizQuestion q = Make("bf16_value?value=0.0123456789&format=bf16");  // 0.0123291015625
  CHECK(q.tolerance.kind == ToleranceKind::kAbsolute);
  CHECK(Grade(q, "0.0123291015625").correct);
  CHECK(Grade(q, "0.012329").correct);
  CHECK(Grade(q, "0.01233").correct);
  // Cut to 4 digits it is too close to the misconception 0.01234 to tell apart: asked for more digits.
  GradeResult cut4 = Grade(q, "0.01232");
  CHECK_FALSE(cut4.correct);
  CHECK(cut4.too_few_digits);
  CHECK(Contains(cut4.message, "at least 5 significant digits"));
  GradeResult input = Grade(q, "0.0123456789");
  CHECK(input.parsed);
  CHECK_FALSE(input.correct);
  CHECK(Contains(input.message, "input itself"));
  CHECK(Grade(q, "0.0123901").correct == false);  // the next BF16 value up
  CHECK_FALSE(Grade(q, "0.0123 GB").parsed);      // no unit for a plain value
  QuizQuestion tenth = Make("bf16_value?value=0.1&format=bf16");
  CHECK(Grade(tenth, "0.1001").correct);
  CHECK_FALSE(Grade(tenth, "0.1").correct);
  CHECK(Contains(tenth.solution, "0x3dcd"));
}

TEST_CASE("grading explains the classic mistakes") {
  // Llama-2-70B caches 8 KV heads, not 64 query heads: 10 GiB would be eight times too much.
  QuizQuestion kv = Make("kv_cache?preset=llama-2-70b&seq_len=4096&dtype=fp16");
  CHECK(kv.answer == 1342177280.0);  // 2 × 80 × 8 × 128 × 4096 × 2 (Llama-2-70B config.json shapes)
  GradeResult g = Grade(kv, "10 GiB");
  CHECK_FALSE(g.correct);
  CHECK(Contains(g.message, "key/value heads"));
  CHECK(Grade(kv, "1.25 GiB").correct);
  // 18 bytes per parameter is another convention, named as such.
  QuizQuestion tm = Make("train_memory_adam?params=7e9");
  CHECK(tm.answer == doctest::Approx(112e9).epsilon(1e-12));
  GradeResult g18 = Grade(tm, "126 GB");
  CHECK_FALSE(g18.correct);
  CHECK(Contains(g18.message, "18-bytes-per-parameter"));
  // The maximum of E4M3 is not the IEEE-style 240.
  QuizQuestion e4 = Make("format_max?format=fp8_e4m3");
  CHECK(Contains(Grade(e4, "240").message, "IEEE"));
  CHECK(Grade(e4, "448").correct);
  // BF16 is not FP32's maximum (4 significant digits tell them apart).
  QuizQuestion bf = Make("format_max?format=bf16");
  CHECK(Grade(bf, "3.390e38").correct);
  GradeResult fp32max = Grade(bf, "3.403e38");
  CHECK_FALSE(fp32max.correct);
  CHECK(Contains(fp32max.message, "FP32"));
  // Scales cost bits.
  QuizQuestion nf4 = Make("bits_per_param?scheme=nf4&block=64");
  CHECK(Grade(nf4, "4.5 bits").correct);
  CHECK(Contains(Grade(nf4, "4").message, "only the codes"));
}

TEST_CASE("tolerances are stated in words") {
  CHECK(DescribeTolerance({ToleranceKind::kRelative, 0.01}, "bytes") == "within 1% of the answer");
  CHECK(DescribeTolerance({ToleranceKind::kAbsolute, 0.001}, "bits per parameter") ==
        "within ±0.001 bits per parameter");
  CHECK(std::string(ToleranceKindName(ToleranceKind::kAbsolute)) == "absolute");
}

TEST_CASE("deck quiz: lines are checked through the quiz library (what deck lint and the app do)") {
  const char* text =
      "#### A\nquiz: no_such_generator?x=1\n:p q\n??x\na\nx??\n---\n"
      "#### B\nquiz: bf16_value?value=0.1\n:p q\n??x\na\nx??\n";
  Deck d = ParseDeck(text, "m.md", CheckQuizLine);
  REQUIRE(d.cards.size() == 2);
  CHECK(d.cards[0].quiz.empty());
  CHECK(d.cards[1].quiz == "bf16_value?value=0.1");
  REQUIRE(d.diagnostics.size() == 1);
  CHECK(d.diagnostics[0].line == 2);
  CHECK(d.diagnostics[0].severity == Severity::kError);
  CHECK(Contains(d.diagnostics[0].message, "invalid quiz line: unknown generator 'no_such_generator'"));
  CHECK(CheckQuizLine("bf16_value?value=0.1").empty());
  CHECK_FALSE(CheckQuizLine("kv_cache?preset=nope").empty());
}
