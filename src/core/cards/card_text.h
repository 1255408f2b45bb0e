// bw::cards — card Markdown to display blocks, with a LaTeX subset rendered as readable Unicode.
//
//   std::vector<TextBlock> blocks = LayoutCardText(card.answer);
//   for (auto& b : blocks) if (b.kind == TextBlockKind::kCode) draw_mono(b.text); else draw_wrapped(b.text);
//   LatexToUnicode("\\frac{a}{b} \\times 10^{9} \\approx \\sqrt{x}")   // "a/b × 10⁹ ≈ √x"
//
// Supported LaTeX: \times \cdot \div \pm \approx \sim \le \ge \ne \neq \to \infty \sum \prod \int
// \ldots \dots, Greek letters (\alpha ... \Omega), \frac{a}{b}, \sqrt{x}, \sqrt[n]{x}, ^ and _
// (Unicode super/subscripts when every character has one, else ^(...) / _(...)), \text{} \mathrm{}
// \mathbf{} \textbf{} \operatorname{}, \left \right, spacing (\, \; \quad), \% \$ \{ \}. Unknown commands
// print their name. Math is delimited by \( \) or $ $ inline, \[ \] or $$ $$ as display blocks.
// Markdown: ``` / ~~~ fences become code blocks, "- " / "* " / "1. " lines list items, lines starting
// with '|' table rows (shown in the mono font), blank lines separate paragraphs; **bold**, __bold__
// and `code` markers are dropped (ImGui draws one font per run).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bw::cards {

enum class TextBlockKind {
  kParagraph,    // wrapped text (inline math already converted)
  kListItem,     // wrapped text after a bullet ("•" or "3.") stored in `bullet`
  kDisplayMath,  // one converted formula, shown indented
  kCode,         // verbatim lines, mono font on a tinted background
  kTable,        // verbatim table rows, mono font
  kHeading,      // a Markdown heading inside a card, shown emphasised
};

struct TextBlock {
  TextBlockKind kind = TextBlockKind::kParagraph;
  std::string text;
  std::string bullet;    // list items only
  std::string language;  // code blocks: the fence's info string ("python"), may be empty
};

std::string LatexToUnicode(std::string_view latex);
// A line of Markdown text with inline math (\( \), $ $) converted and emphasis markers dropped.
std::string InlineToUnicode(std::string_view text);
std::vector<TextBlock> LayoutCardText(std::string_view markdown);

}  // namespace bw::cards
