import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { InferenceSession, Tensor } from "onnxruntime-node";
import { runCliCaptured } from "./support/in-process-cli.js";
import { scratchDir } from "./support/scratch.js";

const example = fileURLToPath(new URL("../../examples/flights-delay/", import.meta.url));

interface Split {
  distance: number[];
  hour: number[];
  day_of_week: number[];
  origin: string[];
  delayed: number[];
}

async function readSplit(path: string): Promise<Split> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(
    `SELECT distance::DOUBLE, hour::INTEGER, day_of_week::INTEGER, origin, delayed::INTEGER FROM read_parquet('${path}')`,
  );
  const [distance, hour, day_of_week, origin, delayed] = reader.getColumnsJS() as [
    number[],
    number[],
    number[],
    string[],
    number[],
  ];
  connection.closeSync();
  instance.closeSync();
  return { distance, hour, day_of_week, origin, delayed };
}

/** Mann-Whitney AUC, written here independently of the example's own metrics. */
function auc(labels: readonly number[], scores: ArrayLike<number>): number {
  const idx = labels.map((_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let rank = 0;
  let positiveRanks = 0;
  let positives = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1] as number] === scores[idx[i] as number]) j++;
    const average = (rank + 1 + rank + (j - i + 1)) / 2;
    for (let k = i; k <= j; k++) {
      if (labels[idx[k] as number] === 1) {
        positiveRanks += average;
        positives++;
      }
    }
    rank += j - i + 1;
    i = j + 1;
  }
  return (positiveRanks - (positives * (positives + 1)) / 2) / (positives * (labels.length - positives));
}

function logLoss(labels: readonly number[], p: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const q = Math.min(Math.max(p[i] as number, 1e-15), 1 - 1e-15);
    sum -= labels[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return sum / labels.length;
}

async function runOnnx(modelPath: string, split: Split) {
  const session = await InferenceSession.create(modelPath);
  const n = split.delayed.length;
  const result = await session.run({
    distance: new Tensor("float32", Float32Array.from(split.distance), [n, 1]),
    hour: new Tensor("int64", BigInt64Array.from(split.hour, BigInt), [n, 1]),
    day_of_week: new Tensor("int64", BigInt64Array.from(split.day_of_week, BigInt), [n, 1]),
    origin: new Tensor("string", split.origin, [n, 1]),
  });
  await session.release();
  return { label: result.label as Tensor, probabilities: result.probabilities as Tensor };
}

/** `mlci ARGS` in the example's directory, in this process (the example's commands, not the binary, are the subject). */
const cli = (args: readonly string[]) => runCliCaptured(args, undefined, { cwd: example });

/** Runs the example's train.mjs (in a process of its own, as `mlci train` would) and checks it succeeded. */
function trainExample(out: string, extra: readonly string[] = []): void {
  const run = spawnSync(process.execPath, ["train.mjs", "--out", out, ...extra], { cwd: example, encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
}

describe("examples/flights-delay", () => {
  /** The model train.mjs makes with the example's settings, trained once for the tests that need one. */
  let trained: string;
  before(() => {
    trained = join(scratchDir("mlci-flights-model-"), "model.onnx");
    trainExample(trained);
  });

  it("its committed data is what prepare-data.mjs derives from vega-datasets", () => {
    const out = scratchDir("mlci-flights-data-");
    const run = spawnSync(process.execPath, [join(example, "prepare-data.mjs"), "--out-dir", out], {
      encoding: "utf8",
    });
    assert.equal(run.status, 0, run.stderr);
    for (const split of ["train", "test", "later"]) {
      assert.ok(
        readFileSync(join(out, `${split}.parquet`)).equals(readFileSync(join(example, "data", `${split}.parquet`))),
        `${split}.parquet differs from a fresh export`,
      );
    }
  });

  it("every split satisfies the data contract, and distances in kilometres break it", async () => {
    const validate = (data: string, out: string) => cli(["validate", data, "--schema", "schema.yml", "--out", out]);
    const dir = scratchDir("mlci-flights-contract-");
    for (const split of ["train", "test", "later"]) {
      const run = await validate(`data/${split}.parquet`, join(dir, `${split}.json`));
      assert.equal(run.code, 0, `${split}: ${run.stdout}${run.stderr}`);
    }
    const km = join(dir, "test-km.parquet");
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    await connection.run(
      `COPY (SELECT * REPLACE (CAST(round(distance * 1.609344) AS BIGINT) AS distance) FROM '${join(example, "data/test.parquet")}') TO '${km}'`,
    );
    connection.closeSync();
    instance.closeSync();
    const broken = await validate(km, join(dir, "km.json"));
    assert.equal(broken.code, 1, broken.stdout);
    const failed = JSON.parse(readFileSync(join(dir, "km.json"), "utf8"))
      .checks.filter((c: { passed: boolean }) => !c.passed)
      .map((c: { column: string; check: string }) => `${c.column}.${c.check}`);
    assert.deepEqual(failed, ["distance.max"]);
  });

  it("trains an ONNX model that beats the constant baseline on the held-out month", async () => {
    const train = await readSplit(join(example, "data/train.parquet"));
    const test = await readSplit(join(example, "data/test.parquet"));
    const { label, probabilities } = await runOnnx(trained, test);
    const n = test.delayed.length;
    assert.deepEqual(label.dims, [n]);
    assert.equal(label.type, "int64");
    assert.deepEqual(probabilities.dims, [n, 2]);
    const probs = probabilities.data as Float32Array;
    const labels = label.data as BigInt64Array;
    const pDelayed = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      pDelayed[i] = probs[2 * i + 1] as number;
      assert.ok(Math.abs((probs[2 * i] as number) + (pDelayed[i] as number) - 1) < 1e-6, `row ${i} sums to 1`);
      assert.equal(labels[i], (pDelayed[i] as number) > 0.5 ? 1n : 0n, `row ${i} label follows its probability`);
    }

    const rate = train.delayed.reduce((s, y) => s + y, 0) / train.delayed.length;
    const constantLoss = logLoss(test.delayed, new Float64Array(n).fill(rate));
    const modelAuc = auc(test.delayed, pDelayed);
    const modelLoss = logLoss(test.delayed, pDelayed);
    assert.ok(modelAuc > 0.6, `held-out ROC AUC ${modelAuc} should be clearly above 0.5`);
    assert.ok(modelLoss < constantLoss - 0.01, `held-out log loss ${modelLoss} vs constant ${constantLoss}`);
  });

  it("mlci evaluate and the PR report show it beats the constant model, significantly", async () => {
    const dir = scratchDir("mlci-flights-eval-");
    const head = trained;
    const constant = join(dir, "constant.onnx");
    trainExample(constant, ["--constant"]);
    const evaluation = join(dir, "evaluation.json");
    const evaluated = await cli([
      "evaluate",
      "--name",
      "flights-delay",
      "--model",
      head,
      "--baseline",
      constant,
      "--out",
      evaluation,
      "--no-progress",
    ]);
    assert.equal(evaluated.code, 0, `${evaluated.stdout}\n${evaluated.stderr}`);
    const result = JSON.parse(readFileSync(evaluation, "utf8"));
    // mlci.yml's gates: ROC AUC and log loss floors below the constant model's, latency, size.
    assert.deepEqual(
      result.gates.map((g: { metric: string; passed: boolean }) => [g.metric, g.passed]),
      [
        ["roc_auc", true],
        ["roc_auc", true],
        ["log_loss", true],
        ["log_loss", true],
        ["latency_p95_ms", true],
        ["size_mb", true],
      ],
    );
    assert.equal(result.passed, true);
    assert.equal(result.baseline.metrics.roc_auc, 0.5, "the constant model ranks nothing");
    for (const metric of ["roc_auc", "log_loss"]) {
      const delta = result.comparison.deltas[metric];
      assert.equal(delta.verdict, "better", `${metric}: ${JSON.stringify(delta)}`);
      assert.equal(delta.significant, true, metric);
    }
    // The constant model itself does not get through the example's gates: exit 1.
    const constantEvaluation = join(dir, "constant-evaluation.json");
    const gated = await cli([
      "evaluate",
      "--name",
      "flights-delay",
      "--model",
      constant,
      "--out",
      constantEvaluation,
      "--no-progress",
      "--no-cost",
    ]);
    assert.equal(gated.code, 1, gated.stdout);
    const failed = JSON.parse(readFileSync(constantEvaluation, "utf8"))
      .gates.filter((g: { passed: boolean; kind: string }) => !g.passed && (g.kind === "min" || g.kind === "max"))
      .map((g: { metric: string }) => g.metric);
    assert.deepEqual(failed, ["roc_auc", "log_loss"]);

    const report = await cli(["report", "--evaluation", evaluation]);
    assert.equal(report.code, 0, report.stderr);
    // Gated metrics come first, in bold and marked.
    assert.match(report.stdout, /\| \*\*roc_auc\*\* ↑ \(gated, primary\)[^\n]*🟢 better/);
    assert.match(report.stdout, /\| \*\*log_loss\*\* ↓ \(gated\)[^\n]*🟢 better/);
  });

  it("the ONNX graph computes what the JavaScript model computes", async () => {
    const lib = (name: string) => import(pathToFileURL(join(example, "lib", name)).href);
    const features = await lib("features.mjs");
    const logistic = await lib("logistic.mjs");
    const { exportOnnx } = await lib("onnx-export.mjs");
    const train = await readSplit(join(example, "data/train.parquet"));
    const later = await readSplit(join(example, "data/later.parquet"));
    const spec = features.fitFeatureSpec(train, 10);
    const model = logistic.fitLogistic(features.encodeRows(spec, train), train.delayed, features.featureCount(spec), {
      iterations: 50,
      learningRate: 0.1,
      l2: 0.001,
    });
    const modelPath = join(scratchDir("mlci-flights-graph-"), "model.onnx");
    writeFileSync(modelPath, exportOnnx(model, spec));
    const expected: Float64Array = logistic.predictLogistic(model, features.encodeRows(spec, later));
    const { probabilities } = await runOnnx(modelPath, later);
    const probs = probabilities.data as Float32Array;
    let worst = 0;
    for (let i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs((probs[2 * i + 1] as number) - (expected[i] as number)));
    }
    // float32 arithmetic in the graph against float64 in JavaScript.
    assert.ok(worst < 1e-5, `largest difference ${worst}`);
    // Origins outside the top 10 are all-zero rows in the one-hot block, in both.
    assert.ok(later.origin.some((o) => !spec.origins.includes(o)));

    const checker = spawnSync(
      "/usr/bin/python3",
      ["-c", "import onnx,sys; onnx.checker.check_model(onnx.load(sys.argv[1]))", modelPath],
      {
        encoding: "utf8",
      },
    );
    if (checker.error === undefined && !/No module named/.test(checker.stderr)) {
      assert.equal(checker.status, 0, `onnx.checker rejects the model: ${checker.stderr}`);
    }
  });
});
