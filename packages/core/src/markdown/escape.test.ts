import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { escapeCode, escapeCodeCell, escapeText, truncate } from "./escape.js";

describe("escapeText", () => {
  it("turns HTML into entities and backslash-escapes inline markdown", () => {
    assert.equal(escapeText("<img src=x>"), "&lt;img src=x&gt;");
    assert.equal(escapeText("a & b"), "a &amp; b");
    assert.equal(escapeText("![i](u)"), "\\!\\[i\\](u)");
    assert.equal(escapeText("*a* _b_ ~c~ $d$ `e` | \\"), "\\*a\\* \\_b\\_ \\~c\\~ \\$d\\$ \\`e\\` \\| \\\\");
    assert.equal(escapeText("log_loss __x__ é_b"), "log_loss \\_\\_x\\_\\_ é_b", "no escape between letters");
  });

  it("folds lines and neutralises block starts at the beginning", () => {
    assert.equal(escapeText("# Approved\n\nby all"), "\\# Approved by all");
    assert.equal(escapeText("- item"), "\\- item");
    assert.equal(escapeText("12. item"), "12\\. item");
    assert.equal(escapeText("  === "), "\\===");
    assert.equal(escapeText("a - b"), "a - b", "a dash inside the text is left alone");
    assert.equal(escapeText("1.3.0"), "1.3.0", "a version is not a numbered item");
    assert.equal(escapeText("-x"), "-x", "a dash without a space is not a bullet");
    assert.equal(escapeText("- - -"), "\\- - -");
  });

  it("breaks mentions, issue references and bare URLs with a zero-width space", () => {
    assert.equal(escapeText("@org/team"), "@\u200borg/team");
    assert.equal(escapeText("see #12 and GH-3"), "see \\#\u200b12 and GH\u200b-3");
    assert.equal(escapeText("http://evil and www.evil.com"), "http:\u200b//evil and www\u200b.evil.com");
    assert.equal(escapeText("#channel"), "\\#channel", "a # before a word is not a reference");
  });

  it("removes control and bidirectional-override characters and caps the length", () => {
    assert.equal(escapeText("a\u0000b\u202ec\u0007"), "abc");
    assert.equal(escapeText("x".repeat(500), 10), `${"x".repeat(9)}…`);
    assert.equal(escapeText("😀".repeat(5), 3), "😀😀…", "cut on whole code points");
  });
});

describe("escapeCode", () => {
  it("uses a fence longer than any backtick run inside", () => {
    assert.equal(escapeCode("plain"), "`plain`");
    assert.equal(escapeCode("a``b"), "```a``b```");
    assert.equal(escapeCode("`x`"), "`` `x` ``", "padded where the text starts or ends with a backtick");
    assert.equal(escapeCode(""), "` `");
  });

  it("keeps the text on one line and caps it", () => {
    assert.equal(escapeCode("a\nb\r\nc"), "`a b c`");
    assert.equal(escapeCode("abcdef", 4), "`abc…`");
  });

  it("escapes pipes only in the table variant", () => {
    assert.equal(escapeCode("a|b"), "`a|b`");
    assert.equal(escapeCodeCell("a|b"), "`a\\|b`");
  });
});

describe("truncate", () => {
  it("leaves short text alone", () => {
    assert.equal(truncate("abc", 3), "abc");
    assert.equal(truncate("abcd", 3), "ab…");
  });
});
