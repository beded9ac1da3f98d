#!/usr/bin/env node
// The floor of bench/support/evaluate-floor.mjs as a process of its own, for a benchmark whose mlci
// run is a process too: Node's start-up and loading DuckDB and onnxruntime (their native libraries)
// are then on both sides. Prints the floor's in-process figures as JSON on stdout.
//
//   node bench/support/evaluate-floor-process.mjs DATA TARGET FEATURE,FEATURE,... MODEL...
import { evaluateFloor } from "./evaluate-floor.mjs";

const [data, target, features, ...models] = process.argv.slice(2);
if (!data || !target || !features || models.length === 0) {
  console.error("usage: evaluate-floor-process.mjs DATA TARGET FEATURE,... MODEL...");
  process.exit(2);
}
const result = await evaluateFloor({ data, models, features: features.split(","), target });
console.log(JSON.stringify(result));
