import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { ColumnBatch } from "@mlci/core/column-batch.js";
import { ProblemError } from "@mlci/core/problem.js";
import { countRows, streamColumnBatches } from "./column-batches.js";
import { type DataSource, openDataSource } from "./data-source.js";

const scratch = mkdtempSync(join(tmpdir(), "mlci-batches-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

async function open(name: string, text: string): Promise<DataSource> {
  const path = join(scratch, name);
  writeFileSync(path, text);
  const opened = await openDataSource(path);
  assert.ok(opened.ok, JSON.stringify(!opened.ok && opened.error));
  return opened.value;
}

async function collect(source: DataSource, columns: string[], batchRows?: number): Promise<ColumnBatch[]> {
  const batches: ColumnBatch[] = [];
  for await (const batch of streamColumnBatches(source, columns, batchRows ? { batchRows } : {})) batches.push(batch);
  return batches;
}

test("numbers, booleans and text come as typed columns, missing values as NaN and null", async () => {
  const source = await open("mixed.csv", "n,flag,name,day\n1,true,a,2024-01-02\n,false,,2024-01-03\n2.5,,c,\n");
  const [batch, ...rest] = await collect(source, ["n", "flag", "name", "day"]);
  source.close();
  assert.equal(rest.length, 0);
  assert.equal(batch?.rows, 3);
  assert.deepEqual(batch?.columns.get("n"), { kind: "number", values: Float64Array.from([1, Number.NaN, 2.5]) });
  assert.deepEqual(batch?.columns.get("flag"), { kind: "number", values: Float64Array.from([1, 0, Number.NaN]) });
  assert.deepEqual(batch?.columns.get("name"), { kind: "string", values: ["a", null, "c"] });
  assert.deepEqual(batch?.columns.get("day"), { kind: "string", values: ["2024-01-02", "2024-01-03", null] });
});

test("batches hold batchRows rows across DuckDB chunk boundaries, in file order, with their offsets", async () => {
  const rows = 5000; // more than two DuckDB chunks of 2048
  const source = await open("long.csv", `i,s\n${Array.from({ length: rows }, (_, i) => `${i},r${i}`).join("\n")}\n`);
  assert.equal(await countRows(source), rows);
  const batches = await collect(source, ["s", "i"], 1500);
  source.close();
  assert.deepEqual(
    batches.map((b) => [b.offset, b.rows]),
    [
      [0, 1500],
      [1500, 1500],
      [3000, 1500],
      [4500, 500],
    ],
  );
  const all = batches.flatMap((b) => Array.from((b.columns.get("i") as { values: Float64Array }).values));
  assert.deepEqual(
    all,
    Array.from({ length: rows }, (_, i) => i),
  );
  const last = batches[3]?.columns.get("s");
  assert.equal(last?.kind === "string" && last.values[499], "r4999");
});

test("a value DuckDB cannot read deep in a CSV stops the stream with an input problem", async () => {
  // Past the sniffer's sample (20480 rows), so the file opens and the scan fails later.
  const good = Array.from({ length: 30000 }, (_, i) => `${i},x`).join("\n");
  const source = await open("bad.csv", `i,s\n${good}\nnot-a-number,x\n`);
  await assert.rejects(collect(source, ["i"]), (error: unknown) => {
    assert.ok(error instanceof ProblemError, String(error));
    assert.equal(error.problems[0]?.kind, "input");
    return true;
  });
  source.close();
});

test("missing numbers stay missing at their rows when batches start in the middle of DuckDB's chunks", async () => {
  // Numbers are copied a chunk slice at a time with the chunk's validity mask: offsets inside a chunk
  // (batches of 1500 over chunks of 2048) must shift the mask with the values.
  const rows = 5000;
  const missing = (i: number) => i % 7 === 3 || i === 2047 || i === 2048;
  const text = Array.from({ length: rows }, (_, i) => (missing(i) ? "," : `${i},${i / 2}`)).join("\n");
  const source = await open("gaps.csv", `a,b\n${text}\n`);
  const batches = await collect(source, ["a", "b"], 1500);
  source.close();
  const column = (name: string) =>
    batches.flatMap((b) => Array.from((b.columns.get(name) as { values: Float64Array }).values));
  assert.deepEqual(
    column("a"),
    Array.from({ length: rows }, (_, i) => (missing(i) ? Number.NaN : i)),
  );
  assert.deepEqual(
    column("b"),
    Array.from({ length: rows }, (_, i) => (missing(i) ? Number.NaN : i / 2)),
  );
});

test("with reuse, every batch is read into the same arrays, and each holds its own rows when it is read", async () => {
  const rows = 5000;
  const source = await open("reuse.csv", `i\n${Array.from({ length: rows }, (_, i) => i).join("\n")}\n`);
  const seen: number[] = [];
  const buffers = new Set<ArrayBufferLike>();
  for await (const batch of streamColumnBatches(source, ["i"], { batchRows: 1500, reuse: true })) {
    const values = (batch.columns.get("i") as { values: Float64Array }).values;
    buffers.add(values.buffer);
    seen.push(...values);
  }
  source.close();
  assert.deepEqual(
    seen,
    Array.from({ length: rows }, (_, i) => i),
  );
  assert.equal(buffers.size, 1);
});
