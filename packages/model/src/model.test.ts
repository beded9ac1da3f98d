import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { ColumnBatch, ColumnValues } from "@mlci/core/column-batch.js";
import type { Task } from "@mlci/core/metrics/names.js";
import { ProblemError } from "@mlci/core/problem.js";
import { measureLatency } from "./cost.js";
import { type ColumnSpec, type InputPlan, planInputs } from "./input-plan.js";
import { decodeLabels } from "./labels.js";
import { type LoadedModel, loadModel } from "./load-model.js";
import { planOutputs } from "./outputs.js";
import { createPredictor, type PredictionBatch } from "./predictor.js";

const testData = fileURLToPath(new URL("../test-data/", import.meta.url));
const expected = JSON.parse(readFileSync(join(testData, "expected-outputs.json"), "utf8"));
const ROWS: number = expected.rows;

/** The sample CSV as a batch: numbers where the column is numeric (true/false as 1/0), text otherwise. */
function sampleBatch(rows: number): { batch: ColumnBatch; columns: ColumnSpec[] } {
  const [header, ...lines] = readFileSync(join(testData, "flights-sample.csv"), "utf8").trim().split("\n");
  const names = (header as string).split(",");
  const cells = lines.slice(0, rows).map((l) => l.split(","));
  const types: Record<string, string> = {
    distance: "DOUBLE",
    hour: "BIGINT",
    weekday: "BIGINT",
    weekend: "BOOLEAN",
    origin: "VARCHAR",
    delay: "DOUBLE",
    delayed: "BIGINT",
    arrival: "VARCHAR",
  };
  const columns = new Map<string, ColumnValues>();
  names.forEach((name, j) => {
    const raw = cells.map((c) => c[j] as string);
    columns.set(
      name,
      types[name] === "VARCHAR"
        ? { kind: "string", values: raw }
        : { kind: "number", values: Float64Array.from(raw, (v) => (v === "true" ? 1 : v === "false" ? 0 : Number(v))) },
    );
  });
  return {
    batch: { rows: cells.length, offset: 0, columns },
    columns: names.map((name) => ({ name, duckdbType: types[name] as string })),
  };
}

const loaded: LoadedModel[] = [];
after(async () => {
  for (const model of loaded) await model.close();
});

async function load(name: string): Promise<LoadedModel> {
  const result = await loadModel(join(testData, name));
  assert.ok(result.ok, result.ok ? "" : result.error.message);
  loaded.push(result.value);
  return result.value;
}

async function run(name: string, task: Task, features?: string[]): Promise<PredictionBatch> {
  const model = await load(name);
  const { batch, columns } = sampleBatch(ROWS);
  const inputs = planInputs(model.inputs, columns, features);
  assert.ok(inputs.ok, inputs.ok ? "" : inputs.error.message);
  const outputs = planOutputs(model.outputs, task, model.classLabels, model.zipmapOutputs);
  assert.ok(outputs.ok, outputs.ok ? "" : outputs.error.message);
  return createPredictor(model, inputs.value, outputs.value).predict(batch);
}

function assertClose(actual: ArrayLike<number>, wanted: readonly number[], tolerance = 1e-5): void {
  assert.equal(actual.length, wanted.length);
  for (let i = 0; i < wanted.length; i++) {
    const a = actual[i] as number;
    const w = wanted[i] as number;
    assert.ok(Math.abs(a - w) <= tolerance * Math.max(1, Math.abs(w)), `[${i}] ${a} != ${w}`);
  }
}

describe("loadModel", () => {
  it("describes inputs and outputs and identifies the file by size and sha256", async () => {
    const model = await load("logistic_columns.onnx");
    const bytes = readFileSync(join(testData, "logistic_columns.onnx"));
    assert.equal(model.file.sizeBytes, bytes.length);
    assert.equal(model.file.sha256, createHash("sha256").update(bytes).digest("hex"));
    assert.deepEqual(
      model.inputs.map((i) => [i.name, i.type, i.shape.length, i.shape[1]]),
      [
        ["distance", "float32", 2, 1],
        ["hour", "int64", 2, 1],
        ["weekend", "bool", 2, 1],
      ],
    );
    assert.deepEqual(
      model.outputs.map((o) => [o.name, o.type]),
      [
        ["output_label", "int64"],
        ["output_probability", "float32"],
      ],
    );
  });

  it("reads the class labels of a tree classifier, numbers and strings", async () => {
    assert.deepEqual((await load("tree_binary.onnx")).classLabels, ["0", "1"]);
    assert.deepEqual((await load("tree_multiclass.onnx")).classLabels, ["early", "late", "on_time"]);
  });

  it("refuses a file that is not ONNX, and a missing file, as input problems", async () => {
    const bogus = join(tmpdir(), `mlci-not-a-model-${process.pid}.onnx`);
    writeFileSync(bogus, "this is not a protobuf");
    const bad = await loadModel(bogus);
    rmSync(bogus);
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.match(bad.error.message, /is not an ONNX model onnxruntime can load/);
    const missing = await loadModel(join(testData, "nope.onnx"));
    assert.equal(missing.ok, false);
    if (!missing.ok) assert.match(missing.error.message, /^model file not found: .*nope\.onnx$/);
  });
});

describe("planInputs", () => {
  it("maps per-column inputs by name", async () => {
    const model = await load("logistic_columns.onnx");
    const plan = planInputs(model.inputs, sampleBatch(1).columns);
    assert.ok(plan.ok);
    assert.deepEqual(
      (plan.value as Extract<InputPlan, { mode: "columns" }>).inputs.map((i) => [i.input.name, i.column, i.rank]),
      [
        ["distance", "distance", 2],
        ["hour", "hour", 2],
        ["weekend", "weekend", 2],
      ],
    );
  });

  it("lists every input with type and shape and the missing columns when names do not match", async () => {
    const model = await load("logistic_columns.onnx");
    const plan = planInputs(model.inputs, [
      { name: "distance", duckdbType: "DOUBLE" },
      { name: "dep_hour", duckdbType: "BIGINT" },
    ]);
    assert.equal(plan.ok, false);
    if (plan.ok) return;
    assert.equal(
      plan.error.message,
      [
        "the model's inputs do not match the data's columns: 2 of 3 inputs have no column of the same name",
        "  input distance  float32 [N,1]     column distance (DOUBLE)",
        "  input hour      int64 [N,1]       MISSING",
        "  input weekend   bool [N,1]        MISSING",
        "  missing columns: hour, weekend",
        "  columns in the data: distance, dep_hour",
      ].join("\n"),
    );
  });

  it("suggests --features for a single matrix input", async () => {
    const model = await load("tree_binary.onnx");
    const plan = planInputs(model.inputs, sampleBatch(1).columns);
    assert.equal(plan.ok, false);
    if (!plan.ok) {
      assert.match(plan.error.message, /input input +float32 \[N,3\] +MISSING/);
      assert.match(plan.error.fix ?? "", /--features/);
    }
  });

  it("fills one 2-D input from the features list, and checks its width", async () => {
    const model = await load("tree_binary.onnx");
    const { columns } = sampleBatch(1);
    const plan = planInputs(model.inputs, columns, ["distance", "hour", "weekday"]);
    assert.deepEqual(plan.ok && plan.value.mode === "matrix" && plan.value.columns, ["distance", "hour", "weekday"]);
    const narrow = planInputs(model.inputs, columns, ["distance", "hour"]);
    assert.equal(narrow.ok, false);
    if (!narrow.ok) assert.match(narrow.error.message, /input is float32 \[N,3\], which does not take 2 features/);
    const unknown = planInputs(model.inputs, columns, ["distance", "hour", "day"]);
    assert.equal(unknown.ok, false);
    if (!unknown.ok) assert.match(unknown.error.message, /^features not found in the data: day/);
  });

  it("refuses a text column for a numeric input", async () => {
    const model = await load("tree_binary.onnx");
    const plan = planInputs(model.inputs, sampleBatch(1).columns, ["distance", "origin", "weekday"]);
    assert.equal(plan.ok, false);
    if (!plan.ok) assert.match(plan.error.message, /is float32 \[N,3\] but column origin is VARCHAR \(text\)/);
  });
});

describe("predict", () => {
  it("runs per-column float, int64 and bool inputs like numpy does", async () => {
    const want = expected["logistic_columns.onnx"];
    const out = await run("logistic_columns.onnx", "binary");
    assert.deepEqual(out.labels && decodeLabels(out.labels), want.label.map(String));
    assertClose(out.probabilities as Float64Array, want.probabilities.flat());
  });

  it("runs a tree ensemble on one float matrix", async () => {
    const want = expected["tree_binary.onnx"];
    const out = await run("tree_binary.onnx", "binary", want.features);
    assert.deepEqual(out.labels && decodeLabels(out.labels), want.label.map(String));
    assertClose(out.probabilities as Float64Array, want.probabilities.flat());
  });

  it("returns string labels of a multiclass model with probabilities in class-label order", async () => {
    const want = expected["tree_multiclass.onnx"];
    const out = await run("tree_multiclass.onnx", "multiclass", want.features);
    assert.deepEqual(out.labels && decodeLabels(out.labels), want.label);
    assertClose(out.probabilities as Float64Array, want.probabilities.flat());
  });

  it("reads a regression output [N,1] from a double matrix input", async () => {
    const want = expected["tree_regressor.onnx"];
    const out = await run("tree_regressor.onnx", "regression", want.features);
    assertClose(out.values as Float64Array, want.prediction);
  });

  it("feeds a string input and reads a single score as P(positive)", async () => {
    const want = expected["string_columns.onnx"];
    const out = await run("string_columns.onnx", "binary");
    assertClose(out.values as Float64Array, want.score);
    assert.deepEqual(
      out.labels && decodeLabels(out.labels),
      want.score.map((p: number) => (p >= 0.5 ? "1" : "0")),
    );
  });

  it("names the column and row of a missing value an int64 input cannot hold", async () => {
    const model = await load("logistic_columns.onnx");
    const { batch, columns } = sampleBatch(5);
    const hour = (batch.columns.get("hour") as { values: Float64Array }).values;
    hour[3] = Number.NaN;
    const inputs = planInputs(model.inputs, columns);
    const outputs = planOutputs(model.outputs, "binary", model.classLabels);
    assert.ok(inputs.ok && outputs.ok);
    const predictor = createPredictor(model, inputs.value, outputs.value);
    await assert.rejects(predictor.predict(batch), (error: unknown) => {
      assert.ok(error instanceof ProblemError);
      assert.match(error.message, /^column hour has a missing value at data row 4, which a int64 model input/);
      return true;
    });
  });
});

describe("ZipMap", () => {
  for (const [plain, zipmap, task] of [
    ["tree_binary.onnx", "tree_binary_zipmap.onnx", "binary"],
    ["tree_multiclass.onnx", "tree_multiclass_zipmap.onnx", "multiclass"],
  ] as const) {
    it(`${zipmap} gives exactly the outputs of ${plain}`, async () => {
      const features = expected[plain].features;
      const model = await load(zipmap);
      assert.deepEqual(model.zipmapOutputs, ["output_probability"]);
      assert.deepEqual(model.classLabels, expected[plain].classes.map(String));
      const withZipMap = await run(zipmap, task, features);
      const without = await run(plain, task, features);
      assert.deepEqual(withZipMap.labels, without.labels); // names and codes alike
      assert.deepEqual(withZipMap.probabilities, without.probabilities);
    });
  }
});

describe("measureLatency", () => {
  it("gives ordered positive percentiles", async () => {
    const model = await load("tree_binary.onnx");
    const { batch, columns } = sampleBatch(50);
    const plan = planInputs(model.inputs, columns, ["distance", "hour", "weekday"]);
    assert.ok(plan.ok);
    const latency = await measureLatency(model, plan.value, batch, { warmup: 2, samples: 40, rounds: 5 });
    assert.ok(latency.p50 > 0 && latency.p50 <= latency.p99, JSON.stringify(latency));
    assert.equal(latency.rounds, 5);
    assert.ok(latency.p95_low <= latency.p95 && latency.p95 <= latency.p95_high, JSON.stringify(latency));
  });
});
