// The floor of the evaluate benchmarks as a contender of the harness: evaluate-floor-process.mjs run
// as a process of its own, timed as mlci's process is (Node's start-up and loading DuckDB and
// onnxruntime on both sides). Kept apart from evaluate-floor.mjs, which the floor's process loads:
// that process stays free of the harness.
import { join } from "node:path";
import { median, processContender, ROOT } from "./harness.mjs";

/** The floor over `models`; each run also keeps its read + run time inside its process and its row count. */
export function floorProcessContender({ data, target, features, models }) {
  const contender = processContender(
    `floor: Node start-up, loading DuckDB and onnxruntime, DuckDB read + ${models.length === 1 ? "the model" : "both models"}`,
    process.execPath,
    [join(ROOT, "bench/support/evaluate-floor-process.mjs"), data, target, features.join(","), ...models],
  );
  return {
    name: contender.name,
    run: () => {
      const run = contender.run();
      const inside = JSON.parse(run.stdout);
      return { ...run, rows: inside.rows, inProcessSeconds: inside.seconds };
    },
  };
}

/** The line comparing mlci with the floor's in-process read + run (the floor before 2026-12-05 19:00). */
export function inProcessLine(result, mlciName, floorName) {
  const inProcess = result.samples[floorName].map((m) => m.inProcessSeconds);
  const inProcessMedian = median(inProcess);
  const mlciMedian = median(result.samples[mlciName].map((m) => m.seconds));
  return {
    inProcessMedian,
    text: `floor's DuckDB read + model runs inside its process (start-up and loading excluded): ${inProcessMedian.toFixed(2)} s (${Math.min(...inProcess).toFixed(2)}–${Math.max(...inProcess).toFixed(2)}); mlci / that: ${(mlciMedian / inProcessMedian).toFixed(2)}x`,
  };
}
