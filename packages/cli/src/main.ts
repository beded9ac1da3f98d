import nodeModule from "node:module";
import { runCli } from "./program.js";

// Node 22.1+ keeps V8's compiled code of the modules loaded from here on (the command's chunk, zod,
// yaml, DuckDB's API) in a cache under the system's temp directory: the next mlci command of a CI job
// or a laptop skips compiling them. Node 20 has no such cache; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// `mlci … | head` closes the pipe while mlci may still write: the reader is gone, not the work. The
// command finishes (its files are written atomically anyway) and the lost output is not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}

// runCli imports only the module of the command asked for (command-table.ts).
process.exitCode = await runCli(process.argv.slice(2));
