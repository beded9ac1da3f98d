import { compareProfiles, type DriftReport } from "@mlci/core";
import type { Command } from "commander";
import { formatDriftSummary } from "../drift-summary.js";
import { ExitCode, ProblemError } from "../exit-codes.js";
import { loadConfig, writeJsonOutput } from "../files.js";
import { ignoredColumns, loadProfileOrData } from "../profile-input.js";
import { type CommandContext, registerCommand } from "../program.js";

interface DriftFlags {
  reference: string;
  current: string;
  out?: string;
  config?: string;
  share?: string;
}

registerCommand((program: Command, context: CommandContext) => {
  program
    .command("drift")
    .description(
      "Compare current data with reference data (either may be a profile.json) per feature; exit 1 when the dataset drifted.",
    )
    .requiredOption("--reference <data|profile>", "reference data or profile.json")
    .requiredOption("--current <data|profile>", "current data or profile.json")
    .option("-o, --out <file>", "write drift.json here")
    .option("-c, --config <file>", "mlci.yml with a drift: section (default: ./mlci.yml when present)")
    .option("--share <fraction>", "dataset drift when at least this share of features drifted (default 0.5)")
    .action(async (flags: DriftFlags) => {
      const report = await runDrift(flags);
      if (flags.out) await writeJsonOutput(flags.out, report);
      context.io.stdout(formatDriftSummary(report));
      if (report.drifted) context.setExitCode(ExitCode.failed);
    });
});

async function runDrift(flags: DriftFlags): Promise<DriftReport> {
  const loaded = await loadConfig(flags.config);
  const config = { ...(loaded?.config.drift ?? {}) };
  if (flags.share !== undefined) {
    const share = Number(flags.share);
    if (!(share > 0 && share <= 1)) {
      throw new ProblemError({ kind: "usage", message: `--share must be in (0, 1], got ${flags.share}` });
    }
    config.share = share;
  }
  const options = { exclude: ignoredColumns(config) };
  const [reference, current] = await Promise.all([
    loadProfileOrData(flags.reference, options),
    loadProfileOrData(flags.current, options),
  ]);
  return compareProfiles(reference, current, config);
}
