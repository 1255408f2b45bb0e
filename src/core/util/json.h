// bw::json — a small JSON value, parser and writer for CLI output, config.json import and saved progress.
//
//   json::Value v = json::Object{{"name", "bf16"}, {"bits", 16}};
//   std::string text = json::Write(v);            // compact; Write(v, 2) pretty-prints
//   json::ParseResult r = json::Parse(text);      // r.ok, r.value, r.error ("line 3, column 7: expected ':'")
//
// Objects keep insertion order (so CLI output reads in the documented order). Numbers are doubles;
// integers up to 2^53 print without a decimal point, other finite numbers print as the shortest
// string that reads back to the same double. NaN/Inf are not JSON: the writer prints null for them.
// The parser rejects trailing garbage, nesting deeper than 512, and anything that is not RFC 8259.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bw::json {

class Value;
class Object;
using Array = std::vector<Value>;

enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };

class Value {
 public:
  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : type_(Type::kBool), bool_(b) {}
  Value(int n) : type_(Type::kNumber), number_(n) {}
  Value(unsigned n) : type_(Type::kNumber), number_(n) {}
  Value(long n) : type_(Type::kNumber), number_(static_cast<double>(n)) {}
  Value(unsigned long n) : type_(Type::kNumber), number_(static_cast<double>(n)) {}
  Value(long long n) : type_(Type::kNumber), number_(static_cast<double>(n)) {}
  Value(unsigned long long n) : type_(Type::kNumber), number_(static_cast<double>(n)) {}
  Value(double d) : type_(Type::kNumber), number_(d) {}
  Value(const char* s) : type_(Type::kString), string_(s) {}
  Value(std::string s) : type_(Type::kString), string_(std::move(s)) {}
  Value(std::string_view s) : type_(Type::kString), string_(s) {}
  Value(Array a);
  Value(Object o);
  Value(const Value& other);
  Value(Value&& other) noexcept;
  Value& operator=(const Value& other);
  Value& operator=(Value&& other) noexcept;
  ~Value();

  Type type() const { return type_; }
  bool IsNull() const { return type_ == Type::kNull; }
  bool IsBool() const { return type_ == Type::kBool; }
  bool IsNumber() const { return type_ == Type::kNumber; }
  bool IsString() const { return type_ == Type::kString; }
  bool IsArray() const { return type_ == Type::kArray; }
  bool IsObject() const { return type_ == Type::kObject; }

  bool AsBool(bool fallback = false) const { return IsBool() ? bool_ : fallback; }
  double AsNumber(double fallback = 0) const { return IsNumber() ? number_ : fallback; }
  const std::string& AsString() const;  // empty string if not a string
  const Array& AsArray() const;         // empty array if not an array
  const Object& AsObject() const;       // empty object if not an object
  Array& MutableArray();                // converts to an empty array first if not an array
  Object& MutableObject();              // converts to an empty object first if not an object

  // Object conveniences: v["key"] (inserting), v.Find("key") (nullptr if missing or not an object).
  Value& operator[](std::string_view key);
  const Value* Find(std::string_view key) const;

 private:
  Type type_ = Type::kNull;
  bool bool_ = false;
  double number_ = 0;
  std::string string_;
  std::unique_ptr<Array> array_;
  std::unique_ptr<Object> object_;
};

// Ordered object: a vector of members in insertion order. Lookup is linear up to kIndexFrom members
// (the common small case), then through a key index: O(log n), so a 100,000-key object (a big saved
// progress, a hostile host message) parses in linear-logarithmic time.
using Member = std::pair<std::string, Value>;

class Object {
 public:
  static constexpr size_t kIndexFrom = 12;
  Object() = default;
  Object(std::initializer_list<Member> members);
  Value& operator[](std::string_view key);        // inserts null if missing
  const Value* Find(std::string_view key) const;  // nullptr if missing
  bool Has(std::string_view key) const { return Find(key) != nullptr; }
  void Set(std::string_view key, Value v);
  const std::vector<Member>& Members() const { return members_; }
  size_t Size() const { return members_.size(); }

 private:
  size_t IndexOf(std::string_view key) const;  // position in members_, or members_.size()
  std::vector<Member> members_;
  std::map<std::string, size_t, std::less<>> index_;  // key -> position, once Size() >= kIndexFrom
};

const char* TypeName(Type t);  // "null", "boolean", "number", "string", "array", "object"

struct ParseResult {
  bool ok = false;
  Value value;
  std::string error;  // "line L, column C: what went wrong" when !ok
  int line = 0, column = 0;
};

ParseResult Parse(std::string_view text);

// indent < 0: compact on one line; indent >= 0: pretty, that many spaces per level.
std::string Write(const Value& v, int indent = -1);

// Shortest decimal string that reads back to exactly d (printf %.{1..17}g). "nan"/"inf" for non-finite.
std::string FormatNumber(double d);

// Append s to out with JSON string escaping, including the quotes.
void AppendQuoted(std::string& out, std::string_view s);

}  // namespace bw::json
