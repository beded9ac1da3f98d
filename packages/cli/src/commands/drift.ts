import type { DriftConfig } from "@mlci/core/config/drift-section.js";
import { compareProfiles } from "@mlci/core/drift/dataset-drift.js";
import type { DriftReport } from "@mlci/core/drift/drift-file.js";
import { loadChiSquareSurvival } from "@mlci/core/drift/statistics.js";
import { ProblemError } from "@mlci/core/problem.js";
import type { DatasetProfile } from "@mlci/core/profile/profile-file.js";
import type { Command } from "commander";
import { formatDriftSummary } from "../drift-summary.js";
import { ExitCode } from "../exit-codes.js";
import { guardFiles } from "../file-guard.js";
import { fileExists, loadConfig, writeJsonOutput } from "../files.js";
import { ignoredColumns, loadProfilesOrData, predictionOptions } from "../profile-input.js";
import { type CommandContext, registerCommand } from "../program.js";
import { isReleaseReference, releasedProfile } from "../release/reference-profile.js";

interface DriftFlags {
  reference: string;
  current: string;
  out?: string;
  config?: string;
  share?: string;
  openIssue?: boolean;
  modelName?: string;
  label?: string;
  closeAfter?: string;
  forge?: string;
  forgeDir?: string;
  token?: string;
  model?: string;
  task?: string;
  target?: string;
}

registerCommand((program: Command, context: CommandContext) => {
  program
    .command("drift")
    .description(
      "compare current data with reference data (either may be a profile.json) per feature; exit 1 when the dataset drifted",
    )
    .requiredOption(
      "--reference <data|profile|release>",
      "reference data, profile.json, or production / NAME@production / NAME@vX.Y.Z (the profile attached to that release)",
    )
    .requiredOption("--current <data|profile>", "current data or profile.json")
    .option("-o, --out <file>", "write drift.json here")
    .option("-c, --config <file>", "mlci.yml with a drift: section (default: ./mlci.yml when present)")
    .option("--share <fraction>", "dataset drift when at least this share of features drifted (default 0.5)")
    .option("--model <name|onnx>", "compare the model's predictions (and performance when --target is in the data) too")
    .option("--task <task>", "with an ONNX file: binary, multiclass or regression")
    .option("--target <column>", "label column of the data: performance drift")
    .option("--open-issue", "open, update or close the model's drift issue (label model-drift)")
    .option("--model-name <name>", 'the model the issue is about (default: the only model of mlci.yml, else "data")')
    .option("--label <label>", "label of drift issues (default: model-drift, or drift.issue.label)")
    .option(
      "--close-after <runs>",
      "consecutive clean runs that close the issue (default 3, or drift.issue.close_after)",
    )
    .option("--forge <kind>", "github or local (default: github inside GitHub Actions, else local)")
    .option("--forge-dir <dir>", "directory of the local forge (default: .mlci/forge next to mlci.yml)")
    .option("--token <token>", "GitHub token (default: GITHUB_TOKEN; prefer the environment)")
    .action(async (flags: DriftFlags) => {
      const { report, config, models, dir } = await runDrift(flags, context);
      if (flags.out) await writeJsonOutput(flags.out, report);
      context.io.stdout(formatDriftSummary(report));
      if (flags.openIssue) {
        // Loaded only here: the forge's modules are not needed by a plain comparison.
        const { applyDriftIssue } = await import("../drift-issue.js");
        const outcome = await applyDriftIssue(
          report,
          {
            model: flags.modelName ?? (models.length === 1 ? (models[0] as string) : "data"),
            at: new Date().toISOString(),
            ...optional("label", flags.label ?? config.issue?.label),
            ...optional("closeAfter", closeAfterOf(flags.closeAfter) ?? config.issue?.close_after),
            ...optional("forge", flags.forge),
            ...optional("forgeDir", flags.forgeDir),
            ...optional("token", flags.token),
            ...optional("repoDir", dir),
          },
          context.openForge,
        );
        const where = outcome.issue === undefined ? "" : ` #${outcome.issue}${outcome.url ? ` ${outcome.url}` : ""}`;
        context.io.stdout(`drift issue: ${outcome.action}${where}\n`);
      }
      if (report.drifted) context.setExitCode(ExitCode.failed);
    });
});

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function closeAfterOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw new ProblemError({ kind: "usage", message: `--close-after must be a positive whole number, got ${text}` });
  }
  return n;
}

async function runDrift(
  flags: DriftFlags,
  context: CommandContext,
): Promise<{ report: DriftReport; config: DriftConfig; models: string[]; dir: string | undefined }> {
  const loaded = await loadConfig(flags.config);
  const config = { ...(loaded?.config.drift ?? {}) };
  if (flags.share !== undefined) {
    const share = Number(flags.share);
    if (!(share > 0 && share <= 1)) {
      throw new ProblemError({ kind: "usage", message: `--share must be in (0, 1], got ${flags.share}` });
    }
    config.share = share;
  }
  // Data is profiled for this comparison only, which reads no distinct counts: no HyperLogLog.
  const options = { exclude: ignoredColumns(config), distinct: false };
  const model = predictionOptions(flags.model, flags, loaded);
  await guardFiles({
    inputs: [flags.reference, flags.current, loaded?.file, model?.model],
    outputs: [{ flag: "--out", path: flags.out }],
  });
  // `production` (or NAME@production, NAME@v1.2.0): the profile attached to that release, unless a
  // file of that name exists.
  const released =
    isReleaseReference(flags.reference) && !(await fileExists(flags.reference))
      ? await releasedProfile(
          flags.reference,
          { name: flags.modelName, config: flags.config, forge: flags.forge },
          context.openForge,
        )
      : undefined;
  // Reference and current data are profiled at once; the comparison's chi-square code loads meanwhile.
  const profiled = await loadProfilesOrData(
    released ? [flags.current] : [flags.reference, flags.current],
    options,
    model,
    loadChiSquareSurvival,
  );
  const [reference, current] = (released ? [released, ...profiled] : profiled) as [DatasetProfile, DatasetProfile];
  return {
    report: compareProfiles(reference, current, config),
    config,
    models: Object.keys(loaded?.config.models ?? {}),
    dir: loaded?.dir,
  };
}
