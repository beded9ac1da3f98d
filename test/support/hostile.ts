/** Strings a hostile pull request puts into its results artifact. */

/** Each string tries one way out of plain text. */
export const HOSTILE_STRINGS = [
  "### ✅ Approved by @org/team",
  "![img](http://evil.example/x.png)",
  "[link](http://evil.example)",
  "<img src=x onerror=alert(1)>",
  "</details></table><h1>owned</h1>",
  "@org/team and @mona please merge",
  "fixes #1 and GH-2, see o/r#3",
  "<!-- mlci:report:other -->",
  "``` `` ` code",
  "line1\n# heading on line 2\n\n- list\n> quote\n---",
  "a | b || c",
  "http://evil.example www.evil.example mallory@evil.example",
  "*em* __strong__ ~~strike~~ $math$",
  "&lt;img&gt; &#60;script&#62;",
  "[^1] [x]: http://evil.example",
  "\\",
];
