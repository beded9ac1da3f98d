import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { GITHUB_BODY_LIMIT } from "@mlci/report/fit.js";
import { renderPrReport } from "@mlci/report/pr-report.js";
import type { Evaluation, HistoryPoint, Validation } from "@mlci/report/results.js";
import { fromRoot } from "./support/paths.js";
import { matchSnapshot } from "./support/snapshot.js";

const fixture = <T>(name: string): T => JSON.parse(readFileSync(fromRoot(`test/fixtures/report/${name}`), "utf8")) as T;
const snapshot = (name: string) => fromRoot(`test/fixtures/report/snapshots/${name}`);

/** Columns of every markdown table in `text` (counted on the delimiter rows). */
function tableWidths(text: string): number[] {
  return text
    .split("\n")
    .filter((line) => /^\|(?:\s*:?-+:?\s*\|)+\s*$/.test(line))
    .map((line) => line.split("|").length - 2);
}

/** Checks every rendered report must pass: narrow tables, no exponent, one minus sign. */
function assertReadable(text: string): void {
  for (const width of tableWidths(text)) assert.ok(width <= 8, `a table has ${width} columns`);
  assert.doesNotMatch(text, /\d(?:\.\d+)?e[+-]\d/, "no scientific notation");
  assert.doesNotMatch(text, /(?:^|[\s|([])-\d/m, "numbers use the minus sign U+2212, not a hyphen");
}

const line = (e: Evaluation, v?: Validation) =>
  renderPrReport({ evaluation: e, ...(v ? { validation: v } : {}) }).comment.text.split("\n")[0] ?? "";

describe("PR report rendering", () => {
  it("renders a worse model with a failed gate, regressed slices, validation, history and ROC", () => {
    const evaluation = fixture<Evaluation>("evaluation-worse.json");
    const validation = fixture<Validation>("validation-failed.json");
    const history = fixture<{ versions: HistoryPoint[] }>("history.json").versions;
    const report = renderPrReport({
      evaluation,
      validation,
      history,
      runUrl: "https://github.com/o/r/actions/runs/42",
      context: {
        headSha: "9f2c4e0c2b1d6a7e8f90a1b2c3d4e5f607182930",
        baseSha: "1234567890abcdef1234567890abcdef12345678",
        artifactsUrl: "https://github.com/o/r/actions/runs/42#artifacts",
      },
    });
    const text = report.comment.text;
    const firstLine = text.split("\n")[0] ?? "";
    // Everything that needs attention is in the first line, failures first, by name.
    assert.equal(
      firstLine,
      "### ❌ `churn`: 1 of 3 gates failed (`roc_auc max_drop`) · data validation failed (1 error) · ⚠️ worse than production: f1, roc_auc, log_loss · 2 slices worse (`plan=premium`, `region=US`) · p95 latency +37.9%",
    );
    // Gated and primary metrics first and marked; a drop is shown as a positive drop with its interval.
    assert.match(
      text,
      /\| \*\*roc_auc\*\* ↑ \(gated, primary\) \| +0\.9011 \| +0\.8904 \| +−0\.0107 \| \[−0\.0152, −0\.0061\] \| 🔴 worse/,
    );
    assert.match(text, /\| ❌ fail +\| roc_auc max drop +\| drop ≤ 0\.005 \| +dropped 0\.0107 \[0\.0061, 0\.0152\] \|/);
    assert.match(
      text,
      /<details><summary>Other metrics \(1\)<\/summary>\n\n\| Metric +\| Production[^\n]*\n[^\n]*\n\| accuracy ↑/,
    );
    // One row per regressed slice, worst first.
    assert.match(
      text,
      /\| plan=premium \| +8,000 \| roc_auc +\| +0\.9050 \| +0\.8620 \| +−0\.0430 \|[^\n]*\n\| region=US /,
    );
    assert.match(text, /region=EU\\\|west/, "a pipe in a segment does not break the table");
    assert.match(
      text,
      /```mermaid\n%%\{init[^\n]*\nxychart-beta\n {2}title "roc_auc of released versions and this PR"/,
    );
    assert.match(text, /<details><summary>ROC curve<\/summary>/);
    assert.match(text, /head `9f2c4e0` · base `1234567` · production `churn@v1\.2\.0` · /);
    assert.match(
      text,
      /npx mlci evaluate --name churn --model models\/churn\.onnx --data data\/test\.parquet --baseline churn@1\.2\.0 --seed 42 --resamples 1000/,
    );
    assertReadable(text);
    assert.deepEqual(report.comment.cut, []);
    matchSnapshot(text, snapshot("worse.md"));
  });

  it("says what the rows can detect and warns on a max_drop below it", () => {
    const evaluation = fixture<Evaluation>("evaluation-worse.json");
    const gates = [
      {
        metric: "roc_auc",
        kind: "max_drop",
        threshold: 0.001,
        observed: 0.0005,
        passed: true,
        reason: "roc_auc 0.81 vs baseline 0.8105: drop 0.0005 <= 0.001",
        detectable_drop: 0.004,
        warning: "max_drop 0.001 is below the smallest roc_auc drop these rows can detect (0.004)",
      },
    ];
    const text = renderPrReport({
      evaluation: { ...evaluation, data: { ...evaluation.data, rows: 14861 }, gates: gates as Evaluation["gates"] },
    }).comment.text;
    assert.match(text, /With 14,861 rows a roc_auc drop below 0\.0040 cannot be detected\./);
    assert.match(text, /⚠️ max_drop 0\.001 is below the smallest roc_auc drop these rows can detect/);
  });

  it("does not name a latency change within the rounds' noise", () => {
    const evaluation = fixture<Evaluation>("evaluation-worse.json");
    const latency = (p95: number, low: number, high: number) => ({
      p50: 0.2,
      p95,
      p99: 2,
      rounds: 7,
      p95_low: low,
      p95_high: high,
    });
    const noisy = {
      ...evaluation,
      head: {
        ...evaluation.head,
        cost: { size_bytes: 1000, latency_ms: latency(1.44, 0.3, 1.6), throughput_rows_per_s: 700 },
      },
      baseline: {
        ...(evaluation.baseline ?? evaluation.head),
        cost: { size_bytes: 1000, latency_ms: latency(0.25, 0.24, 1.5), throughput_rows_per_s: 4000 },
      },
      latency_comparison: { verdict: "noisy" as const, change: 4.76 },
      peak_memory_bytes: 300_000_000,
    };
    const text = renderPrReport({ evaluation: noisy }).comment.text;
    const headline = text.split("\n")[0] ?? "";
    assert.doesNotMatch(headline, /latency/);
    assert.match(text, /\| Latency p95 .*\(noisy\) \|/);
    assert.match(text, /the intervals overlap: no latency change beyond noise/);
    assert.match(text, /Peak memory of the evaluation \(both models in one process\)/);
  });

  it("renders a better regression model", () => {
    const report = renderPrReport({ evaluation: fixture<Evaluation>("evaluation-better.json") });
    assert.match(report.comment.text, /^### ✅ `house-prices`: all 1 gate passed · better: [a-z0-9_, ]+\n/);
    assert.match(report.comment.text, /\| mae ↓ .*🟢 better/);
    assertReadable(report.comment.text);
    matchSnapshot(report.comment.text, snapshot("better.md"));
  });

  it("never calls a model that is worse than production ✅, gated or not", () => {
    const worse = fixture<Evaluation>("evaluation-worse.json");
    const ungated: Evaluation = { ...worse, gates: [], passed: true, slices: [] };
    assert.equal(line(ungated), "### ⚠️ `churn`: worse than production: f1, roc_auc, log_loss · p95 latency +37.9%");
  });

  it("says which gates were not checked without a baseline, never 'all gates passed'", () => {
    const first = fixture<Evaluation>("evaluation-first.json");
    const gated: Evaluation = {
      ...first,
      gates: [
        { metric: "accuracy", kind: "min", threshold: 0.8, observed: 0.91, passed: true, reason: "" },
        {
          metric: "accuracy",
          kind: "max_drop",
          threshold: 0.02,
          observed: null,
          passed: true,
          reason: "",
          relative: true,
        },
      ],
    };
    const text = renderPrReport({ evaluation: gated }).comment.text;
    assert.equal(
      text.split("\n")[0],
      "### ⚠️ `fraud`: 1 gate not checked (no production model) · 1 passed · first evaluation: no production model to compare with",
    );
    assert.doesNotMatch(text, /all \d+ gates passed/);
    assert.match(
      text,
      /\| ⚪ not checked \| accuracy max drop \| drop ≤ 2% +\| +— \| no production model to compare with \|/,
    );
  });

  it("leaves out f1_micro, which repeats accuracy", () => {
    const first = fixture<Evaluation>("evaluation-first.json");
    const withMicro: Evaluation = {
      ...first,
      head: { ...first.head, metrics: { ...first.head.metrics, f1_micro: 0.91 } },
    };
    const text = renderPrReport({ evaluation: withMicro }).comment.text;
    assert.doesNotMatch(text, /\| f1_micro/);
    assert.match(text, /f1_micro is not shown: it equals accuracy/);
  });

  it("renders a first evaluation without a baseline", () => {
    const report = renderPrReport({ evaluation: fixture<Evaluation>("evaluation-first.json") });
    assert.match(report.comment.text, /^### ✅ `fraud`: first evaluation: no production model to compare with\n/);
    assert.match(report.comment.text, /\| log_loss ↓ +\| +n\/a \|/);
    assertReadable(report.comment.text);
    matchSnapshot(report.comment.text, snapshot("first.md"));
  });

  it("says no significant change when no interval excludes zero", () => {
    const evaluation = fixture<Evaluation>("evaluation-better.json");
    const deltas = Object.fromEntries(
      Object.entries(evaluation.comparison?.deltas ?? {}).map(([k, d]) => [
        k,
        { ...d, significant: false, verdict: "same" as const },
      ]),
    );
    assert.match(
      line({ ...evaluation, comparison: { ...evaluation.comparison, deltas } } as Evaluation),
      /^### ✅ `house-prices`: all 1 gate passed · no significant change from production$/,
    );
  });

  it("shows a drop as a positive number, an improvement as such, a relative limit as %", () => {
    const worse = fixture<Evaluation>("evaluation-worse.json");
    const gates = [
      {
        metric: "roc_auc",
        kind: "max_drop",
        threshold: 0.02,
        observed: 0.0119,
        passed: true,
        reason: "",
        relative: true,
      },
      { metric: "f1", kind: "max_drop", threshold: 0.01, observed: -0.1288, passed: true, reason: "" },
    ];
    const text = renderPrReport({ evaluation: { ...worse, gates: gates as Evaluation["gates"] } }).comment.text;
    assert.match(text, /\| roc_auc max drop \| drop ≤ 2% +\| +dropped 1\.2% \[0\.7%, 1\.7%\] \|/);
    assert.match(text, /\| f1 max drop +\| drop ≤ 0\.01 +\| +improved 0\.1288 \|/);
    assertReadable(text);
  });

  it("lists the most frequent confusions instead of a matrix wider than 8 columns", () => {
    const first = fixture<Evaluation>("evaluation-first.json");
    const labels = Array.from({ length: 12 }, (_, i) => `class-${i}`);
    const matrix = labels.map((_, t) => labels.map((_, p) => (t === p ? 100 : (t * 7 + p * 3) % 11)));
    const text = renderPrReport({
      evaluation: { ...first, head: { ...first.head, confusion_matrix: { labels, matrix } } },
    }).comment.text;
    assert.match(text, /The 10 most frequent confusions of 12 classes/);
    assertReadable(text);
  });

  it("cuts the details of a 200 kB report to fit a comment, and keeps them in the summary", () => {
    const evaluation = fixture<Evaluation>("evaluation-worse.json");
    const slices = Array.from({ length: 2500 }, (_, i) => ({
      column: "customer_segment",
      segment: `segment-${i}`,
      rows: 100 + i,
      head: { roc_auc: 0.8 + (i % 100) / 1000, f1: 0.6 },
      deltas: {
        roc_auc: {
          delta: i % 5 === 0 ? -0.02 : 0.001,
          ci_low: -0.03,
          ci_high: -0.01,
          significant: i % 5 === 0,
          verdict: i % 5 === 0 ? ("worse" as const) : ("same" as const),
        },
      },
      regressed: i % 5 === 0,
    }));
    const slice_tests = {
      method: "benjamini-hochberg" as const,
      fdr: 0.05,
      p_value: "paired-bootstrap-normal" as const,
      tests: 2500,
      min_effect: { absolute: 0.01, relative: 0.01 },
      flagged: 500,
    };
    const big = { ...evaluation, slices, slice_tests };
    const report = renderPrReport({ evaluation: big });
    const full = report.summary.text;
    assert.ok(full.length > 200_000, `summary is ${full.length} characters`);
    assert.ok(report.comment.text.length < GITHUB_BODY_LIMIT - 1000);
    assert.deepEqual(report.comment.cut, ["the per-slice tables"]);
    assert.match(
      report.comment.text,
      /> \[!NOTE\]\n> This report was too long for a GitHub comment \(65,536 characters\) and mlci left out the per-slice tables/,
    );
    assert.match(report.comment.text, /#### Slices worse than production \(500 of 2500\)/);
    assert.match(report.comment.text, /480 more slices got worse; all are in the details below/);
    assert.match(
      report.comment.text,
      /2,500 segment × metric differences tested, false discovery rate 5% \(Benjamini-Hochberg\); differences under 0\.01 \(scores\) or 1% \(losses\) are not flagged\./,
    );
    assert.deepEqual(report.summary.cut, []);
  });

  it("cuts even essential text at a line boundary and closes open blocks when nothing else helps", () => {
    const evaluation = fixture<Evaluation>("evaluation-first.json");
    const huge = {
      ...evaluation,
      gates: Array.from({ length: 3000 }, (_, i) => ({
        metric: "accuracy" as const,
        kind: "min" as const,
        threshold: 0.5,
        observed: 0.91,
        passed: true,
        reason: `gate number ${i} with a long reason`.padEnd(60, "."),
      })),
    };
    const report = renderPrReport({ evaluation: huge });
    assert.ok(report.comment.text.length < GITHUB_BODY_LIMIT);
    assert.equal(report.comment.truncated, true);
    assert.match(report.comment.text, /cut the end/);
  });
});

describe("report fixtures", () => {
  it("follow the JSON Schemas of evaluation.json and validation.json", async () => {
    const { Ajv2020 } = await import("ajv/dist/2020.js");
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const evaluationSchema = ajv.compile(JSON.parse(readFileSync(fromRoot("schemas/evaluation.schema.json"), "utf8")));
    const validationSchema = ajv.compile(JSON.parse(readFileSync(fromRoot("schemas/validation.schema.json"), "utf8")));
    for (const name of ["evaluation-worse.json", "evaluation-better.json", "evaluation-first.json"]) {
      assert.ok(evaluationSchema(fixture(name)), `${name}: ${JSON.stringify(evaluationSchema.errors)}`);
    }
    assert.ok(validationSchema(fixture("validation-failed.json")), JSON.stringify(validationSchema.errors));
  });
});

describe("examples in docs/", () => {
  it("are the snapshots of the PR comment, the drift issue and the model card, byte for byte", () => {
    const pairs = [
      ["docs/examples/pr-comment.md", "test/fixtures/report/snapshots/worse.md"],
      ["docs/examples/drift-issue.md", "test/fixtures/drift/snapshots/drift-issue.md"],
      ["docs/examples/model-card.md", "packages/report/test-data/model-card.md"],
    ] as const;
    for (const [doc, snap] of pairs) {
      assert.equal(
        readFileSync(fromRoot(doc), "utf8"),
        readFileSync(fromRoot(snap), "utf8"),
        `${doc} differs from ${snap}: copy the reviewed snapshot`,
      );
    }
  });
});
