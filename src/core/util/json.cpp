#include "core/util/json.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace bw::json {

// ---------------------------------------------------------------------------
// Value

namespace {
const std::string kEmptyString;
const Array kEmptyArray;
const Object kEmptyObject;
}  // namespace

Value::Value(Array a) : type_(Type::kArray), array_(std::make_unique<Array>(std::move(a))) {}
Value::Value(Object o) : type_(Type::kObject), object_(std::make_unique<Object>(std::move(o))) {}
Value::Value(Value&& other) noexcept = default;
Value& Value::operator=(Value&& other) noexcept = default;
Value::~Value() = default;

Value::Value(const Value& other)
    : type_(other.type_), bool_(other.bool_), number_(other.number_), string_(other.string_) {
  if (other.array_) array_ = std::make_unique<Array>(*other.array_);
  if (other.object_) object_ = std::make_unique<Object>(*other.object_);
}

Value& Value::operator=(const Value& other) {
  if (this != &other) {
    Value copy(other);
    *this = std::move(copy);
  }
  return *this;
}

const std::string& Value::AsString() const { return IsString() ? string_ : kEmptyString; }
const Array& Value::AsArray() const { return IsArray() ? *array_ : kEmptyArray; }
const Object& Value::AsObject() const { return IsObject() ? *object_ : kEmptyObject; }

Array& Value::MutableArray() {
  if (!IsArray()) *this = Value(Array{});
  return *array_;
}

Object& Value::MutableObject() {
  if (!IsObject()) *this = Value(Object{});
  return *object_;
}

Value& Value::operator[](std::string_view key) { return MutableObject()[key]; }

const Value* Value::Find(std::string_view key) const { return IsObject() ? object_->Find(key) : nullptr; }

// ---------------------------------------------------------------------------
// Object

Object::Object(std::initializer_list<Member> members) {
  for (const auto& m : members) Set(m.first, m.second);
}

size_t Object::IndexOf(std::string_view key) const {
  if (!index_.empty()) {
    auto it = index_.find(key);
    return it != index_.end() ? it->second : members_.size();
  }
  for (size_t i = 0; i < members_.size(); ++i)
    if (members_[i].first == key) return i;
  return members_.size();
}

Value& Object::operator[](std::string_view key) {
  size_t at = IndexOf(key);
  if (at < members_.size()) return members_[at].second;
  members_.emplace_back(std::string(key), Value());
  if (!index_.empty()) {
    index_.emplace(std::string(key), at);
  } else if (members_.size() >= kIndexFrom) {
    for (size_t i = 0; i < members_.size(); ++i) index_.emplace(members_[i].first, i);
  }
  return members_.back().second;
}

const Value* Object::Find(std::string_view key) const {
  size_t at = IndexOf(key);
  return at < members_.size() ? &members_[at].second : nullptr;
}

void Object::Set(std::string_view key, Value v) { (*this)[key] = std::move(v); }

const char* TypeName(Type t) {
  switch (t) {
    case Type::kNull: return "null";
    case Type::kBool: return "boolean";
    case Type::kNumber: return "number";
    case Type::kString: return "string";
    case Type::kArray: return "array";
    case Type::kObject: return "object";
  }
  return "?";
}

// ---------------------------------------------------------------------------
// Writer

std::string FormatNumber(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  if (d == 0) return std::signbit(d) ? "-0" : "0";
  if (std::fabs(d) < 9007199254740992.0 && d == std::floor(d)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", d);
    return buf;
  }
  char buf[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, d);
    if (std::strtod(buf, nullptr) == d) break;
  }
  return buf;
}

void AppendQuoted(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

namespace {

void WriteImpl(std::string& out, const Value& v, int indent, int depth) {
  auto newline = [&](int d) {
    if (indent < 0) return;
    out += '\n';
    out.append(static_cast<size_t>(indent) * static_cast<size_t>(d), ' ');
  };
  switch (v.type()) {
    case Type::kNull: out += "null"; break;
    case Type::kBool: out += v.AsBool() ? "true" : "false"; break;
    case Type::kNumber: {
      double d = v.AsNumber();
      out += std::isfinite(d) ? FormatNumber(d) : "null";
      break;
    }
    case Type::kString: AppendQuoted(out, v.AsString()); break;
    case Type::kArray: {
      const Array& a = v.AsArray();
      out += '[';
      for (size_t i = 0; i < a.size(); ++i) {
        if (i) out += indent < 0 ? ", " : ",";
        newline(depth + 1);
        WriteImpl(out, a[i], indent, depth + 1);
      }
      if (!a.empty()) newline(depth);
      out += ']';
      break;
    }
    case Type::kObject: {
      const Object& o = v.AsObject();
      out += '{';
      bool first = true;
      for (const auto& m : o.Members()) {
        if (!first) out += indent < 0 ? ", " : ",";
        first = false;
        newline(depth + 1);
        AppendQuoted(out, m.first);
        out += ": ";
        WriteImpl(out, m.second, indent, depth + 1);
      }
      if (o.Size()) newline(depth);
      out += '}';
      break;
    }
  }
}

// ---------------------------------------------------------------------------
// Parser (recursive descent, RFC 8259)

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  ParseResult Run() {
    ParseResult r;
    SkipSpace();
    Value v;
    if (ParseValue(v, 0)) {
      SkipSpace();
      if (pos_ != s_.size()) Fail("unexpected text after the JSON value");
    }
    if (!error_.empty()) {
      r.error = "line " + std::to_string(line_) + ", column " + std::to_string(column_) + ": " + error_;
      r.line = line_;
      r.column = column_;
      return r;
    }
    r.ok = true;
    r.value = std::move(v);
    return r;
  }

 private:
  bool Fail(const std::string& message) {
    if (error_.empty()) {
      error_ = message;
      line_ = 1;
      column_ = 1;
      for (size_t i = 0; i < pos_ && i < s_.size(); ++i) {
        if (s_[i] == '\n') {
          ++line_;
          column_ = 1;
        } else {
          ++column_;
        }
      }
    }
    return false;
  }

  void SkipSpace() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }

  bool Literal(const char* word, Value value, Value& out) {
    size_t n = std::strlen(word);
    if (s_.substr(pos_, n) != word) return Fail(std::string("invalid literal (expected ") + word + ")");
    pos_ += n;
    out = std::move(value);
    return true;
  }

  bool ParseValue(Value& out, int depth) {
    if (depth > 512) return Fail("nesting deeper than 512 levels");
    if (pos_ >= s_.size()) return Fail("unexpected end of input, expected a value");
    char c = s_[pos_];
    switch (c) {
      case '{': return ParseObject(out, depth);
      case '[': return ParseArray(out, depth);
      case '"': {
        std::string str;
        if (!ParseString(str)) return false;
        out = Value(std::move(str));
        return true;
      }
      case 't': return Literal("true", Value(true), out);
      case 'f': return Literal("false", Value(false), out);
      case 'n': return Literal("null", Value(), out);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber(out);
        return Fail(std::string("unexpected character '") + c + "', expected a value");
    }
  }

  bool ParseNumber(Value& out) {
    size_t start = pos_;
    if (s_[pos_] == '-') ++pos_;
    auto digits = [&] {
      size_t n = 0;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_, ++n;
      return n;
    };
    if (pos_ < s_.size() && s_[pos_] == '0') {
      ++pos_;
    } else if (digits() == 0) {
      return Fail("invalid number");
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (digits() == 0) return Fail("invalid number: digits expected after '.'");
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (digits() == 0) return Fail("invalid number: digits expected in the exponent");
    }
    std::string text(s_.substr(start, pos_ - start));
    out = Value(std::strtod(text.c_str(), nullptr));  // may be ±inf for 1e999: callers validate ranges
    return true;
  }

  static void AppendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool Hex4(uint32_t& cp) {
    if (pos_ + 4 > s_.size()) return Fail("truncated \\u escape");
    cp = 0;
    for (int i = 0; i < 4; ++i) {
      char h = s_[pos_++];
      cp <<= 4;
      if (h >= '0' && h <= '9')
        cp |= static_cast<uint32_t>(h - '0');
      else if (h >= 'a' && h <= 'f')
        cp |= static_cast<uint32_t>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F')
        cp |= static_cast<uint32_t>(h - 'A' + 10);
      else
        return Fail("invalid hex digit in \\u escape");
    }
    return true;
  }

  bool ParseString(std::string& out) {
    ++pos_;  // opening quote
    while (true) {
      if (pos_ >= s_.size()) return Fail("unterminated string");
      char c = s_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return Fail("control character inside a string");
      if (c != '\\') {
        out += c;
        ++pos_;
        continue;
      }
      ++pos_;
      if (pos_ >= s_.size()) return Fail("unterminated escape");
      char e = s_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          uint32_t cp;
          if (!Hex4(cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo;
            if (s_.substr(pos_, 2) != "\\u") return Fail("lone high surrogate in \\u escape");
            pos_ += 2;
            if (!Hex4(lo)) return false;
            if (lo < 0xDC00 || lo > 0xDFFF) return Fail("invalid low surrogate in \\u escape");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return Fail("lone low surrogate in \\u escape");
          }
          AppendUtf8(out, cp);
          break;
        }
        default: --pos_; return Fail(std::string("invalid escape '\\") + e + "'");
      }
    }
  }

  bool ParseArray(Value& out, int depth) {
    ++pos_;
    Array a;
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      out = Value(std::move(a));
      return true;
    }
    while (true) {
      SkipSpace();
      Value item;
      if (!ParseValue(item, depth + 1)) return false;
      a.push_back(std::move(item));
      SkipSpace();
      if (pos_ >= s_.size()) return Fail("unterminated array, expected ',' or ']'");
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == ']') {
        ++pos_;
        break;
      }
      return Fail("expected ',' or ']' in array");
    }
    out = Value(std::move(a));
    return true;
  }

  bool ParseObject(Value& out, int depth) {
    ++pos_;
    Object o;
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      out = Value(std::move(o));
      return true;
    }
    while (true) {
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != '"') return Fail("expected a quoted key in object");
      std::string key;
      if (!ParseString(key)) return false;
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != ':') return Fail("expected ':' after object key");
      ++pos_;
      SkipSpace();
      Value item;
      if (!ParseValue(item, depth + 1)) return false;
      o.Set(key, std::move(item));
      SkipSpace();
      if (pos_ >= s_.size()) return Fail("unterminated object, expected ',' or '}'");
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == '}') {
        ++pos_;
        break;
      }
      return Fail("expected ',' or '}' in object");
    }
    out = Value(std::move(o));
    return true;
  }

  std::string_view s_;
  size_t pos_ = 0;
  std::string error_;
  int line_ = 0, column_ = 0;
};

}  // namespace

std::string Write(const Value& v, int indent) {
  std::string out;
  WriteImpl(out, v, indent, 0);
  return out;
}

ParseResult Parse(std::string_view text) { return Parser(text).Run(); }

}  // namespace bw::json
