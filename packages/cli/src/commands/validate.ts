import { planChecks } from "@mlci/core/contract/check-plan.js";
import { checkPath, yamlLocator } from "@mlci/core/contract/contract-locations.js";
import { parseContract } from "@mlci/core/contract/contract-schema.js";
import type { ValidationResult } from "@mlci/core/contract/validation-result.js";
import { assembleValidation } from "@mlci/core/contract/verdict.js";
import { ProblemError } from "@mlci/core/problem.js";
import { measureChecks } from "@mlci/engine/check-sql.js";
import { openDataSource } from "@mlci/engine/data-source.js";
import { renderValidationMarkdown } from "@mlci/report/validation-markdown.js";
import { renderValidationText } from "@mlci/report/validation-text.js";
import { Option } from "commander";
import { ExitCode } from "../exit-codes.js";
import { guardFiles } from "../file-guard.js";
import { loadConfig, readInputText, writeJsonOutput } from "../files.js";
import { registerCommand } from "../program.js";
import { resolveDataTarget } from "./data-target.js";

interface ValidateOptions {
  schema?: string;
  out?: string;
  format: "text" | "json" | "markdown";
  config?: string;
  failOn: "error" | "warn";
  now?: string;
}

registerCommand((program, ctx) => {
  program
    .command("validate")
    .description("check a dataset against its data contract (schema.yml); exit 1 when an error-level check fails")
    .argument("[data]", "a CSV/TSV/Parquet/JSON/NDJSON file, glob or URL, or a dataset name from mlci.yml")
    .option("-s, --schema <file>", "the data contract (default: the dataset's contract in mlci.yml)")
    .option("-o, --out <file>", "also write the result as validation.json to this file")
    .addOption(
      new Option("-f, --format <format>", "output on stdout").choices(["text", "json", "markdown"]).default("text"),
    )
    .option("-c, --config <file>", "mlci.yml to read datasets from (default: ./mlci.yml when present)")
    .addOption(
      new Option("--fail-on <level>", "lowest failed severity that makes the exit code 1")
        .choices(["error", "warn"])
        .default("error"),
    )
    .option("--now <time>", "judge freshness as of this ISO 8601 time instead of the current time")
    .action(async (dataArg: string | undefined, options: ValidateOptions) => {
      const result = await validate(dataArg, options);
      if (options.out) await writeJsonOutput(options.out, result);
      ctx.io.stdout(render(result, options.format));
      const failedWarn = options.failOn === "warn" && result.summary.failed_warnings > 0;
      ctx.setExitCode(result.passed && !failedWarn ? ExitCode.ok : ExitCode.failed);
    });
});

function render(result: ValidationResult, format: ValidateOptions["format"]): string {
  if (format === "json") return `${JSON.stringify(result, null, 2)}\n`;
  return format === "markdown" ? renderValidationMarkdown(result) : renderValidationText(result);
}

async function validate(dataArg: string | undefined, options: ValidateOptions): Promise<ValidationResult> {
  const now = parseNow(options.now);
  const config = await loadConfig(options.config);
  const target = resolveDataTarget(dataArg, config);
  const schemaFile = options.schema ?? target.contract;
  if (schemaFile === undefined) {
    throw new ProblemError({
      kind: "usage",
      message: `no data contract for ${target.data}`,
      fix: "pass --schema schema.yml (create one with: mlci schema infer DATA --out schema.yml)",
    });
  }
  await guardFiles({
    inputs: [target.data, schemaFile, config?.file],
    outputs: [{ flag: "--out", path: options.out }],
  });
  const contractText = await readInputText(schemaFile, "data contract");
  const contract = parseContract(contractText, schemaFile);
  if (!contract.ok) throw new ProblemError(contract.error);
  const locate = yamlLocator(contractText, schemaFile);

  const started = performance.now();
  const opened = await openDataSource(target.data);
  if (!opened.ok) throw new ProblemError(opened.error);
  const source = opened.value;
  try {
    const plan = planChecks(
      contract.value,
      source.columns.map((c) => c.name),
      schemaFile,
      locate,
    );
    if (!plan.ok) throw new ProblemError(plan.error);
    const measured = await measureChecks(source, plan.value, (check) => locate(checkPath(contract.value, check)));
    if (!measured.ok) throw new ProblemError(measured.error);
    return assembleValidation({
      checks: plan.value,
      measurements: measured.value.measurements,
      data: { path: target.data, rows: measured.value.rows, columns: source.columns.length },
      contract: schemaFile,
      now,
      durationMs: performance.now() - started,
    });
  } finally {
    source.close();
  }
}

function parseNow(text: string | undefined): Date {
  if (text === undefined) return new Date();
  const time = Date.parse(text);
  if (Number.isNaN(time)) {
    throw new ProblemError({
      kind: "usage",
      message: `--now ${text} is not a time`,
      fix: "use ISO 8601, e.g. 2024-03-06T12:00:00Z",
    });
  }
  return new Date(time);
}
