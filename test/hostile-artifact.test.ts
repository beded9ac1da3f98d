/**
 * The fork-PR promise, proved: a results artifact (evaluation.json, validation.json, history.json) in
 * which every string is hostile is either refused with exit 2 naming the field, or posted as a comment
 * that GitHub's renderer (cmark-gfm) shows with no link, image, heading, mention, issue reference or
 * marker taken from the artifact. Each string field is tried with each hostile string: where the schema
 * accepts it, the rendered HTML must have exactly the structure of the same report with harmless text;
 * where the schema refuses it, the refusal names the field.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { ReleaseRecord } from "@mlci/core/release/release-record.js";
import { commentMarker, withMarker } from "@mlci/forge/marker.js";
import { renderModelCard } from "@mlci/report/model-card.js";
import { jsonPath, parseEvaluation, parseHistory, parseValidation } from "@mlci/report/parse-results.js";
import { renderPrReport } from "@mlci/report/pr-report.js";
import { GFM_MISSING, gfmAvailable, readHtml, renderGfm } from "./support/gfm.js";
import { HOSTILE_STRINGS } from "./support/hostile.js";
import { type CliRun, OUTSIDE_A_WORKFLOW, runCliCaptured } from "./support/in-process-cli.js";
import { fromRoot } from "./support/paths.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

const RUN_URL = "https://github.com/o/r/actions/runs/42";

async function fixture(name: string): Promise<Json> {
  return JSON.parse(await readFile(fromRoot(`test/fixtures/report/${name}`), "utf8")) as Json;
}

/** Every string leaf of `value` with its path. */
function stringPaths(value: Json, path: Path = []): Path[] {
  if (typeof value === "string") return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...path, i]));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...path, k]));
  return [];
}

function setAt(value: Json, path: Path, leaf: string): Json {
  const copy = structuredClone(value);
  let node = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  node[path.at(-1) as string | number] = leaf;
  return copy;
}

type Parse = (text: string, file: string) => { ok: boolean; error?: unknown };

interface FileUnderTest {
  readonly name: string;
  readonly parse: Parse;
  value: Json;
  /** Paths whose string the schema accepts whatever it is (free text). */
  free: Path[];
  /** Paths the schema constrains (enums, literals, hashes): a hostile value there is refused. */
  constrained: Path[];
}

const accepts = (file: FileUnderTest, value: Json) => file.parse(JSON.stringify(value), file.name).ok;

/** Sorts a file's string fields into free text and constrained fields, by asking its schema. */
function classify(file: FileUnderTest): void {
  for (const path of stringPaths(file.value)) {
    const hostile = HOSTILE_STRINGS.every((s) => accepts(file, setAt(file.value, path, s)));
    if (hostile) file.free.push(path);
    else file.constrained.push(path);
  }
}

function fill(file: FileUnderTest, pick: (i: number) => string): Json {
  return file.free.reduce<Json>((value, path, i) => setAt(value, path, pick(i)), file.value);
}

/**
 * `mlci ARGS` in `cwd`, in this process, outside Actions: no GITHUB_* variables, so the local forge is
 * used and nothing reaches a network.
 */
function runCli(args: readonly string[], cwd: string): Promise<CliRun> {
  const unset = { GITHUB_TOKEN: undefined, GITHUB_EVENT_PATH: undefined, GITHUB_STEP_SUMMARY: undefined };
  return runCliCaptured(args, undefined, { cwd, env: { ...OUTSIDE_A_WORKFLOW, ...unset } });
}

describe("a results artifact whose every string is hostile", () => {
  let dir: string;
  const files: Record<"evaluation" | "validation" | "history", FileUnderTest> = {
    evaluation: { name: "evaluation.json", parse: parseEvaluation, value: null, free: [], constrained: [] },
    validation: { name: "validation.json", parse: parseValidation, value: null, free: [], constrained: [] },
    history: { name: "history.json", parse: parseHistory, value: null, free: [], constrained: [] },
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "mlci-hostile-"));
    files.evaluation.value = await fixture("evaluation-worse.json");
    const validation = (await fixture("validation-failed.json")) as { checks: Json[]; summary: Record<string, Json> };
    // More than 20 failed checks: the report then lists them all in a folded list, another place to escape.
    const failed = validation.checks[0] as Json;
    validation.checks = [...validation.checks, ...Array.from({ length: 24 }, () => structuredClone(failed))];
    validation.summary.checks = 55;
    validation.summary.failed_errors = 25;
    files.validation.value = validation as unknown as Json;
    files.history.value = await fixture("history.json");
    for (const file of Object.values(files)) classify(file);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("has free-text fields in every file (the schema does not simply refuse everything)", () => {
    const names = (file: FileUnderTest) =>
      new Set(file.free.map((p) => jsonPath(p.filter((k) => typeof k === "string"))));
    assert.deepEqual(
      [...names(files.evaluation)].sort(),
      [
        "data.path",
        "gates.reason",
        "head.confusion_matrix.labels",
        "baseline.confusion_matrix.labels",
        "head.model.path",
        "baseline.model.path",
        "baseline.release.stage",
        "baseline.release.tag",
        "baseline.release.version",
        "name",
        "slices.column",
        "slices.segment",
        "target",
      ].sort(),
    );
    assert.deepEqual(
      [...names(files.validation)].sort(),
      [
        "checks.column",
        "checks.message",
        "checks.examples.value",
        "contract",
        "data.path",
        "checks.observed",
        "checks.expected",
      ]
        .filter((n) => names(files.validation).has(n))
        .sort(),
    );
    assert.ok(names(files.validation).has("checks.message"));
    assert.ok(names(files.validation).has("checks.column"));
    assert.ok(names(files.history).has("versions.version"));
  });

  it("renders every hostile string in every free field as text (cmark-gfm)", (t) => {
    if (!gfmAvailable()) return t.skip(GFM_MISSING);
    const render = (pick: (i: number) => string) => {
      const parsed = (file: FileUnderTest) => {
        const result = file.parse(JSON.stringify(fill(file, pick)), file.name) as { ok: true; value: never };
        assert.ok(result.ok, `${file.name} should be accepted`);
        return result.value;
      };
      const report = renderPrReport({
        evaluation: parsed(files.evaluation),
        validation: parsed(files.validation),
        history: parsed(files.history),
        runUrl: RUN_URL,
      });
      const marker = commentMarker("report", (fill(files.evaluation, pick) as { name: string }).name);
      const body = withMarker(report.comment.text, marker);
      return { html: renderGfm(body) ?? "", marker, body };
    };
    const harmless = render((i) => `field${i}`);
    const structure = (html: string) => {
      const seen = readHtml(html);
      const counts: Record<string, number> = {};
      for (const tag of seen.tags) counts[tag] = (counts[tag] ?? 0) + 1;
      return { counts, links: seen.links, images: seen.images, headings: seen.headings.length };
    };
    const expected = structure(harmless.html);
    assert.deepEqual(expected.links, [RUN_URL]);
    for (let offset = 0; offset < HOSTILE_STRINGS.length; offset += 1) {
      const pick = (i: number) => HOSTILE_STRINGS[(i + offset) % HOSTILE_STRINGS.length] ?? "";
      const { html, marker, body } = render(pick);
      const seen = readHtml(html);
      assert.deepEqual(structure(html), expected, `offset ${offset}: the HTML's structure changed\n${body}`);
      assert.deepEqual(seen.images, [], `offset ${offset}`);
      assert.deepEqual(seen.links, [RUN_URL], `offset ${offset}`);
      assert.deepEqual(seen.comments, [marker], `offset ${offset}: only the marker, on the first line`);
      assert.ok(body.startsWith(`${marker}\n`));
      assert.deepEqual(seen.mentions, [], `offset ${offset}`);
      assert.deepEqual(seen.references, [], `offset ${offset}`);
      assert.ok(body.length < 65_536);
    }
  });

  it("refuses a hostile value in every constrained field, naming the field", () => {
    let tried = 0;
    for (const file of Object.values(files)) {
      for (const path of file.constrained) {
        for (const hostile of HOSTILE_STRINGS) {
          const result = file.parse(JSON.stringify(setAt(file.value, path, hostile)), file.name) as {
            ok: boolean;
            error?: { message: string }[];
          };
          if (result.ok) continue;
          tried += 1;
          const named = result.error?.some((p) => p.message.includes(`: ${jsonPath(path)}`));
          assert.ok(named, `${file.name} ${jsonPath(path)}: ${JSON.stringify(result.error)}`);
        }
      }
    }
    assert.ok(tried > 50, `${tried}`);
  });

  it("refuses hostile metric keys, gate kinds, unknown keys, negative sizes and fractional rows with exit 2", async () => {
    const evaluation = files.evaluation.value as Record<string, Json> & {
      head: { metrics: Record<string, Json>; model: Record<string, Json> };
      gates: Record<string, Json>[];
      data: Record<string, Json>;
      comparison: { deltas: Record<string, Json> };
    };
    const cases: [string, (e: typeof evaluation) => void, string][] = [
      ["metric key", (e) => Object.assign(e.head.metrics, { "![x](http://evil)": 1 }), "head.metrics"],
      [
        "delta key",
        (e) => Object.assign(e.comparison.deltas, { "@org/team": e.comparison.deltas.roc_auc }),
        "comparison.deltas",
      ],
      ["gate kind", (e) => Object.assign(e.gates[0] ?? {}, { kind: "<!-- mlci:report:x -->" }), "gates[0].kind"],
      ["gate metric", (e) => Object.assign(e.gates[0] ?? {}, { metric: "# Approved" }), "gates[0].metric"],
      ["unknown key", (e) => Object.assign(e, { approved_by: "@org/team" }), "(the whole file)"],
      ["negative size", (e) => Object.assign(e.head.model, { size_bytes: -1 }), "head.model"],
      ["fractional rows", (e) => Object.assign(e.data, { rows: 1.5 }), "data.rows"],
    ];
    for (const [what, change, field] of cases) {
      const hostile = structuredClone(evaluation);
      change(hostile);
      const file = join(dir, `evaluation-${what.replace(/ /g, "-")}.json`);
      await writeFile(file, JSON.stringify(hostile));
      const run = await runCli(["report", "--evaluation", file], dir);
      assert.equal(run.code, 2, `${what}: ${run.stderr}`);
      assert.equal(run.stdout, "", `${what}: nothing is rendered`);
      assert.ok(run.stderr.includes(file), `${what} names the file: ${run.stderr}`);
      assert.ok(run.stderr.includes(field), `${what} names ${field}: ${run.stderr}`);
    }
  });

  it("posts the hostile artifact through `mlci report --post` with the marker on the first line only", async (t) => {
    if (!gfmAvailable()) return t.skip(GFM_MISSING);
    const pick = (i: number) => HOSTILE_STRINGS[i % HOSTILE_STRINGS.length] ?? "";
    const results = join(dir, "results");
    const { mkdir } = await import("node:fs/promises");
    await mkdir(results, { recursive: true });
    for (const file of Object.values(files)) {
      await writeFile(join(results, file.name), JSON.stringify(fill(file, pick)));
    }
    const forgeDir = join(dir, "forge");
    const run = await runCli(
      ["report", "--results", results, "--post", "--forge", "local", "--forge-dir", forgeDir, "--pr", "7"],
      dir,
    );
    assert.equal(run.code, 0, run.stderr);
    const thread = JSON.parse(await readFile(join(forgeDir, "issues", "7.json"), "utf8")) as {
      comments: { body: string }[];
    };
    assert.equal(thread.comments.length, 1);
    const body = thread.comments[0]?.body ?? "";
    const name = (fill(files.evaluation, pick) as { name: string }).name;
    const marker = commentMarker("report", name);
    assert.equal(body.split("\n")[0], marker);
    const seen = readHtml(renderGfm(body) ?? "");
    assert.deepEqual(seen.comments, [marker]);
    assert.deepEqual(seen.images, []);
    assert.deepEqual(seen.links, []);
    assert.deepEqual(seen.mentions, []);
    assert.deepEqual(seen.references, []);
    // Headings: the report's own. Text from the artifact may sit inside one only as inline code.
    const html = renderGfm(body) ?? "";
    for (const [, heading] of html.matchAll(/<h[1-6]>([\s\S]*?)<\/h[1-6]>/g)) {
      const outsideCode = (heading ?? "").replace(/<code>[\s\S]*?<\/code>/g, "");
      assert.doesNotMatch(outsideCode, /Approved|owned|heading on line|<img|evil/, heading);
    }
    // Posting again updates the same comment: the hostile name still maps to one marker.
    const again = await runCli(
      ["report", "--results", results, "--post", "--forge", "local", "--forge-dir", forgeDir, "--pr", "7"],
      dir,
    );
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /updated/);
  });
});

describe("a model card whose release.json strings are hostile", () => {
  it("renders them as text (cmark-gfm)", (t) => {
    if (!gfmAvailable()) return t.skip(GFM_MISSING);
    const sha = "a".repeat(64);
    for (let offset = 0; offset < HOSTILE_STRINGS.length; offset += 1) {
      let i = offset;
      const h = () => HOSTILE_STRINGS[i++ % HOSTILE_STRINGS.length] ?? "";
      const record: ReleaseRecord = {
        schema: "mlci/release@1",
        name: h(),
        version: h(),
        tag: h(),
        commit: h(),
        created_at: h(),
        previous: { version: h(), tag: h() },
        bump: { level: "minor", source: "auto", reasons: [h(), h()] },
        model: {
          path: h(),
          asset: h(),
          sha256: sha,
          size_bytes: 10,
          signature: {
            inputs: [{ name: h(), type: h(), shape: [h(), 1] }],
            outputs: [{ name: h(), type: h(), shape: null }],
            features: [h(), h()],
          },
        },
        evaluation: {
          task: h(),
          data: { path: h(), rows: 5 },
          target: h(),
          baseline: h(),
          confidence: 0.95,
          metrics: { [h()]: { value: 0.5, previous: 0.4, delta: 0.1, ci_low: 0, ci_high: 0.2, verdict: "better" } },
          gates_passed: true,
          latency_ms_p95: 1,
        },
        data: [{ path: h(), sha256: sha, bytes: 3 }],
        contract: { path: h(), sha256: sha, size_bytes: 4 },
        profile: { source: h(), rows: 9, columns: { [h()]: { type: h(), missing: 0 } } },
        lineage: {
          commit: h(),
          branch: h(),
          run_url: h(),
          pr: 3,
          command: [h(), h()],
          params: { [h()]: h() },
          started_at: h(),
          duration_ms: 1000,
        },
        card: {},
        assets: [{ name: h(), kind: "model", sha256: sha, size_bytes: 10 }],
      };
      const card = renderModelCard(record);
      const seen = readHtml(renderGfm(card) ?? "");
      assert.deepEqual(seen.links, [], card);
      assert.deepEqual(seen.images, [], card);
      assert.deepEqual(seen.comments, [], card);
      assert.deepEqual(seen.mentions, [], card);
      // The one reference is the card's own: the pull request the model was trained for (a number).
      assert.deepEqual(seen.references, ["#3"], card);
      assert.deepEqual([...new Set(seen.tags.filter((tag) => /^h[1-6]$/.test(tag)))].sort(), ["h1", "h2"], card);
      assert.equal(seen.tags.filter((tag) => tag === "h1").length, 1, card);
      assert.deepEqual(
        seen.headings.slice(1),
        ["Intended use", "Limitations", "Metrics", "Model", "Data", "Lineage", "Assets", "Download"],
        card,
      );
    }
  });
});

describe("on an Actions runner, nothing mlci prints from a contract or data is a workflow command", () => {
  /** The lines GitHub's runner reads as workflow commands: it splits at \n, \r\n and \r and trims blanks. */
  const commandsIn = (log: string) => log.split(/\r\n|\r|\n/).filter((line) => /^(::|##\[)/.test(line.trimStart()));

  it("makes a column name holding `\\n::set-output` or an escape sequence inert in validate's messages", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mlci-commands-"));
    try {
      await writeFile(join(dir, "data.csv"), "a\n1\n2\n");
      await writeFile(
        join(dir, "contract.yml"),
        'columns:\n  a: {type: integer}\n  "x\\e]52;c;ZXZpbA==\\a\\n::set-output name=passed::true\\r  ::add-mask::data\\n##[error]no":\n    type: integer\n',
      );
      const args = ["validate", "data.csv", "--schema", "contract.yml"];
      // Outside Actions the text is printed as it is: the same name would be three commands there.
      const outside = await runCliCaptured(args, undefined, { cwd: dir, env: OUTSIDE_A_WORKFLOW });
      assert.equal(outside.code, 2, outside.stderr);
      assert.equal(commandsIn(outside.stdout + outside.stderr).length, 3);
      // A terminal obeys no escape sequence from the contract (here: write to the clipboard), anywhere.
      assert.ok(!outside.stderr.includes("\u001b") && !outside.stderr.includes("\u0007"), outside.stderr);
      assert.match(outside.stderr, /x\\x1b\]52;c;ZXZpbA==\\x07/);
      const onRunner = await runCliCaptured(args, undefined, {
        cwd: dir,
        env: {
          GITHUB_ACTIONS: "true",
          GITHUB_OUTPUT: join(dir, "output"),
          GITHUB_STEP_SUMMARY: join(dir, "summary"),
          GITHUB_SHA: "",
        },
      });
      assert.equal(onRunner.code, 2, onRunner.stderr);
      assert.match(onRunner.stderr, /set-output name=passed::true/); // still said, as text
      assert.deepEqual(commandsIn(onRunner.stdout + onRunner.stderr), []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
