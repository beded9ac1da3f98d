// The demo grows with each capability; for now it shows the CLI.
import { spawnSync } from "node:child_process";

const r = spawnSync(process.execPath, ["packages/cli/bin/mlci.js", "--help"], { stdio: "inherit" });
process.exit(r.status ?? 1);
