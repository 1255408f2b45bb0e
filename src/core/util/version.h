#pragma once
namespace bw {
inline constexpr const char* kVersion = "0.1.0";
}  // namespace bw
