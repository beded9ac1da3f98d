import { runCli } from "./program.js";

/**
 * Each command loads only its own module when it is the one asked for: loading every command costs
 * about 0.3 s of CPU more per run (DuckDB, onnxruntime, Octokit...), which `mlci report` in every
 * pull-request job (bench/report.mjs) and the two dozen commands of `npm run demo` feel. `action`
 * runs other commands, and help or an unknown command needs the whole table: they load everything.
 */
const COMMAND_MODULES: Readonly<Record<string, () => Promise<unknown>>> = {
  drift: () => import("./commands/drift.js"),
  evaluate: () => import("./commands/evaluate.js"),
  models: () => import("./commands/models.js"),
  profile: () => import("./commands/profile.js"),
  promote: () => import("./commands/promote.js"),
  release: () => import("./commands/release.js"),
  report: () => import("./commands/report.js"),
  rollback: () => import("./commands/rollback.js"),
  schema: () => import("./commands/schema-infer.js"),
  train: () => import("./commands/train.js"),
  validate: () => import("./commands/validate.js"),
};

const argv = process.argv.slice(2);
const load = Object.hasOwn(COMMAND_MODULES, argv[0] ?? "") ? COMMAND_MODULES[argv[0] as string] : undefined;
await (load ? load() : import("./commands/index.js"));
process.exitCode = await runCli(argv);
