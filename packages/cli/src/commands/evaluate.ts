import { existsSync } from "node:fs";
import { DEFAULT_RESAMPLES } from "@mlci/core/compare/bootstrap.js";
import { DEFAULT_MIN_SLICE_ROWS } from "@mlci/core/evaluation/segments.js";
import type { Evaluation } from "@mlci/core/evaluation/types.js";
import { ProblemError } from "@mlci/core/problem.js";
import { type Command, Option } from "commander";
import { buildEvaluation } from "../evaluate/assemble.js";
import { progressStarter } from "../evaluate/progress.js";
import { runEvaluation } from "../evaluate/run-evaluation.js";
import { DEFAULT_OUT, DEFAULT_SEED, type EvaluateFlags, resolveSettings } from "../evaluate/settings.js";
import { renderSummary } from "../evaluate/summary.js";
import { ExitCode } from "../exit-codes.js";
import { guardFiles } from "../file-guard.js";
import { loadConfig, writeJsonOutput } from "../files.js";
import { registerCommand, writesToProcess } from "../program.js";

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** What `mlci evaluate --help` adds below the flags: which ones mlci.yml supplies, and examples. */
const EVALUATE_HELP = `
From mlci.yml (models.NAME, picked by --name or as the only model), flags win:
  --model      models.NAME.path          --data      models.NAME.data (a dataset name or a path)
  --target     models.NAME.target        --task      models.NAME.task
  --features   models.NAME.features      --baseline  models.NAME.baseline (a file or production)
  --slice      models.NAME.slices        gates       models.NAME.gates (no flag)

Examples:
  mlci evaluate --name churn                            everything from mlci.yml
  mlci evaluate --name churn --baseline production      compare with the deployed version
  mlci evaluate --model model.onnx --data test.parquet --target label --task binary
`;

registerCommand((program: Command, ctx) => {
  program
    .command("evaluate")
    .description(
      "score a model (and the production baseline, on the same rows) on labelled data: metrics with paired-bootstrap intervals, slices, cost and gates",
    )
    .option("--model <file>", "the ONNX model to evaluate (the head)")
    .option("--data <file>", "evaluation data: CSV, TSV, Parquet, JSON or NDJSON file, glob or URL")
    .option("--target <column>", "the column holding the true label or value")
    .addOption(new Option("--task <task>", "what the model predicts").choices(["binary", "multiclass", "regression"]))
    .option("--features <a,b,...>", "columns fed, in this order, into the model's single 2-D input")
    .option(
      "--baseline <file>",
      "the production model, evaluated on exactly the same rows: a file, or production / NAME@production / NAME@vX.Y.Z (downloaded from the release)",
    )
    .option(
      "--forge <kind>",
      "where a release --baseline is downloaded from: github or local (default: github inside GitHub Actions, else local)",
    )
    .option("--slice <column>", "report metrics per segment of this column (repeatable)", collect)
    .option("--out <file>", "where to write evaluation.json", DEFAULT_OUT)
    .option(
      "--predictions <file>",
      "evaluate predictions made elsewhere: columns <target>, prediction and/or probability_<class> (baseline_* for the baseline)",
    )
    .option("--config <file>", "mlci.yml to read the model's settings and gates from (default: ./mlci.yml if present)")
    .option("--name <model>", "the model's name in mlci.yml (and in evaluation.json)")
    .option("--resamples <n>", "paired bootstrap resamples", String(DEFAULT_RESAMPLES))
    .option("--seed <n>", "bootstrap seed", String(DEFAULT_SEED))
    .option("--min-support <n>", "smallest segment reported in slices", String(DEFAULT_MIN_SLICE_ROWS))
    .option(
      "--scores",
      "the probability output holds uncalibrated scores: only ranking metrics (ROC AUC, average precision) use it, and rows need not sum to 1",
    )
    .option("--no-cost", "skip the latency measurement")
    .option("--no-progress", "no progress bar on stderr")
    .addHelpText("after", EVALUATE_HELP)
    .action(async (flags: EvaluateFlags & { forge?: string }) => {
      const loaded = await loadConfig(flags.config);
      // Flags over mlci.yml first; then a released baseline (production, NAME@v1.2.0) is downloaded.
      const given = resolveSettings(flags, loaded);
      // The registry's code (releases, their schemas, the forge) loads only for a released baseline.
      const settings = given.baselineRelease
        ? await (await import("../release/baseline.js")).withReleasedBaseline(given, loaded, flags, ctx.openForge)
        : given;
      if (!flags.model && settings.modelPath && settings.entry?.path && !existsSync(settings.modelPath)) {
        // The model mlci.yml names is what `mlci train` writes: before the first training it is not there.
        throw new ProblemError({
          kind: "input",
          message: `the model of ${settings.name} in mlci.yml (${settings.entry.path}) does not exist yet`,
          fix: `run \`mlci train --name ${settings.name}\` first (it writes the model), or pass --model FILE`,
        });
      }
      await guardFiles({
        inputs: [settings.modelPath, settings.dataPath, settings.predictionsPath, settings.baselinePath, loaded?.file],
        outputs: [{ flag: "--out", path: settings.out }],
      });
      const isTty = writesToProcess(ctx.io) && process.stderr.isTTY === true;
      const started = performance.now();
      const run = await runEvaluation(settings, ctx.io, isTty);
      const evaluation: Evaluation = await buildEvaluation(
        run,
        settings,
        progressStarter(ctx.io, settings.progress && isTty),
      );
      await writeJsonOutput(settings.out, evaluation);
      ctx.io.stdout(renderSummary(evaluation, settings.out, performance.now() - started));
      if (!evaluation.passed) ctx.setExitCode(ExitCode.failed);
    });
});
