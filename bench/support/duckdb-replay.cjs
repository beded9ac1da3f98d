// Replays what duckdb-capture.cjs recorded, and nothing else: a Node process that loads DuckDB, opens
// the same instances with the same options (a fresh temp directory where one was named, removed at the
// end, as mlci does) and runs the same statements in order, reading every result into JavaScript.
//   node bench/support/duckdb-replay.cjs CAPTURE.ndjson     (in the directory the capture ran in)
const { mkdtempSync, readFileSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { DuckDBInstance } = require("@duckdb/node-api");

const entries = readFileSync(process.argv[2], "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line));

async function replay() {
  const objects = new Map();
  const temps = [];
  try {
    await run(entries, objects, temps);
  } finally {
    for (const temp of temps) rmSync(temp, { recursive: true, force: true });
  }
}

async function run(entries, objects, temps) {
  for (const entry of entries) {
    if (entry.op === "instance") {
      const options = { ...entry.options };
      if (options.temp_directory) {
        options.temp_directory = mkdtempSync(join(tmpdir(), "mlci-replay-duckdb-"));
        temps.push(options.temp_directory);
      }
      objects.set(entry.id, await DuckDBInstance.create(entry.path, options));
    } else if (entry.op === "connect") {
      objects.set(entry.id, await objects.get(entry.instance).connect());
    } else if (entry.op === "query") {
      await objects.get(entry.connection).runAndReadAll(entry.sql);
    } else if (entry.op === "prepare") {
      await (await objects.get(entry.connection).prepare(entry.sql)).runAndReadAll();
    }
  }
}

replay().catch((error) => {
  console.error(error);
  process.exit(1);
});
