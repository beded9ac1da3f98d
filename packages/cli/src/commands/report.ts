/**
 * `mlci report`: renders the pull-request report from the result files, prints or writes it, appends
 * it to the job summary, and with --post creates or updates the one PR comment for the model.
 */

import { appendFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { DEFAULT_CONFIG_FILE } from "@mlci/core/config/config-location.js";
import { ProblemError } from "@mlci/core/problem.js";
import type { Forge } from "@mlci/forge/forge.js";
import { commentMarker } from "@mlci/forge/marker.js";
import { parseEvaluation, parseHistory, parseValidation } from "@mlci/report/parse-results.js";
import { renderPrReport } from "@mlci/report/pr-report.js";
import type { Evaluation, HistoryPoint, Validation } from "@mlci/report/results.js";
import { guardFiles } from "../file-guard.js";
import { fileExists, loadConfig, readInputText, writeJsonOutput, writeOutputFile } from "../files.js";
import {
  type GitHubEnvironment,
  type PullRequestRef,
  pullRequestFromEvent,
  readEventPayload,
  readGitHubEnvironment,
  runUrl,
  workflowRunFromEvent,
} from "../github-env.js";
import { type CommandContext, registerCommand } from "../program.js";
import { checkRunnerFiles } from "../runner-files.js";

/** Version tag of pr.json, the pull request a results artifact belongs to. */
export const PR_FILE_SCHEMA = "mlci/pr@1";

/** The files `--results DIR` picks up (ml-pr.yml uploads this directory as its artifact). */
export const RESULT_FILES = {
  evaluation: "evaluation.json",
  validation: "validation.json",
  history: "history.json",
  pr: "pr.json",
} as const;

interface ReportOptions {
  config?: string;
  results?: string;
  evaluation?: string;
  validation?: string;
  history?: string;
  historyFromReleases?: boolean;
  out?: string;
  post?: boolean;
  forge?: string;
  forgeDir?: string;
  token?: string;
  pr?: string;
  prFile?: string;
  savePr?: string;
  author?: string;
}

registerCommand((program, ctx) => {
  program
    .command("report")
    .description(
      "render the pull-request report; print it, write it, add it to the job summary, post it as the PR comment",
    )
    .option(
      "--results <dir>",
      "a results directory: evaluation.json, and validation.json, history.json, pr.json when present",
    )
    .option("--evaluation <file>", "evaluation.json from `mlci evaluate` (default: DIR/evaluation.json with --results)")
    .option("--validation <file>", "validation.json from `mlci validate`")
    .option("--history <file>", "history.json (mlci/history@1): the metrics of past versions, for the chart")
    .option(
      "--history-from-releases",
      "read the metrics of the model's released versions for the chart (needs mlci.yml)",
    )
    .option("--out <file>", "write the markdown to this file instead of printing it")
    .option("--post", "create or update the report comment on the pull request")
    .option("--forge <kind>", "where to post: github or local (default: github inside GitHub Actions, else local)")
    .option("--forge-dir <dir>", "directory of the local forge (default: .mlci/forge)")
    .option("--token <token>", "GitHub token (default: GITHUB_TOKEN; prefer the environment)")
    .option("--pr <number>", "pull request number (default: from the event payload)")
    .option("--pr-file <file>", "pr.json from the pull request's results artifact (workflow_run flow)")
    .option(
      "--save-pr <file>",
      "write pr.json (number, head and base commits of this pull_request event) for the workflow_run flow",
    )
    .option("--config <file>", "mlci.yml whose report: section gives defaults (default: ./mlci.yml if present)")
    .option("--author <login>", "login that writes the comment, when GET /user cannot tell (GitHub App tokens)")
    .action(async (options: ReportOptions) => runReport(options, ctx));
});

async function runReport(given: ReportOptions, ctx: CommandContext): Promise<void> {
  const options = await withResultsDirectory(await withConfigDefaults(given));
  await guardFiles({
    inputs: [
      options.evaluation,
      options.validation,
      options.history,
      options.prFile,
      options.config ?? DEFAULT_CONFIG_FILE,
    ],
    outputs: [
      { flag: "--out", path: options.out },
      { flag: "--save-pr", path: options.savePr },
    ],
  });
  await checkRunnerFiles();
  const github = readGitHubEnvironment();
  const payload = await readEventPayload(github);
  const loaded = await loadResults(options);
  const { evaluation, validation } = loaded;
  const history =
    loaded.history ?? (options.historyFromReleases ? await releasedHistory(options, evaluation.name, ctx) : undefined);
  const workflowRun = github.eventName === "workflow_run" ? workflowRunFromEvent(payload) : undefined;
  const link = workflowRun?.htmlUrl ?? runUrl(github);
  // The workflow_run event knows the head commit, not the base: that comes with pr.json.
  const claimed = workflowRun && options.prFile ? await readPullRequestFile(options.prFile) : undefined;
  const pullRequest = claimed ?? pullRequestFromEvent(payload);
  const headSha = workflowRun?.headSha ?? (pullRequest?.headSha || undefined);
  const report = renderPrReport({
    evaluation,
    ...(validation ? { validation } : {}),
    ...(history ? { history } : {}),
    context: {
      ...(link ? { runUrl: link, artifactsUrl: `${link}#artifacts` } : {}),
      ...(headSha ? { headSha } : {}),
      ...(pullRequest?.baseSha ? { baseSha: pullRequest.baseSha } : {}),
    },
  });

  if (options.out) {
    await writeOutputFile(options.out, report.summary.text);
    ctx.io.stdout(`wrote ${options.out}\n`);
  } else if (!options.post) ctx.io.stdout(report.summary.text);
  if (github.stepSummary) await appendFile(github.stepSummary, `${report.summary.text}\n`);
  if (options.savePr) await savePullRequest(options.savePr, payload);
  if (!options.post) return;

  const forge = await ctx.openForge(options, process.env, {
    action: "post the report",
    permission: "pull-requests: write",
  });
  const number = await resolvePullRequest(options, github, payload, forge, claimed);
  const result = await forge.upsertComment({
    issue: number,
    marker: commentMarker("report", evaluation.name),
    body: report.comment.text,
  });
  ctx.io.stdout(`mlci: report comment ${result.action} on #${number}: ${result.url}\n`);
}

/** The model's released versions' metrics, through the same registry `mlci models` reads. */
async function releasedHistory(options: ReportOptions, name: string, ctx: CommandContext): Promise<HistoryPoint[]> {
  // Loaded only when asked for: most report runs have no use for the release registry.
  const { modelContext, openRegistry } = await import("../release/registry-context.js");
  const { historyFromReleases } = await import("../report-history.js");
  const registry = await openRegistry(options, ctx.openForge, {
    action: "read the released versions' metrics",
    permission: "contents: read",
  });
  const { format } = modelContext(registry, name);
  return historyFromReleases(registry.forge, name, format);
}

/** Fills --forge, --forge-dir, --author and --history from mlci.yml's report: section (flags win). */
async function withConfigDefaults(options: ReportOptions): Promise<ReportOptions> {
  const loaded = await loadConfig(options.config);
  if (!loaded) return options;
  const { report } = loaded.config;
  const filled: ReportOptions = { ...options };
  if (report.forge !== "auto") filled.forge ??= report.forge;
  filled.forgeDir ??= resolve(loaded.dir, report.forge_dir);
  if (report.author) filled.author ??= report.author;
  if (report.history) filled.history ??= resolve(loaded.dir, report.history);
  return filled;
}

/** Fills --evaluation, --validation, --history and --pr-file from --results (explicit flags win). */
async function withResultsDirectory(options: ReportOptions): Promise<ReportOptions> {
  const dir = options.results;
  if (!dir) return options;
  const present = async (name: string) => ((await fileExists(join(dir, name))) ? join(dir, name) : undefined);
  const filled: ReportOptions = { ...options, evaluation: options.evaluation ?? join(dir, RESULT_FILES.evaluation) };
  filled.validation ??= await present(RESULT_FILES.validation);
  filled.history ??= await present(RESULT_FILES.history);
  filled.prFile ??= await present(RESULT_FILES.pr);
  return filled;
}

async function loadResults(
  options: ReportOptions,
): Promise<{ evaluation: Evaluation; validation?: Validation; history?: HistoryPoint[] }> {
  if (!options.evaluation) {
    throw new ProblemError({
      kind: "usage",
      message: "no evaluation to report",
      fix: "pass --evaluation evaluation.json or --results DIR",
    });
  }
  const evaluation = unwrap(
    parseEvaluation(await readInputText(options.evaluation, "evaluation file"), options.evaluation),
  );
  const validation = options.validation
    ? unwrap(parseValidation(await readInputText(options.validation, "validation file"), options.validation))
    : undefined;
  const history = options.history
    ? unwrap(parseHistory(await readInputText(options.history, "history file"), options.history))
    : undefined;
  return { evaluation, ...(validation ? { validation } : {}), ...(history ? { history } : {}) };
}

function unwrap<T>(
  result: { ok: true; value: T } | { ok: false; error: import("@mlci/core/problem.js").Problem[] },
): T {
  if (!result.ok) throw new ProblemError(result.error);
  return result.value;
}

function parseNumber(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) {
    throw new ProblemError({ kind: "usage", message: `${what} must be a positive whole number, got "${text}"` });
  }
  return n;
}

/**
 * The pull request to comment on. From a pull_request event: its number. From workflow_run (the
 * fork-PR flow): the number in the artifact's pr.json, accepted only when its head commit is the one
 * the triggering run built, as GitHub itself reports for that pull request.
 */
async function resolvePullRequest(
  options: ReportOptions,
  github: GitHubEnvironment,
  payload: Record<string, unknown> | undefined,
  forge: Forge,
  claimed: PullRequestRef | undefined,
): Promise<number> {
  const fromFlag = options.pr ? parseNumber(options.pr, "--pr") : undefined;
  if (github.eventName === "workflow_run") {
    const run = workflowRunFromEvent(payload);
    if (!run)
      throw new ProblemError({ kind: "input", message: "the workflow_run event payload has no workflow_run.head_sha" });
    const number = fromFlag ?? claimed?.number;
    if (number === undefined) {
      throw new ProblemError({
        kind: "usage",
        message: "a workflow_run needs the pull request from the artifact",
        fix: "pass --pr-file results/pr.json",
      });
    }
    await verifyWorkflowRunPullRequest(number, claimed?.headSha, run, forge);
    return number;
  }
  const fromEvent = pullRequestFromEvent(payload)?.number;
  if (fromFlag !== undefined && fromEvent !== undefined && fromFlag !== fromEvent) {
    throw new ProblemError({
      kind: "usage",
      message: `--pr ${fromFlag} differs from the event's pull request #${fromEvent}`,
    });
  }
  const number = fromFlag ?? fromEvent;
  if (number === undefined) {
    throw new ProblemError({
      kind: "usage",
      message: "no pull request to comment on",
      fix: "run on a pull_request event, or pass --pr NUMBER",
    });
  }
  return number;
}

async function verifyWorkflowRunPullRequest(
  number: number,
  claimedHead: string | undefined,
  run: { headSha: string; pullRequests: readonly number[] },
  forge: Forge,
): Promise<void> {
  const refuse = (why: string) =>
    new ProblemError({
      kind: "input",
      message: `refusing to post: ${why}`,
      fix: "post only results uploaded by the pull request run that triggered this workflow",
    });
  if (claimedHead !== undefined && claimedHead !== run.headSha) {
    throw refuse(`pr.json names head ${claimedHead}, but the triggering run built ${run.headSha}`);
  }
  if (run.pullRequests.length > 0 && !run.pullRequests.includes(number)) {
    throw refuse(`pull request #${number} is not among the run's pull requests (${run.pullRequests.join(", ")})`);
  }
  const head = await forge.pullRequestHead(number);
  if (head && head.sha !== run.headSha) {
    throw refuse(`pull request #${number} is at ${head.sha}, but the triggering run built ${run.headSha}`);
  }
}

const COMMIT_SHA = /^[0-9a-f]{40}$/;

/**
 * pr.json of the pull request run (the fork flow's artifact, so untrusted): the number and head commit,
 * checked against GitHub before posting, and the base commit, only shown in the footer.
 */
async function readPullRequestFile(file: string): Promise<PullRequestRef> {
  const text = await readInputText(file, "pull request file");
  let value: { schema?: unknown; number?: unknown; head_sha?: unknown; base_sha?: unknown };
  try {
    value = JSON.parse(text);
  } catch {
    value = {};
  }
  if (
    value.schema !== PR_FILE_SCHEMA ||
    typeof value.number !== "number" ||
    !Number.isInteger(value.number) ||
    value.number <= 0 ||
    typeof value.head_sha !== "string" ||
    !COMMIT_SHA.test(value.head_sha) ||
    (value.base_sha !== undefined && (typeof value.base_sha !== "string" || !COMMIT_SHA.test(value.base_sha)))
  ) {
    throw new ProblemError({
      kind: "input",
      message: `not a valid pr.json (${PR_FILE_SCHEMA}: number, head_sha, base_sha)`,
      location: { file },
      fix: "write it with `mlci report --save-pr` in the pull_request workflow",
    });
  }
  return {
    number: value.number,
    headSha: value.head_sha,
    ...(typeof value.base_sha === "string" ? { baseSha: value.base_sha } : {}),
  };
}

async function savePullRequest(file: string, payload: Record<string, unknown> | undefined): Promise<void> {
  const pr = pullRequestFromEvent(payload);
  if (!pr?.headSha) {
    throw new ProblemError({
      kind: "usage",
      message: "--save-pr needs a pull_request event (GITHUB_EVENT_PATH)",
      fix: "use --save-pr only in the workflow that runs on pull_request",
    });
  }
  await writeJsonOutput(file, {
    schema: PR_FILE_SCHEMA,
    number: pr.number,
    head_sha: pr.headSha,
    ...(pr.baseSha ? { base_sha: pr.baseSha } : {}),
  });
}
