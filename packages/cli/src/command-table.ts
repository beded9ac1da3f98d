/**
 * The CLI's table of contents: every command's name, how `mlci --help` lists it and the loader of its
 * module. `--help`, `--version` and a mistyped command read only this table; a command's module (and
 * with it DuckDB, onnxruntime, Octokit...) is imported only when that command runs. test/cli-startup
 * checks that each entry says what its module registers.
 */
export interface CommandEntry {
  readonly name: string;
  /** The command as help lists it: name, `[options]` and arguments, as commander prints them. */
  readonly term: string;
  /** Its one-line description in `mlci --help`. */
  readonly summary: string;
  /** The heading it is listed under in `mlci --help`: the steps of the workflow, in their order. */
  readonly group: CommandGroup;
  /** Imports the module, which registers the command (`registerCommand`). */
  readonly load: () => Promise<unknown>;
}

/** The headings of `mlci --help`, in the order of the workflow. */
export const COMMAND_GROUPS = [
  "Data:",
  "Models in a pull request:",
  "Releases and stages:",
  "Monitoring:",
  "Inside GitHub Actions:",
] as const;
export type CommandGroup = (typeof COMMAND_GROUPS)[number];

/**
 * What `mlci --help` shows below the commands: the workflow from data to monitoring, one command per
 * step, with the files each step hands to the next.
 */
export const PROGRAM_EXAMPLES = `
Examples, in the order of the workflow (\`mlci COMMAND --help\` says more):
  Draft a data contract from data, then check new data against it:
    mlci schema infer data/train.parquet --out schema.yml
    mlci validate data/test.parquet --schema schema.yml
  In a pull request: train (lineage.json records how), compare with the
  deployed version on the same rows, post the report as the PR comment:
    mlci train --name churn -- python train.py
    mlci evaluate --name churn --baseline production
    mlci report --evaluation evaluation.json --post
  After the merge: release a version with its model card, deploy it:
    mlci release --model churn --evaluation evaluation.json
    mlci promote churn@v1.3.0 --stage production
  On a schedule: has new data moved away from the training data?
    mlci profile data/train.parquet --out reference.json
    mlci drift --reference reference.json --current data/today.parquet

Models, datasets and gates come from ./mlci.yml (--config for another); flags
given on the command line win over it.
`;

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "schema",
    group: "Data:",
    term: "schema",
    summary: "work with data contracts (schema.yml)",
    load: () => import("./commands/schema-infer.js"),
  },
  {
    name: "validate",
    group: "Data:",
    term: "validate [options] [data]",
    summary: "check a dataset against its data contract (schema.yml); exit 1 when an error-level check fails",
    load: () => import("./commands/validate.js"),
  },
  {
    name: "train",
    group: "Models in a pull request:",
    term: "train [options] [command...]",
    summary:
      "run the training command (any language), check the model it writes, and record its lineage: commit, data hashes, params, duration, peak memory",
    load: () => import("./commands/train.js"),
  },
  {
    name: "evaluate",
    group: "Models in a pull request:",
    term: "evaluate [options]",
    summary:
      "score a model (and the production baseline, on the same rows) on labelled data: metrics with paired-bootstrap intervals, slices, cost and gates",
    load: () => import("./commands/evaluate.js"),
  },
  {
    name: "report",
    group: "Models in a pull request:",
    term: "report [options]",
    summary: "render the pull-request report; print it, write it, add it to the job summary, post it as the PR comment",
    load: () => import("./commands/report.js"),
  },
  {
    name: "release",
    group: "Releases and stages:",
    term: "release [options]",
    summary: "release a model as a version: tag NAME@vX.Y.Z, a release whose body is the model card, and its assets",
    load: () => import("./commands/release.js"),
  },
  {
    name: "promote",
    group: "Releases and stages:",
    term: "promote [options] <model@version>",
    summary: "put a released model version on a stage (recorded as a git tag NAME@STAGE/N)",
    load: () => import("./commands/promote.js"),
  },
  {
    name: "rollback",
    group: "Releases and stages:",
    term: "rollback [options] <model>",
    summary: "return a stage (default production) to the version it had before the current one",
    load: () => import("./commands/rollback.js"),
  },
  {
    name: "models",
    group: "Releases and stages:",
    term: "models",
    summary: "the model registry: versions and stages, read from git tags and releases",
    load: () => import("./commands/models.js"),
  },
  {
    name: "profile",
    group: "Monitoring:",
    term: "profile [options] [inputs...]",
    summary: "profile data into a mergeable profile.json, or merge profiles",
    load: () => import("./commands/profile.js"),
  },
  {
    name: "drift",
    group: "Monitoring:",
    term: "drift [options]",
    summary:
      "compare current data with reference data (either may be a profile.json) per feature; exit 1 when the dataset drifted",
    load: () => import("./commands/drift.js"),
  },
  {
    name: "action",
    group: "Inside GitHub Actions:",
    term: "action <command>",
    summary:
      "entry point of the GitHub actions: runs COMMAND with the step's inputs (INPUT_* variables), sets its outputs and writes the job summary",
    load: () => import("./commands/action.js"),
  },
];

/** The entry of the command that `argv` (after `mlci`) runs or asks help for, if it names one. */
export function commandOf(argv: readonly string[]): CommandEntry | undefined {
  // Program options come only before the command (enablePositionalOptions), and take no value.
  const words = argv.filter((word) => !word.startsWith("-"));
  const name = words[0] === "help" ? words[1] : words[0];
  return COMMANDS.find((entry) => entry.name === name);
}
