import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, test } from "node:test";
import { DuckDBInstance } from "@duckdb/node-api";
import { formatFromPath, openDataSource, openDataSources } from "./data-source.js";

const fixtures = "test/fixtures/engine";
const scratch = mkdtempSync(join(tmpdir(), "mlci-engine-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

async function count(path: string): Promise<number> {
  const opened = await openDataSource(path);
  assert.ok(opened.ok, JSON.stringify(!opened.ok && opened.error));
  const reader = await opened.value.connection.runAndReadAll(`SELECT count(*) FROM ${opened.value.relation}`);
  opened.value.close();
  return Number(reader.getRows()[0]?.[0]);
}

test("formats come from extensions, compressed CSV included", () => {
  assert.equal(formatFromPath("a/b.csv.gz"), "csv");
  assert.equal(formatFromPath("x.TSV"), "tsv");
  assert.equal(formatFromPath("x.jsonl"), "ndjson");
  assert.equal(formatFromPath("https://h/x.parquet?sig=1"), "parquet");
  assert.equal(formatFromPath("x.txt"), undefined);
});

test("a CSV opens with its columns and DuckDB types", async () => {
  const opened = await openDataSource(join(fixtures, "small.csv"));
  assert.ok(opened.ok);
  assert.deepEqual(opened.value.columns, [
    { name: "x", duckdbType: "BIGINT" },
    { name: "y", duckdbType: "VARCHAR" },
  ]);
  opened.value.close();
});

test("every format reads the same rows", async () => {
  writeFileSync(join(scratch, "d.json"), JSON.stringify([{ x: 1 }, { x: 2 }, { x: 3 }]));
  writeFileSync(join(scratch, "d.ndjson"), '{"x":1}\n{"x":2}\n{"x":3}\n');
  writeFileSync(join(scratch, "d.tsv"), "x\ty\n1\ta\n2\tb\n3\tc\n");
  for (const name of ["d.json", "d.ndjson", "d.tsv"]) assert.equal(await count(join(scratch, name)), 3, name);
  assert.equal(await count("node_modules/vega-datasets/data/flights-3m.parquet"), 3_000_000);
});

test("a glob reads every matching file", async () => {
  writeFileSync(join(scratch, "part-1.csv"), "x\n1\n2\n");
  writeFileSync(join(scratch, "part-2.csv"), "x\n3\n");
  assert.equal(await count(join(scratch, "part-*.csv")), 3);
  // A glob has no one size; a file's is known (plans for small files depend on it).
  const glob = await openDataSource(join(scratch, "part-*.csv"));
  const file = await openDataSource(join(scratch, "part-1.csv"));
  assert.ok(glob.ok && file.ok);
  assert.equal(glob.value.bytes, undefined);
  assert.equal(file.value.bytes, "x\n1\n2\n".length);
  glob.value.close();
  file.value.close();
});

async function problemOf(path: string) {
  const opened = await openDataSource(path);
  assert.equal(opened.ok, false, `${path} should not open`);
  if (opened.ok) throw new Error("unreachable");
  assert.equal(opened.error.length, 1);
  const [problem] = opened.error;
  assert.ok(problem);
  assert.equal(problem.kind, "input");
  assert.ok(problem.fix, "every problem says how to fix it");
  return problem;
}

test("bad sources give one problem naming the file and the fix", async () => {
  assert.match((await problemOf("no/such/file.csv")).message, /not found/);
  assert.match((await problemOf(join(scratch, "none-*.csv"))).message, /matches no file/);
  assert.match((await problemOf(join(fixtures, "corrupt.parquet"))).message, /Parquet/);
  assert.match((await problemOf("data.txt")).message, /format/);
  assert.match((await problemOf("https://example.invalid/x.parquet")).message, /httpfs/);
});

test("a ragged CSV row is named by its line, early or deep in the file", async () => {
  const early = await problemOf(join(fixtures, "ragged.csv"));
  assert.equal(early.location?.line, 4);
  assert.match(early.message, /expected 3 fields.*found 4/);

  const lines = ["a,b,c"];
  for (let i = 0; i < 50_000; i++) lines.push(i === 40_000 ? "1,2,3,4" : `${i},${i},x${i}`);
  const deep = join(scratch, "deep.csv");
  writeFileSync(deep, `${lines.join("\n")}\n`);
  const opened = await openDataSource(deep);
  assert.ok(opened.ok, "the sniffer sample does not reach the bad row");
  await assert.rejects(opened.value.connection.run(`SELECT count(*) FROM ${opened.value.relation}`), /Line: 40002/);
  opened.value.close();
});

test("DuckDB spills into a private directory of the system's temp dir, removed on close, never the cwd", async () => {
  const before = readdirSync(".");
  const opened = await openDataSource(join(fixtures, "small.csv"));
  assert.ok(opened.ok);
  const { connection } = opened.value;
  const setting = await connection.runAndReadAll("SELECT current_setting('temp_directory') AS dir");
  const spill = String(setting.getRowObjectsJS()[0]?.dir);
  assert.equal(dirname(resolve(spill)), resolve(tmpdir()));
  // About 30 MB of rows kept under a 20 MB limit: they spill.
  await connection.run("SET memory_limit = '20MB'");
  await connection.run(
    "CREATE TEMP TABLE kept AS SELECT i, md5(i::VARCHAR) || md5((i + 1)::VARCHAR) AS s FROM range(400000) AS r(i)",
  );
  const spilled = await connection.runAndReadAll("SELECT count(*) AS n FROM duckdb_temporary_files()");
  assert.ok(Number(spilled.getRowObjectsJS()[0]?.n) > 0, "the rows spilled");
  assert.ok(readdirSync(spill).length > 0);
  opened.value.close();
  assert.equal(existsSync(spill), false, "removed with the database");
  assert.deepEqual(readdirSync("."), before, "nothing written to the current directory");
});

test("the spill directory goes when the process is interrupted or terminated while DuckDB has spilled", async () => {
  const dataSource = new URL("./data-source.js", import.meta.url).href;
  // Opens a source, makes DuckDB spill, says so, and waits to be ended by a signal.
  const script = `const { openDataSource } = await import(${JSON.stringify(dataSource)});
    const opened = await openDataSource(${JSON.stringify(join(fixtures, "small.csv"))});
    const { connection } = opened.value;
    await connection.run("SET memory_limit = '20MB'");
    await connection.run("CREATE TEMP TABLE kept AS SELECT i, md5(i::VARCHAR) || md5((i + 1)::VARCHAR) AS s FROM range(400000) AS r(i)");
    console.log("spilled");
    setInterval(() => {}, 1000);`;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    const temp = mkdtempSync(join(tmpdir(), "mlci-spill-signal-"));
    try {
      const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
        env: { ...process.env, TMPDIR: temp },
        stdio: ["ignore", "pipe", "inherit"],
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          if (chunk.toString().includes("spilled")) resolve();
        });
        child.on("exit", (code) => reject(new Error(`exited (${code}) before spilling`)));
      });
      const spills = readdirSync(temp).filter((name) => name.startsWith("mlci-duckdb-"));
      assert.equal(spills.length, 1, "one spill directory while it runs");
      assert.ok(readdirSync(join(temp, spills[0] ?? "")).length > 0, "with DuckDB's spill files in it");
      const ended = new Promise((resolve) => child.on("exit", (_code, by) => resolve(by)));
      child.kill(signal);
      assert.equal(await ended, signal, `ended by ${signal}, as without mlci`);
      assert.deepEqual(readdirSync(temp), [], `nothing left after ${signal}`);
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  }
});

test("DuckDB never downloads an extension a query asks for; one installed by the user still loads", async () => {
  const opened = await openDataSource(join(fixtures, "small.csv"));
  assert.ok(opened.ok);
  const setting = async (name: string) =>
    (await opened.value.connection.runAndReadAll(`SELECT current_setting('${name}')`)).getRows()[0]?.[0];
  try {
    assert.equal(await setting("autoinstall_known_extensions"), false);
    assert.equal(await setting("autoload_known_extensions"), true);
  } finally {
    opened.value.close();
  }
});

test("a small file is read by one DuckDB thread, a large one by DuckDB's default", async () => {
  const threads = async (path: string): Promise<number> => {
    const opened = await openDataSource(path);
    assert.ok(opened.ok);
    const reader = await opened.value.connection.runAndReadAll("SELECT current_setting('threads') AS n");
    opened.value.close();
    return Number(reader.getRowObjectsJS()[0]?.n);
  };
  assert.equal(await threads(join(fixtures, "small.csv")), 1);
  // flights-3m.parquet is 13 MB: DuckDB keeps its own default (one thread per core).
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const defaults = await connection.runAndReadAll("SELECT current_setting('threads') AS n");
  instance.closeSync();
  assert.equal(
    await threads("node_modules/vega-datasets/data/flights-3m.parquet"),
    Number(defaults.getRowObjectsJS()[0]?.n),
  );
});

test("a CSV is sniffed once: the view reads it with the sniffed dialect and types, as auto-detection does", async () => {
  // Quoted delimiters, a semicolon dialect, a day-first date format, a blank and a repeated header
  // name, CRLF lines and a TSV: each read through the view equals DuckDB's own auto-detecting read.
  const day = (i: number) => `${String((i % 28) + 1).padStart(2, "0")}/0${(i % 9) + 1}/2024`;
  const rows = Array.from({ length: 40 }, (_, i) => `${i};"a; ${i}";${day(i)};${i % 3 === 0 ? "" : i / 4};${i}`);
  const files: Record<string, string> = {
    "semi.csv": `${["id;text;when;;id", ...rows].join("\n")}\n`,
    "quoted.csv": `${["k,v", ...Array.from({ length: 30 }, (_, i) => `${i},"x, ""${i}"""`)].join("\r\n")}\r\n`,
    "tabs.tsv": "a\tb\n1\tx\n2\ty\n",
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(scratch, name), text);
  const instance = await DuckDBInstance.create(":memory:");
  const auto = await instance.connect();
  for (const name of Object.keys(files)) {
    const path = join(scratch, name);
    const opened = await openDataSource(path);
    assert.ok(opened.ok, JSON.stringify(!opened.ok && opened.error));
    const { connection, relation, columns } = opened.value;
    const definition = await connection.runAndReadAll("SELECT sql FROM duckdb_views() WHERE view_name = 'mlci_data'");
    // Binding the view must not sniff again: every option is spelled out.
    assert.match(String(definition.getRows()[0]?.[0]), /auto_detect = (false|CAST\('f' AS BOOLEAN\))/, name);
    const ours = await connection.runAndReadAll(`SELECT * FROM ${relation}`);
    const delim = name.endsWith(".tsv") ? ", delim = '\t'" : "";
    const theirs = await auto.runAndReadAll(`SELECT * FROM read_csv('${path}', header = true, skip = 0${delim})`);
    assert.deepEqual(ours.columnNames(), theirs.columnNames(), name);
    assert.deepEqual(
      columns.map((c) => c.duckdbType),
      theirs.columnTypes().map((t) => t.toString()),
      name,
    );
    assert.deepEqual(ours.getRowsJson(), theirs.getRowsJson(), name);
    assert.ok(ours.currentRowCount > 0, name);
    opened.value.close();
  }
  auto.closeSync();
  instance.closeSync();
});

test("sources opened together share one database, each its own view; the last close removes the database", async () => {
  const small = join(fixtures, "small.csv");
  writeFileSync(join(scratch, "other.csv"), "x,z\n1,a\n2,b\n3,c\n");
  const opened = await openDataSources([small, join(scratch, "other.csv")]);
  assert.ok(opened.ok, JSON.stringify(!opened.ok && opened.error));
  const [first, second] = opened.value;
  assert.ok(first && second);
  assert.notEqual(first.relation, second.relation);
  assert.deepEqual(
    second.columns.map((c) => c.name),
    ["x", "z"],
  );
  // One database: either connection reads the other's view, and both queries may run at once.
  const [a, b] = await Promise.all([
    first.connection.runAndReadAll(`SELECT count(*) AS n FROM ${second.relation}`),
    second.connection.runAndReadAll(`SELECT count(*) AS n FROM ${first.relation}`),
  ]);
  assert.equal(Number(a.getRowObjectsJS()[0]?.n), 3);
  assert.equal(Number(b.getRowObjectsJS()[0]?.n), await count(small));
  const setting = await first.connection.runAndReadAll("SELECT current_setting('temp_directory') AS dir");
  const spill = String(setting.getRowObjectsJS()[0]?.dir);
  first.close();
  assert.equal(existsSync(spill), true, "the database stays open while a source uses it");
  const still = await second.connection.runAndReadAll(`SELECT count(*) AS n FROM ${second.relation}`);
  assert.equal(Number(still.getRowObjectsJS()[0]?.n), 3);
  second.close();
  assert.equal(existsSync(spill), false, "removed with the last source");
});

test("sources opened together: every path's problem comes back, and one thread only when every file is small", async () => {
  const opened = await openDataSources(["no/such/a.csv", join(fixtures, "small.csv"), "no/such/b.parquet"]);
  assert.equal(opened.ok, false);
  if (opened.ok) throw new Error("unreachable");
  assert.deepEqual(
    opened.error.map((p) => p.location?.file),
    ["no/such/a.csv", "no/such/b.parquet"],
  );
  const threads = async (paths: string[]): Promise<number> => {
    const both = await openDataSources(paths);
    assert.ok(both.ok);
    const reader = await both.value[0]?.connection.runAndReadAll("SELECT current_setting('threads') AS n");
    for (const source of both.value) source.close();
    return Number(reader?.getRowObjectsJS()[0]?.n);
  };
  assert.equal(await threads([join(fixtures, "small.csv"), join(fixtures, "small.csv")]), 1);
  // Queried at once, each query also runs on its own thread: cores - sources + 1 threads (at least one).
  const parquet = "node_modules/vega-datasets/data/flights-3m.parquet";
  assert.equal(await threads([join(fixtures, "small.csv"), parquet]), Math.max(1, availableParallelism() - 1));
  assert.equal(await threads([parquet, parquet, parquet]), Math.max(1, availableParallelism() - 2));
});

test("a CSV is read in 4 MB buffers, and the sniffer still types it from rows past the first buffer", async () => {
  // 300-byte lines: the sniffer's 20,480-row sample ends past 4 MB; row 20,400 makes b text.
  const pad = "p".repeat(280);
  const lines = ["a,b,c"];
  for (let i = 0; i < 30_000; i++) lines.push(`${i},${i === 20_400 ? "x" : i % 7},${pad}`);
  const path = join(scratch, "long-lines.csv");
  writeFileSync(path, `${lines.join("\n")}\n`);
  const opened = await openDataSource(path);
  assert.ok(opened.ok);
  const view = await opened.value.connection.runAndReadAll(
    "SELECT sql FROM duckdb_views() WHERE view_name = 'mlci_data'",
  );
  const definition = String(view.getRowObjectsJS()[0]?.sql);
  opened.value.close();
  assert.match(definition, /buffer_size = 4194304/);
  assert.deepEqual(
    opened.value.columns.map((c) => c.duckdbType),
    ["BIGINT", "VARCHAR", "VARCHAR"],
  );
});
