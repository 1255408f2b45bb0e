// Helpers shared by the quiz suites (test_quiz.cpp, test_quiz_misconceptions.cpp).
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "core/quiz/quiz.h"

namespace bw::cards::testing {

inline QuizQuestion Make(const std::string& spec, uint64_t seed = 1) {
  QuizMake m = MakeQuiz(spec, seed);
  INFO(spec << ": " << m.error);
  REQUIRE(m.ok);
  return m.question;
}

inline bool Contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace bw::cards::testing
