import { runCli } from "./program.js";

/**
 * Commands that load only their own module when they are the one asked for. `mlci report` runs in
 * every pull-request job and needs neither DuckDB nor onnxruntime: loading every command would add
 * about 0.3 s of CPU to a step whose whole budget is 1 s (bench/report.mjs).
 */
const LIGHT_COMMANDS: Readonly<Record<string, () => Promise<unknown>>> = {
  report: () => import("./commands/report.js"),
};

const argv = process.argv.slice(2);
const light = LIGHT_COMMANDS[argv[0] ?? ""];
await (light ? light() : import("./commands/index.js"));
process.exitCode = await runCli(argv);
