// The two card sections' tables: study (the flashcard view) and decks (the card library).
#include <cstdio>

#include "core/links/table.h"

namespace bw::links {
namespace detail {

const std::vector<Field<Study>>& StudyFields() {
  static const std::vector<Field<Study>> fields = {
      {{"deck", Type::kText, 0, 0, {}, "", "the deck to study, by its key (default: the first deck)", nullptr},
       [](Study& c, const Value& v) { return c.deck = v.text, std::string(); },
       [](const Study& c) { return c.deck; }},
      {{"live", Type::kBool, 0, 0, {}, "", "show the card's live panel beside it", nullptr},
       [](Study& c, const Value& v) { return c.live = v.flag, std::string(); },
       [](const Study& c) { return std::string(c.live ? "1" : "0"); }},
      {{"card",
        Type::kText,
        0,
        0,
        {},
        "",
        "open this card (its id or one of its topics) instead of the next due one",
        nullptr},
       [](Study& c, const Value& v) { return c.card = v.text, std::string(); },
       [](const Study& c) { return c.card; }},
  };
  return fields;
}

const std::vector<Field<Decks>>& DecksFields() {
  static const std::vector<Field<Decks>> fields = {
      {{"deck", Type::kText, 0, 0, {}, "", "the deck shown in the browser, by its key", nullptr},
       [](Decks& c, const Value& v) { return c.deck = v.text, std::string(); },
       [](const Decks& c) { return c.deck; }},
      {{"q", Type::kText, 0, 0, {}, "", "search text over the cards' titles, questions and answers", nullptr},
       [](Decks& c, const Value& v) { return c.q = v.text, std::string(); },
       [](const Decks& c) { return c.q; }},
  };
  return fields;
}

}  // namespace detail

Applied<Study> ApplyStudy(const LiveLink& link, Study base) {
  Applied<Study> a{std::move(base), {}};
  a.errors = detail::ApplyFields(detail::StudyFields(), link, a.config);
  return a;
}

Applied<Decks> ApplyDecks(const LiveLink& link, Decks base) {
  Applied<Decks> a{std::move(base), {}};
  a.errors = detail::ApplyFields(detail::DecksFields(), link, a.config);
  return a;
}

LiveLink MakeStudy(const Study& c) {
  Study printed = c;
  printed.card.clear();  // a one-shot request, not state
  return detail::MakeFields("study", detail::StudyFields(), printed);
}

LiveLink MakeDecks(const Decks& c) { return detail::MakeFields("decks", detail::DecksFields(), c); }

}  // namespace bw::links
