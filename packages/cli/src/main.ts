import { runCli } from "./program.js";

// runCli imports only the module of the command asked for (command-table.ts).
process.exitCode = await runCli(process.argv.slice(2));
