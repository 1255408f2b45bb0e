// bw::ParseCount — read a human-written count ("13e9", "7.5e9", "13B", "70b", "125M", "1.5k", "4096").
//
//   std::string error;
//   std::optional<double> n = ParseCount("7B", &error);   // 7e9
//   if (!n) show(error);                                  // "'7 GB' is not a count: ..."
//
// Grammar: digits [ '.' digits ] [ ('e'|'E') ['+'|'-'] digits ] [ suffix ], surrounding spaces allowed,
// digit groups may be separated by '_' or ','. Suffixes (case-insensitive): k = 1e3, M = 1e6,
// B or G = 1e9, T = 1e12. Counts are decimal (a "B" here means billion, never bytes).
// Negative numbers, NaN, infinity, hex, empty text and anything after the suffix are rejected with a
// message naming the text. Zero is accepted: whether 0 makes sense is the caller's decision.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bw {

// The count written in `text`, or nullopt with a one-line reason in *error (if error is not null).
std::optional<double> ParseCount(std::string_view text, std::string* error);

// Like ParseCount, but also requires an integer value in [min, max]; the message names `what`
// ("--seq: 0 is outside 1..16777216").
std::optional<long long> ParseIntCount(std::string_view text, std::string_view what, long long min, long long max,
                                       std::string* error);

// A whole number from 0 to 2^64 − 1, as seeds are written: plain digits are read exactly (all 64 bits),
// any other ParseCount form ("1k", "1e6", "2_048") must be whole and is exact below 2^53.
// ParseWhole("18446744073709551615") == UINT64_MAX; "1.5", "-1" and "18446744073709551616" are errors.
std::optional<uint64_t> ParseWhole(std::string_view text, std::string* error);

// A finite real number as C's strtod reads it, nothing else in the text: "0.01", "-3", "1e-7" (no
// suffixes; signs allowed). NaN, infinity, overflow, "" and trailing text are errors: "'abc' is not a
// finite number".
std::optional<double> ParseReal(std::string_view text, std::string* error);

// The one wording of a number outside its range, for every parser and check that reports one:
// OutOfRange("1e9", 1, 16777216) == "1e9 is outside 1..16777216" (bounds printed as json::FormatNumber).
std::string OutOfRange(std::string_view text, double min, double max);

// The inverse direction, for display: an integer with thousands separators ("6,738,415,616").
// Non-integers are rounded; NaN/Inf print as "nan"/"inf".
std::string FormatGrouped(double integer_value);

}  // namespace bw
