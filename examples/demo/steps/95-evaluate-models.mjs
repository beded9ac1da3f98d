// Model evaluation on real data: a 24-tree forest (the "new" model) against a logistic regression (the
// "production" model), both fitted on 3,000 flights of January-June 2001 (packages/model/test-data),
// scored on 50,000 flights of March-April in one run: metric differences with paired-bootstrap
// intervals, slices by weekend and origin airport, cost, and the gates of an mlci.yml. The forest
// overfits its small sample and ranks flights worse than the simple model: the evaluation says so, and
// a max_drop gate on ROC AUC turns that into a failed run (exit 1).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { flightFeatures } from "../../../scripts/models/flight-features.mjs";

export const title =
  "More evaluation: a 24-tree forest vs a logistic regression on the same 50,000 flights; a max_drop gate fails";

const ROWS = 50_000;
/** Fewer than the default 1000 resamples: the demo should take seconds; the intervals barely move. */
const RESAMPLES = "300";

export async function run(demo) {
  const data = join(demo.out, "flights-2001-03-04-eval.parquet");
  // A hash-ordered sample: the same rows on every run and machine.
  await demo.duckdb.run(`COPY (
      SELECT ${flightFeatures()} FROM read_parquet('${demo.flights}')
      WHERE month(date) IN (3, 4) ORDER BY hash(date, delay, distance, origin, destination) LIMIT ${ROWS}
    ) TO '${data}' (FORMAT parquet)`);
  const models = join(demo.root, "packages", "model", "test-data");
  const config = (gates) =>
    [
      "models:",
      "  delay:",
      `    path: ${join(models, "flights_forest.onnx")}`,
      `    baseline: ${join(models, "logistic_columns.onnx")}`,
      `    data: ${data}`,
      "    target: delayed",
      "    features: [distance, hour, weekday]",
      "    slices: [weekend, origin]",
      "    gates:",
      ...gates.map((g) => `      ${g}`),
      "",
    ].join("\n");
  const passing = join(demo.out, "mlci-evaluate.yml");
  writeFileSync(passing, config(["latency_p95_ms: { max: 50 }", "size_mb: { max: 1 }"]));
  demo.say("head: packages/model/test-data/flights_forest.onnx, baseline: logistic_columns.onnx (see docs/models.md)");
  const result = join(demo.out, "evaluation.json");
  await demo.mlci([
    "evaluate",
    "--config",
    demo.path(passing),
    "--out",
    demo.path(result),
    "--no-progress",
    "--resamples",
    RESAMPLES,
  ]);
  const strict = join(demo.out, "mlci-evaluate-strict.yml");
  writeFileSync(strict, config(["roc_auc: { max_drop: 0.005 }"]));
  demo.say("\nWith a gate that allows ROC AUC to drop by at most 0.005 below production, the run fails:");
  await demo.mlci(
    [
      "evaluate",
      "--config",
      demo.path(strict),
      "--out",
      demo.path(join(demo.out, "evaluation-strict.json")),
      "--no-progress",
      "--no-cost",
      "--resamples",
      "200",
    ],
    { expect: 1 },
  );
  demo.values.evaluation = result;
}
