/**
 * `mlci evaluate` end to end, as the CLI runs it (in this process; the cost test runs the binary):
 * ONNX models built by scripts/models/make_test_models.py on a sample of the vega-datasets flights,
 * checked against the scikit-learn metrics that script computed on the same rows.
 */

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import { runCliCaptured } from "./support/in-process-cli.js";
import { scratchDir } from "./support/scratch.js";

const models = resolve("packages/model/test-data");
const sample = join(models, "flights-sample.csv");
const expected = JSON.parse(readFileSync(join(models, "expected-outputs.json"), "utf8"));
const bin = resolve("packages/cli/bin/mlci.js");
const scratch = scratchDir("mlci-evaluate-");
let outputs = 0;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  // biome-ignore lint/suspicious/noExplicitAny: evaluation.json as written; the tests read its fields by name
  json: any;
}

/**
 * `mlci evaluate --out FILE --no-cost ARGS`, in this process (the tests are about what evaluate
 * computes; loading onnxruntime and DuckDB once per file instead of once per run halves this file's
 * CPU). The cost measurement, which reports this process's memory, runs the real binary.
 */
async function evaluate(args: readonly string[], cwd?: string): Promise<Run> {
  const out = join(scratch, `evaluation-${++outputs}.json`);
  const result = await runCliCaptured(["evaluate", "--out", out, "--no-cost", ...args], undefined, { cwd });
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(out, "utf8"));
  } catch {
    json = undefined;
  }
  return { code: result.code, stdout: result.stdout, stderr: result.stderr, json };
}

function assertRelative(actual: number, wanted: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - wanted) <= tolerance * Math.abs(wanted), `${what}: ${actual} != ${wanted}`);
}

const TREE = ["--features", "distance,hour,weekday", "--data", sample];
const validateSchema = new Ajv2020({ allErrors: true, strict: true }).compile(
  JSON.parse(readFileSync(resolve("schemas/evaluation.schema.json"), "utf8")),
);

function assertSchema(json: unknown): void {
  assert.ok(validateSchema(json), JSON.stringify(validateSchema.errors));
}

/** A directory with an mlci.yml for the forest (head) and the logistic model (baseline). */
function project(gates: string[], extra: string[] = []): string {
  const dir = mkdtempSync(join(scratch, "project-"));
  writeFileSync(
    join(dir, "mlci.yml"),
    [
      "models:",
      "  delay:",
      `    path: ${join(models, "tree_binary.onnx")}`,
      `    baseline: ${join(models, "logistic_columns.onnx")}`,
      `    data: ${sample}`,
      "    target: delayed",
      "    features: [distance, hour, weekday]",
      "    slices: [weekend]",
      ...extra,
      "    gates:",
      ...gates.map((g) => `      ${g}`),
      "",
    ].join("\n"),
  );
  return dir;
}

describe("mlci evaluate with ONNX models", () => {
  it("scores a matrix-input tree ensemble like scikit-learn on the same predictions", async () => {
    const run = await evaluate(["--model", join(models, "tree_binary.onnx"), "--target", "delayed", ...TREE]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.json.schema, "mlci/evaluation@1");
    assert.equal(run.json.task, "binary"); // inferred from the two-class probability output
    assert.equal(run.json.data.rows, 3000);
    assert.equal(run.json.baseline, null);
    const want = expected["tree_binary.onnx"].sample_metrics;
    // Exact for label metrics; float32 probabilities in ONNX vs float64 in numpy for the rest.
    for (const name of ["accuracy", "balanced_accuracy", "f1_macro"]) {
      assertRelative(run.json.head.metrics[name], want[name], 1e-12, name);
    }
    for (const name of ["roc_auc", "log_loss", "brier"])
      assertRelative(run.json.head.metrics[name], want[name], 1e-6, name);
    const matrix: number[][] = run.json.head.confusion_matrix.matrix;
    assert.equal(
      matrix.flat().reduce((a, b) => a + b, 0),
      3000,
    );
    assert.equal(run.json.head.model.size_bytes, readFileSync(join(models, "tree_binary.onnx")).length);
  });

  it("gives the same metrics for a model with a ZipMap output as without", async () => {
    for (const [plain, zipmap, target] of [
      ["tree_binary.onnx", "tree_binary_zipmap.onnx", "delayed"],
      ["tree_multiclass.onnx", "tree_multiclass_zipmap.onnx", "arrival"],
    ] as const) {
      const a = await evaluate(["--model", join(models, plain), "--target", target, ...TREE]);
      const b = await evaluate(["--model", join(models, zipmap), "--target", target, ...TREE]);
      assert.equal(a.code, 0, a.stderr);
      assert.equal(b.code, 0, b.stderr);
      assert.deepEqual(b.json.head.metrics, a.json.head.metrics);
      assert.deepEqual(b.json.head.confusion_matrix, a.json.head.confusion_matrix);
    }
  });

  it("scores a multiclass model with string labels against scikit-learn", async () => {
    const run = await evaluate(["--model", join(models, "tree_multiclass.onnx"), "--target", "arrival", ...TREE]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.json.task, "multiclass");
    assert.deepEqual(run.json.head.confusion_matrix.labels, ["early", "late", "on_time"]);
    const want = expected["tree_multiclass.onnx"].sample_metrics;
    assertRelative(run.json.head.metrics.accuracy, want.accuracy, 1e-12, "accuracy");
    assertRelative(run.json.head.metrics.log_loss, want.log_loss, 1e-6, "log_loss");
  });

  it("evaluates head and baseline on the same rows, each fed its own way", async () => {
    const run = await evaluate([
      "--model",
      join(models, "tree_binary.onnx"),
      "--baseline",
      join(models, "logistic_columns.onnx"), // per-column inputs distance, hour, weekend
      "--target",
      "delayed",
      ...TREE,
    ]);
    assert.equal(run.code, 0, run.stderr);
    const head: number[][] = run.json.head.confusion_matrix.matrix;
    const baseline: number[][] = run.json.baseline.confusion_matrix.matrix;
    // Same rows: the true-class totals (row sums) agree.
    assert.deepEqual(
      head.map((r) => r.reduce((a, b) => a + b, 0)),
      baseline.map((r) => r.reduce((a, b) => a + b, 0)),
    );
    assert.notDeepEqual(run.json.baseline.metrics, run.json.head.metrics);
    assert.match(run.stdout, /roc_auc +0\.\d{4} +0\.\d{4} +-?0\.\d{4}/);
  });

  it("runs a regression model and a string-input model", async () => {
    const regression = await evaluate([
      "--model",
      join(models, "tree_regressor.onnx"),
      "--target",
      "delay",
      "--features",
      "distance,hour",
      "--data",
      sample,
    ]);
    assert.equal(regression.code, 0, regression.stderr);
    assert.equal(regression.json.task, "regression");
    assert.ok(regression.json.head.metrics.rmse >= regression.json.head.metrics.mae);
    const strings = await evaluate([
      "--model",
      join(models, "string_columns.onnx"),
      "--target",
      "delayed",
      "--task",
      "binary",
      "--data",
      sample,
    ]);
    assert.equal(strings.code, 0, strings.stderr);
    assert.ok(strings.json.head.metrics.roc_auc > 0.5);
  });

  it("reads the model's settings from mlci.yml, with paths relative to it", async () => {
    const dir = mkdtempSync(join(scratch, "config-"));
    writeFileSync(
      join(dir, "mlci.yml"),
      [
        "data:",
        "  flights:",
        `    path: ${sample}`,
        "models:",
        "  delay-forest:",
        `    path: ${join(models, "tree_binary.onnx")}`,
        "    task: binary",
        "    target: delayed",
        "    data: flights",
        "    features: [distance, hour, weekday]",
        "",
      ].join("\n"),
    );
    const run = await evaluate([], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.json.name, "delay-forest");
    assertRelative(
      run.json.head.metrics.accuracy,
      expected["tree_binary.onnx"].sample_metrics.accuracy,
      1e-12,
      "accuracy",
    );
  });
});

describe("mlci evaluate gates, slices and comparison", () => {
  it("passes gates the head meets, with the baseline, bootstrap and slices in a schema-valid file", async () => {
    const run = await evaluate(
      ["--resamples", "200"],
      project(["roc_auc: { min: 0.6, max_drop: 0.01 }", "log_loss: { max: 0.6 }"]),
    );
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assertSchema(run.json);
    assert.equal(run.json.passed, true);
    assert.deepEqual(
      run.json.gates.map((g: { metric: string; kind: string; passed: boolean }) => [g.metric, g.kind, g.passed]),
      [
        ["roc_auc", "min", true],
        ["roc_auc", "max_drop", true],
        ["log_loss", "max", true],
      ],
    );
    assert.equal(run.json.comparison.resamples, 200);
    const auc = run.json.comparison.deltas.roc_auc;
    assert.ok(auc.ci_low <= auc.delta && auc.delta <= auc.ci_high);
    assert.deepEqual(
      run.json.slices.map((s: { column: string; segment: string }) => `${s.column}=${s.segment}`),
      ["weekend=0", "weekend=1"], // booleans travel as 1/0; largest segment first
    );
    const rows = run.json.slices.reduce((n: number, s: { rows: number }) => n + s.rows, 0);
    assert.equal(rows, 3000);
  });

  it("exits 1 when a gate fails, still writing evaluation.json with the reason", async () => {
    const run = await evaluate(["--resamples", "100"], project(["roc_auc: { min: 0.9 }", "accuracy: { min: 0.5 }"]));
    assert.equal(run.code, 1, run.stderr);
    assertSchema(run.json);
    assert.equal(run.json.passed, false);
    const failed = run.json.gates.filter((g: { passed: boolean }) => !g.passed);
    assert.equal(failed.length, 1);
    assert.equal(failed[0].metric, "roc_auc");
    assert.match(run.stdout, /gate FAILED: /);
  });

  it("fails a max_drop gate when the head is worse than the baseline (the roles swapped)", async () => {
    const dir = project(["roc_auc: { max_drop: 0.005 }"]);
    const run = await evaluate(
      [
        "--model",
        join(models, "logistic_columns.onnx"),
        "--baseline",
        join(models, "tree_binary.onnx"),
        "--name",
        "delay",
        "--resamples",
        "100",
      ],
      dir,
    );
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.json.gates[0].passed, false);
    assert.equal(run.json.comparison.deltas.roc_auc.verdict, "worse");
  });

  it("measures cost for both models and checks latency and size gates", () => {
    const dir = project(["size_mb: { max: 0.001 }", "latency_p95_ms: { max: 1000 }"]);
    const out = join(dir, "evaluation.json");
    const result = spawnSync(process.execPath, [bin, "evaluate", "--out", out, "--resamples", "50"], {
      cwd: dir,
      encoding: "utf8",
    });
    assert.equal(result.status, 1, result.stderr); // the forest is ~5 kB > 1 kB
    const json = JSON.parse(readFileSync(out, "utf8"));
    assertSchema(json);
    for (const side of [json.head, json.baseline]) {
      const { latency_ms, throughput_rows_per_s, peak_memory_bytes, size_bytes } = side.cost;
      assert.ok(latency_ms.p50 > 0 && latency_ms.p50 <= latency_ms.p99);
      assert.equal(latency_ms.rounds, 7);
      assert.ok(latency_ms.p95_low <= latency_ms.p95 && latency_ms.p95 <= latency_ms.p95_high);
      assert.ok(throughput_rows_per_s > 0);
      assert.equal(peak_memory_bytes, undefined, "not measured per model: both ran in one process");
      assert.equal(size_bytes, side.model.size_bytes);
    }
    assert.ok(json.peak_memory_bytes > 0);
    assert.ok(["faster", "slower", "noisy"].includes(json.latency_comparison.verdict));
    assert.deepEqual(
      json.gates.map((g: { metric: string; passed: boolean }) => [g.metric, g.passed]),
      [
        ["latency_p95_ms", true],
        ["size_mb", false],
      ],
    );
  });
});

describe("mlci evaluate --predictions", () => {
  it("scores predictions made elsewhere, head and baseline from one file", async () => {
    const file = join(scratch, "predictions.csv");
    writeFileSync(
      file,
      [
        "label,prediction,probability_0,probability_1,baseline_probability",
        "1,1,0.2,0.8,0.6",
        "0,0,0.7,0.3,0.4",
        "1,0,0.6,0.4,0.3",
        "0,0,0.9,0.1,0.7",
        "",
      ].join("\n"),
    );
    const run = await evaluate(["--predictions", file, "--target", "label", "--task", "binary"]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.json.head.metrics.accuracy, 0.75);
    assert.equal(run.json.head.metrics.roc_auc, 1); // positives 0.8, 0.4 above negatives 0.3, 0.1
    assert.equal(run.json.baseline.metrics.accuracy, 0.5); // 0.6->1 ok, 0.4->0 ok, 0.3->0 wrong, 0.7->1 wrong
    assert.equal(run.json.baseline.metrics.roc_auc, 0.25); // positives 0.6, 0.3 vs negatives 0.4, 0.7: 1 of 4 pairs
    assert.deepEqual(run.json.head.model, { predictions: file });
    assertSchema(run.json);
  });
});

describe("mlci evaluate refuses outputs that are not probabilities", () => {
  function file(name: string, rows: string[]): string {
    const path = join(scratch, name);
    writeFileSync(path, [...rows, ""].join("\n"));
    return path;
  }

  it("exits 2 on rows [0, p] naming the columns and the row, and scores them as ranking scores with --scores", async () => {
    const path = file("zero-first.csv", [
      "label,probability_0,probability_1",
      "1,0.2,0.8",
      "0,0,0.3",
      "1,0,0.4",
      "0,0,0.1",
    ]);
    const refused = await evaluate(["--predictions", path, "--target", "label", "--task", "binary"]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(
      refused.stderr,
      /output probability_0, probability_1 .* does not hold probabilities: at data row 2 it gives \{0: 0, 1: 0\.3\}; the row sums to 0\.3, not 1/,
    );
    assert.match(refused.stderr, /--scores/);
    assert.equal(refused.json, undefined);
    const scored = await evaluate(["--predictions", path, "--target", "label", "--task", "binary", "--scores"]);
    assert.equal(scored.code, 0, scored.stderr);
    assert.equal(scored.json.head.metrics.roc_auc, 1);
    assert.equal("log_loss" in scored.json.head.metrics, false);
    assert.equal("brier" in scored.json.head.metrics, false);
  });

  it("exits 2 on a score outside [0, 1]", async () => {
    const path = file("margins.csv", ["label,probability", "1,2.7", "0,-1.2"]);
    const refused = await evaluate(["--predictions", path, "--target", "label", "--task", "binary"]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(
      refused.stderr,
      /output probability .* at data row 1 it gives \{0: -1\.7, 1: 2\.7\}; -1\.7 is outside \[0, 1\]/,
    );
  });
});

describe("mlci evaluate --predictions, regression and multiclass", () => {
  it("scores regression predictions", async () => {
    const file = join(scratch, "regression.csv");
    writeFileSync(file, "y,prediction\n1,2\n2,2\n3,5\n4,4\n");
    const run = await evaluate(["--predictions", file, "--target", "y", "--task", "regression"]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.json.head.metrics.mae, 0.75); // |1-2| + 0 + |3-5| + 0 = 3, over 4 rows
    assert.equal(run.json.head.metrics.mse, 1.25);
    assertSchema(run.json);
  });

  it("takes the argmax of multiclass probability columns when there is no prediction column", async () => {
    const file = join(scratch, "multiclass.csv");
    writeFileSync(
      file,
      "arrival,probability_early,probability_late,probability_on_time\nlate,0.1,0.7,0.2\nearly,0.5,0.1,0.4\non_time,0.6,0.1,0.3\n",
    );
    const run = await evaluate(["--predictions", file, "--target", "arrival", "--task", "multiclass"]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.json.head.confusion_matrix, {
      labels: ["early", "late", "on_time"],
      matrix: [
        [1, 0, 0],
        [0, 1, 0],
        [1, 0, 0],
      ],
    });
  });
});

describe("mlci evaluate refuses bad input with exit 2", () => {
  it("lists the model's inputs and the missing columns", async () => {
    const run = await evaluate([
      "--model",
      join(models, "logistic_columns.onnx"),
      "--target",
      "delay",
      "--data",
      join(scratch, "few.csv"),
    ]);
    assert.equal(run.code, 2);
    writeFileSync(join(scratch, "few.csv"), "distance,delayed\n100,1\n200,0\n");
    const mismatch = await evaluate([
      "--model",
      join(models, "logistic_columns.onnx"),
      "--target",
      "delayed",
      "--data",
      join(scratch, "few.csv"),
    ]);
    assert.equal(mismatch.code, 2);
    assert.match(mismatch.stderr, /2 of 3 inputs have no column of the same name/);
    assert.match(mismatch.stderr, /input hour +int64 \[N,1\] +MISSING/);
    assert.match(mismatch.stderr, /missing columns: hour, weekend/);
    assert.equal(mismatch.json, undefined);
  });

  it("names a missing model file, a missing target column and a bad --task", async () => {
    const missing = await evaluate(["--model", join(models, "nope.onnx"), "--target", "delayed", "--data", sample]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /model file not found: .*nope\.onnx/);
    const target = await evaluate(["--model", join(models, "tree_binary.onnx"), "--target", "late", ...TREE]);
    assert.equal(target.code, 2);
    assert.match(target.stderr, /column not found in .*flights-sample\.csv: late/);
    const task = await evaluate([
      "--model",
      join(models, "tree_binary.onnx"),
      "--target",
      "delayed",
      "--task",
      "ranking",
      ...TREE,
    ]);
    assert.equal(task.code, 2);
    // The clobber target is a scratch copy: a broken guard must not overwrite the repository's fixture.
    const data = join(scratch, "clobber-target.csv");
    copyFileSync(sample, data);
    const clobber = await runCliCaptured([
      "evaluate",
      "--model",
      join(models, "tree_binary.onnx"),
      "--target",
      "delayed",
      ...TREE.slice(0, -1),
      data,
      "--out",
      data,
    ]);
    assert.equal(clobber.code, 2);
    assert.match(clobber.stderr, /is the input .*clobber-target\.csv; writing it would destroy the input/);
    assert.deepEqual(readFileSync(data), readFileSync(sample));
    const none = await evaluate(["--target", "delayed"]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no model: pass --model/);
  });
});
