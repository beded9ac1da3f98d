// Preloaded into a process (`node -r bench/support/duckdb-capture.cjs ...`): records what it asks of
// DuckDB, in order, one JSON line each, to $DUCKDB_CAPTURE_FILE: the instances it opens (with their
// options), the connections, and the SQL of each statement it runs or prepares. bench/startup.mjs
// replays that with duckdb-replay.cjs as the baseline of a command: Node, DuckDB and the command's own
// SQL, with none of mlci's JavaScript. It hooks the @duckdb/node-api this directory resolves, which
// is the repository's: record the repository's CLI (packages/cli/bin/mlci.js), not a bundle.
const { appendFileSync } = require("node:fs");
const api = require("@duckdb/node-api");

const file = process.env.DUCKDB_CAPTURE_FILE;
if (!file) throw new Error("duckdb-capture.cjs: set DUCKDB_CAPTURE_FILE");
const record = (entry) => appendFileSync(file, `${JSON.stringify(entry)}\n`);

const ids = new WeakMap();
let lastId = 0;
const idOf = (object) => {
  if (!ids.has(object)) ids.set(object, ++lastId);
  return ids.get(object);
};

const create = api.DuckDBInstance.create;
api.DuckDBInstance.create = async function (path, options) {
  const instance = await create.call(this, path, options);
  record({ op: "instance", id: idOf(instance), path, options });
  return instance;
};
const connect = api.DuckDBInstance.prototype.connect;
api.DuckDBInstance.prototype.connect = async function () {
  const connection = await connect.call(this);
  record({ op: "connect", id: idOf(connection), instance: idOf(this) });
  return connection;
};

// runAndReadAll calls run, which calls ...: only the outermost call of a statement is recorded.
let depth = 0;
const methods = [
  ...["run", "runAndRead", "runAndReadAll", "runAndReadUntil"],
  ...["stream", "streamAndRead", "streamAndReadAll", "streamAndReadUntil"],
  "prepare",
];
for (const method of methods) {
  const original = api.DuckDBConnection.prototype[method];
  if (typeof original !== "function") continue;
  api.DuckDBConnection.prototype[method] = async function (sql, ...rest) {
    if (depth === 0) record({ op: method === "prepare" ? "prepare" : "query", connection: idOf(this), sql });
    depth++;
    try {
      return await original.call(this, sql, ...rest);
    } finally {
      depth--;
    }
  };
}
