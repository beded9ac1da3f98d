import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import type { MetricName } from "@mlci/core";
import { type Evaluation, GITHUB_BODY_LIMIT, type HistoryPoint, renderPrReport, type Validation } from "@mlci/report";
import { fromRoot } from "./support/paths.js";
import { matchSnapshot } from "./support/snapshot.js";

const fixture = <T>(name: string): T => JSON.parse(readFileSync(fromRoot(`test/fixtures/report/${name}`), "utf8")) as T;
const snapshot = (name: string) => fromRoot(`test/fixtures/report/snapshots/${name}`);

describe("PR report rendering", () => {
  it("renders a worse model with a failed gate, a regressed slice, validation and history", () => {
    const evaluation = fixture<Evaluation>("evaluation-worse.json");
    const validation = fixture<Validation>("validation-failed.json");
    const history = fixture<{ versions: HistoryPoint[] }>("history.json").versions;
    const report = renderPrReport({
      evaluation,
      validation,
      history,
      runUrl: "https://github.com/o/r/actions/runs/42",
    });
    const text = report.comment.text;
    const firstLine = text.split("\n")[0] ?? "";
    assert.match(
      firstLine,
      /^### ❌ `churn`: worse than production \(roc_auc −0\.0107\) \(also worse, not gated: f1 −0\.0171, log_loss \+0\.0091\)/,
    );
    assert.match(firstLine, /1 of 3 gates failed \(roc_auc max_drop\)/);
    assert.match(firstLine, /data validation failed/);
    // log_loss went up: lower is better, so it is marked worse, not better.
    assert.match(text, /\| log_loss ↓ +\| +0\.2921 \| +0\.3012 \| +\+0\.0091 \| \[\+0\.0032, \+0\.0149\] \| 🔴 worse/);
    assert.match(text, /\| accuracy ↑ .*⚪ no significant change/);
    assert.match(text, /EU\\\|west/, "a pipe in a segment does not break the table");
    assert.match(text, /```mermaid\nxychart-beta/);
    assert.deepEqual(report.comment.cut, []);
    matchSnapshot(text, snapshot("worse.md"));
  });

  it("renders a better regression model", () => {
    const report = renderPrReport({ evaluation: fixture<Evaluation>("evaluation-better.json") });
    assert.match(
      report.comment.text,
      /^### ✅ `house-prices`: better than production \(r2 \+0\.0219\) · all 1 gate passed/,
    );
    assert.match(report.comment.text, /\| mae ↓ .*🟢 better/);
    matchSnapshot(report.comment.text, snapshot("better.md"));
  });

  it("weighs the gated metrics in the headline: better on them, mixed when they disagree", () => {
    const worse = fixture<Evaluation>("evaluation-worse.json");
    const deltas = worse.comparison?.deltas ?? {};
    const flip = (name: MetricName, verdict: "better" | "worse") => ({ ...deltas[name], verdict, significant: true });
    const better: Evaluation = {
      ...worse,
      comparison: {
        ...worse.comparison,
        deltas: { ...deltas, roc_auc: flip("roc_auc", "better") },
      } as Evaluation["comparison"],
    };
    const line = (e: Evaluation) => renderPrReport({ evaluation: e }).comment.text.split("\n")[0] ?? "";
    assert.match(line(better), /: better than production \(roc_auc −0\.0107\) \(also worse, not gated: f1 −0\.0171/);
    const gatedBoth: Evaluation = {
      ...better,
      gates: [
        ...(better.gates ?? []),
        { metric: "f1", kind: "min", threshold: 0, observed: 0.5, passed: true, reason: "" },
      ],
    };
    assert.match(line(gatedBoth), /: mixed: better on roc_auc −0\.0107; worse on f1 −0\.0171/);
  });

  it("renders a first evaluation without a baseline", () => {
    const report = renderPrReport({ evaluation: fixture<Evaluation>("evaluation-first.json") });
    assert.match(
      report.comment.text,
      /^### ✅ `fraud`: first evaluation \(no production model to compare with\) · no gates/,
    );
    assert.match(report.comment.text, /\| log_loss ↓ \| +n\/a \|/);
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
    const comparison = { ...evaluation.comparison, deltas } as Evaluation["comparison"];
    const report = renderPrReport({ evaluation: { ...evaluation, comparison } });
    assert.match(report.comment.text, /^### ✅ `house-prices`: no significant change from production/);
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
    const big = { ...evaluation, slices };
    const report = renderPrReport({ evaluation: big });
    const full = report.summary.text;
    assert.ok(full.length > 200_000, `summary is ${full.length} characters`);
    assert.ok(report.comment.text.length < GITHUB_BODY_LIMIT - 1000);
    assert.deepEqual(report.comment.cut, ["the per-slice tables"]);
    assert.match(
      report.comment.text,
      /> \[!NOTE\]\n> This report was too long for a GitHub comment \(65,536 characters\) and mlci left out the per-slice tables/,
    );
    assert.match(report.comment.text, /#### Regressed slices \(500\)/);
    assert.match(report.comment.text, /480 more regressed slices are in the details below/);
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
