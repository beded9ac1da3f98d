/**
 * The report's footer: which commits were compared, which production version, where the run and its
 * artifacts are, and the commands that reproduce the evaluation on a laptop.
 */
import { shellWord } from "@mlci/core/format/shell-word.js";
import { cell, code, formatCount } from "./format.js";
import type { Evaluation } from "./results.js";

export interface ReportContext {
  /** The commit the PR's run built (the head of the pull request). */
  readonly headSha?: string;
  /** The commit of the base branch the pull request merges into. */
  readonly baseSha?: string;
  /** Link to the workflow run. */
  readonly runUrl?: string;
  /** Link to the run's artifacts (evaluation.json and the rest). */
  readonly artifactsUrl?: string;
}

/** Commits shown as GitHub shows them: the first 7 hex digits. */
const SHORT_SHA = 7;

const short = (sha: string) => code(sha.replace(/[^0-9a-f]/gi, "").slice(0, SHORT_SHA));

/**
 * What production is: its released version (the tag, as in `git tag` and `--baseline`) when known,
 * else the model file's content hash. A baseline taken from another stage says which.
 */
export function productionLabel(evaluation: Evaluation): string | undefined {
  const base = evaluation.baseline;
  if (!base) return undefined;
  if (base.release) {
    const { version, tag, stage } = base.release;
    const other = stage && stage !== "production" ? ` (${cell(stage)})` : "";
    return `${code(tag ?? `${evaluation.name}@${version}`)}${other}`;
  }
  const model = base.model;
  if (model && "sha256" in model && model.sha256) return `model ${code(model.sha256.slice(0, 12))}`;
  if (model && "predictions" in model && model.predictions) return `predictions ${code(model.predictions)}`;
  return "the baseline model";
}

/** `mlci evaluate` with the settings of this evaluation, then `mlci report`. */
export function reproduceCommands(evaluation: Evaluation, context: ReportContext): string[] {
  const args = ["npx", "mlci", "evaluate", "--name", shellWord(evaluation.name)];
  const head = evaluation.head.model;
  if (head && "predictions" in head && head.predictions) args.push("--predictions", shellWord(head.predictions));
  else if (head && "path" in head && head.path) args.push("--model", shellWord(head.path));
  if (evaluation.data?.path) args.push("--data", shellWord(evaluation.data.path));
  const release = evaluation.baseline?.release;
  if (release) args.push("--baseline", shellWord(`${evaluation.name}@${release.version}`));
  else if (evaluation.baseline) args.push("--baseline", "production");
  const comparison = evaluation.comparison;
  if (comparison?.seed !== undefined) args.push("--seed", String(comparison.seed));
  if (comparison?.resamples !== undefined) args.push("--resamples", String(comparison.resamples));
  const lines = [args.join(" "), "npx mlci report --evaluation evaluation.json"];
  const sha = context.headSha?.replace(/[^0-9a-f]/gi, "");
  return sha ? [`git checkout ${sha}`, ...lines] : lines;
}

export function footer(evaluation: Evaluation, context: ReportContext): string {
  const bits: string[] = [];
  if (context.headSha) bits.push(`head ${short(context.headSha)}`);
  if (context.baseSha) bits.push(`base ${short(context.baseSha)}`);
  const production = productionLabel(evaluation);
  if (production) bits.push(`production ${production}`);
  if (evaluation.data?.path) {
    const rows = evaluation.data.rows !== undefined ? ` (${formatCount(evaluation.data.rows)} rows)` : "";
    bits.push(`data ${code(evaluation.data.path)}${rows}`);
  }
  if (context.runUrl) bits.push(`[workflow run](${context.runUrl})`);
  if (context.artifactsUrl) bits.push(`[artifacts](${context.artifactsUrl})`);
  const commands = reproduceCommands(evaluation, context).join("\n");
  const longest = Math.max(2, ...(commands.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return [
    `<sub>${bits.join(" · ")}</sub>`,
    "",
    "<details><summary>Reproduce locally</summary>",
    "",
    `${fence}sh`,
    commands,
    fence,
    "",
    "</details>",
    "",
  ].join("\n");
}
