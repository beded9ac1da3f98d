/**
 * The escaping layer against GitHub's own renderer: hostile text put in every inline position the
 * reports use (paragraph, heading, list item, link text, table cell, inline code in and out of tables)
 * renders as that text and nothing else.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { escapeCode, escapeCodeCell, escapeText } from "@mlci/core/markdown/escape.js";
import { GFM_MISSING, gfmAvailable, readHtml, renderGfm } from "./support/gfm.js";
import { HOSTILE_STRINGS } from "./support/hostile.js";

function page(value: string): string {
  return [
    `### Heading ${escapeText(value)}`,
    "",
    `Paragraph ${escapeText(value)} and code ${escapeCode(value)}.`,
    "",
    `- item ${escapeText(value)}`,
    `- ${escapeText(value)}`,
    "",
    `[${escapeText(value)}](https://github.com/o/r/actions/runs/1)`,
    "",
    "| name | code |",
    "| --- | --- |",
    `| ${escapeText(value)} | ${escapeCodeCell(value)} |`,
    "",
    `<details><summary>More</summary>\n\n${escapeText(value)}\n\n</details>`,
    "",
  ].join("\n");
}

describe("escaped text under cmark-gfm", () => {
  for (const value of HOSTILE_STRINGS) {
    it(`renders ${JSON.stringify(value)} as text`, (t) => {
      if (!gfmAvailable()) return t.skip(GFM_MISSING);
      const html = renderGfm(page(value)) ?? "";
      const seen = readHtml(html);
      assert.deepEqual(seen.links, ["https://github.com/o/r/actions/runs/1"], html);
      assert.deepEqual(seen.images, [], html);
      assert.deepEqual(seen.headings.length, 1, html);
      assert.deepEqual(seen.comments, [], html);
      assert.deepEqual(seen.mentions, [], html);
      assert.deepEqual(seen.references, [], html);
      assert.deepEqual(
        [...new Set(seen.tags)].sort(),
        ["a", "code", "details", "h3", "li", "p", "summary", "table", "tbody", "td", "th", "thead", "tr", "ul"],
        html,
      );
      // The table keeps its two cells: no pipe in the value split the row.
      assert.equal((html.match(/<td>/g) ?? []).length, 2, html);
    });
  }

  it("shows the text itself (one line, zero-width spaces aside)", (t) => {
    if (!gfmAvailable()) return t.skip(GFM_MISSING);
    const value = "<b>@a</b> #1 *x* [y](z) a|b `c`";
    const html = renderGfm(`${escapeText(value)}\n\n${escapeCode(value)}\n`) ?? "";
    const [paragraph, code] = readHtml(html).text.replaceAll("\u200b", "").trim().split("\n");
    assert.equal(paragraph, value);
    assert.equal(code, value);
  });
});
