// The floor of `mlci evaluate`, the work it cannot avoid, run in the benchmark's own process: DuckDB
// reads the feature and target columns into typed arrays, then each model is loaded (an onnxruntime
// session) and run over tensors built beforehand (building them is not timed).
import { DuckDBInstance } from "@duckdb/node-api";

// mlci turns onnxruntime's telemetry off before loading it (packages/model/src/onnxruntime-module.ts,
// about 20 ms of CPU a process); so does its floor, or the floor would carry a cost mlci does not.
process.env.ORT_DISABLE_TELEMETRY ||= "1";
const { default: ort } = await import("onnxruntime-node");

const BATCH = 65_536; // the batch size mlci uses (packages/engine/src/column-batches.ts)

function cpuSeconds(usage) {
  return (usage.user + usage.system) / 1e6;
}

async function readColumns(data, columns) {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const result = await connection.stream(
    `SELECT ${columns.map((c) => `CAST(${c} AS DOUBLE)`).join(", ")} FROM read_parquet('${data}')`,
  );
  const chunks = [];
  let rows = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    chunks.push(
      columns.map((_, j) => {
        const vector = chunk.getColumnVector(j);
        const out = new Float64Array(chunk.rowCount);
        for (let i = 0; i < chunk.rowCount; i++) out[i] = vector.getItem(i) ?? Number.NaN;
        return out;
      }),
    );
    rows += chunk.rowCount;
  }
  connection.closeSync();
  instance.closeSync();
  return { chunks, rows };
}

/** Row-major float32 [n, features] tensors of BATCH rows, as the models want. */
function tensors(chunks, rows, features) {
  const width = features.length;
  const matrix = new Float32Array(rows * width);
  let offset = 0;
  for (const arrays of chunks) {
    const n = arrays[0].length;
    for (let i = 0; i < n; i++) for (let j = 0; j < width; j++) matrix[(offset + i) * width + j] = arrays[j][i];
    offset += n;
  }
  const out = [];
  for (let start = 0; start < rows; start += BATCH) {
    const n = Math.min(BATCH, rows - start);
    out.push(new ort.Tensor("float32", matrix.subarray(start * width, (start + n) * width), [n, width]));
  }
  return out;
}

/** Reads `features` and `target` of the Parquet file `data` and runs every model over all rows. */
export async function evaluateFloor({ data, models, features, target }) {
  const readCpu = process.cpuUsage();
  const readStarted = performance.now();
  const { chunks, rows } = await readColumns(data, [...features, target]);
  const readSeconds = (performance.now() - readStarted) / 1000;
  const readCpuSeconds = cpuSeconds(process.cpuUsage(readCpu));
  const inputs = tensors(chunks, rows, features);
  let runSeconds = 0;
  let runCpuSeconds = 0;
  for (const model of models) {
    const runCpu = process.cpuUsage();
    const runStarted = performance.now();
    const session = await ort.InferenceSession.create(model, { graphOptimizationLevel: "all" });
    const input = session.inputNames[0];
    for (const tensor of inputs) await session.run({ [input]: tensor });
    runSeconds += (performance.now() - runStarted) / 1000;
    runCpuSeconds += cpuSeconds(process.cpuUsage(runCpu));
    await session.release();
  }
  return {
    rows,
    readSeconds,
    runSeconds,
    seconds: readSeconds + runSeconds,
    cpuSeconds: readCpuSeconds + runCpuSeconds,
  };
}
