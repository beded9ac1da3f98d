#!/usr/bin/env node
// Renders every ```mermaid block of docs/examples/*.md (the PR comment, the drift issue, the model
// card, as the snapshot tests write them) with mermaid in headless Chromium, as GitHub renders them in
// a browser, and reports each block's result. Exit 1 when a block does not render.
//
// Not a test: it needs a browser and the mermaid bundle, which the project does not depend on.
//   apt-get install -y chromium                      (or CHROMIUM=/path/to/chrome)
//   npm install --no-save mermaid                    (or MERMAID_JS=/path/to/mermaid.min.js)
//   node scripts/check-mermaid.mjs [FILE.md ...]
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const examples = join(root, "docs", "examples");
const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : readdirSync(examples)
        .filter((name) => name.endsWith(".md"))
        .sort()
        .map((name) => join(examples, name));

/** Every fenced mermaid block: its file, the line it starts on and its text. */
const blocks = files.flatMap((file) => {
  const lines = readFileSync(file, "utf8").split("\n");
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})mermaid\s*$/.exec(lines[i]);
    if (!open) continue;
    const fence = open[2];
    const start = i;
    const body = [];
    for (i++; i < lines.length && lines[i].trim() !== fence; i++) body.push(lines[i]);
    found.push({ file: relative(root, file), line: start + 1, text: body.join("\n") });
  }
  return found;
});
if (blocks.length === 0) {
  console.log("no mermaid blocks found");
  process.exit(0);
}

const mermaidJs = process.env.MERMAID_JS ?? resolveMermaid();
const chromium = process.env.CHROMIUM ?? "chromium";

// One page renders every block in turn and writes the outcomes into the DOM, which --dump-dom prints.
const work = mkdtempSync(join(tmpdir(), "mlci-mermaid-"));
const page = join(work, "check.html");
writeFileSync(
  page,
  `<!doctype html><html><body><pre id="result">pending</pre>
<script src="${pathToFileURL(mermaidJs).href}"></script>
<script>
const blocks = ${JSON.stringify(blocks.map((b) => b.text)).replace(/</g, "\\u003c")};
(async () => {
  const outcomes = [];
  try {
    mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
    for (const [i, text] of blocks.entries()) {
      try {
        const { svg } = await mermaid.render("block" + i, text);
        outcomes.push({ ok: true, svgBytes: svg.length, type: mermaid.detectType(text) });
      } catch (error) {
        outcomes.push({ ok: false, error: String(error && error.message ? error.message : error) });
      }
    }
  } catch (error) {
    outcomes.push({ ok: false, error: "mermaid did not load: " + error });
  }
  document.getElementById("result").textContent = JSON.stringify(outcomes);
})();
</script></body></html>`,
);

const run = spawnSync(
  chromium,
  [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--allow-file-access-from-files",
    "--virtual-time-budget=30000",
    "--dump-dom",
    pathToFileURL(page).href,
  ],
  { encoding: "utf8", timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
);
rmSync(work, { recursive: true, force: true });
if (run.error || run.status !== 0) {
  console.error(`${chromium} failed: ${run.error?.message ?? run.stderr}`);
  console.error("install it (apt-get install -y chromium) or point CHROMIUM at a Chrome or Chromium binary");
  process.exit(2);
}
const match = /<pre id="result">([^<]*)<\/pre>/.exec(run.stdout);
const text = match?.[1]
  .replace(/&quot;/g, '"')
  .replace(/&lt;/g, "<")
  .replace(/&gt;/g, ">")
  .replace(/&amp;/g, "&");
if (!text || text === "pending") {
  console.error("the page did not finish rendering (no result in the dumped DOM)");
  process.exit(2);
}
const outcomes = JSON.parse(text);
let failed = 0;
for (const [i, block] of blocks.entries()) {
  const outcome = outcomes[i] ?? { ok: false, error: outcomes.at(-1)?.error ?? "no outcome" };
  const where = `${block.file}:${block.line}`;
  if (outcome.ok) console.log(`ok      ${where} ${outcome.type} (${outcome.svgBytes} bytes of SVG)`);
  else {
    failed++;
    console.log(`FAILED  ${where}: ${outcome.error}`);
  }
}
console.log(`${blocks.length - failed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;

function resolveMermaid() {
  try {
    return createRequire(join(root, "package.json")).resolve("mermaid/dist/mermaid.min.js");
  } catch {
    console.error("mermaid is not installed: npm install --no-save mermaid, or set MERMAID_JS=/path/to/mermaid.min.js");
    process.exit(2);
  }
}
