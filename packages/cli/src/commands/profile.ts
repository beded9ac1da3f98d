import { ProblemError } from "@mlci/core/problem.js";
import { mergeProfiles } from "@mlci/core/profile/dataset-profile.js";
import type { DatasetProfile } from "@mlci/core/profile/profile-file.js";
import { formatCompactJson } from "@mlci/core/profile/profile-json.js";
import type { Command } from "commander";
import { guardFiles } from "../file-guard.js";
import { loadConfig, writeOutputFile } from "../files.js";
import {
  ignoredColumns,
  predictionOptions,
  profileData,
  profilePostgresTable,
  readProfileFile,
} from "../profile-input.js";
import { type CommandContext, registerCommand } from "../program.js";

interface ProfileFlags {
  out?: string;
  config?: string;
  exclude?: string[];
  topK?: string;
  postgres?: string;
  table?: string;
  model?: string;
  task?: string;
  target?: string;
}

registerCommand((program: Command, context: CommandContext) => {
  program
    .command("profile")
    .summary("profile data into a mergeable profile.json, or merge profiles")
    .description(
      "profile data into a mergeable profile.json (counts, missing, moments, quantile sketch, distinct estimate, top categories).\n" +
        "  mlci profile DATA [--out profile.json]\n" +
        "  mlci profile merge A.json B.json ... --out ALL.json",
    )
    .argument("[inputs...]", "a data file, glob, URL or postgres://...?table=T; or `merge` followed by profile files")
    .option("-o, --out <file>", "write the profile here (default: standard output)")
    .option("-c, --config <file>", "mlci.yml (default: ./mlci.yml when present); drift.columns.X.ignore excludes X")
    .option("--exclude <columns...>", "columns to leave out (e.g. IDs)")
    .option("--top-k <n>", "categories kept per column", "50")
    .option("--postgres <url>", "profile a PostgreSQL table in the database (postgres://user@host:port/db)")
    .option("--table <name>", "with --postgres: the table (schema.name)")
    .option("--model <name|onnx>", "also profile the model's predictions (a model of mlci.yml, or an ONNX file)")
    .option("--task <task>", "with an ONNX file: binary, multiclass or regression (default: from its outputs)")
    .option("--target <column>", "label column: with it the profile holds the model's performance")
    .action(async (inputs: string[], flags: ProfileFlags) => {
      const profile = inputs[0] === "merge" ? await merge(inputs.slice(1), flags.out) : await profile1(inputs, flags);
      await emit(profile, flags.out, context);
    });
});

async function profile1(inputs: string[], flags: ProfileFlags): Promise<DatasetProfile> {
  const postgres = flags.postgres !== undefined;
  if (inputs.length !== (postgres ? 0 : 1)) {
    throw new ProblemError({
      kind: "usage",
      message: `profile takes one data source, got ${inputs.length}`,
      fix: 'quote a glob ("data/*.parquet") so the shell does not expand it, or use `mlci profile merge` for profiles',
    });
  }
  const loaded = await loadConfig(flags.config);
  const topK = Number(flags.topK ?? 50);
  if (!Number.isInteger(topK) || topK < 1) {
    throw new ProblemError({ kind: "usage", message: `--top-k must be a positive integer, got ${flags.topK}` });
  }
  const exclude = [...(flags.exclude ?? []), ...ignoredColumns(loaded?.config.drift)];
  const model = predictionOptions(flags.model, flags, loaded);
  await guardFiles({ inputs: [inputs[0], loaded?.file, model?.model], outputs: [{ flag: "--out", path: flags.out }] });
  if (flags.postgres !== undefined) return profilePostgresTable(flags.postgres, flags.table, { exclude, topK });
  return profileData(inputs[0] as string, { exclude, topK }, model);
}

async function merge(files: string[], out: string | undefined): Promise<DatasetProfile> {
  if (files.length === 0) {
    throw new ProblemError({
      kind: "usage",
      message: "profile merge needs profile files",
      fix: "mlci profile merge a.json b.json --out all.json",
    });
  }
  await guardFiles({ inputs: files, outputs: [{ flag: "--out", path: out }] });
  const profiles = await Promise.all(files.map(readProfileFile));
  const merged = mergeProfiles(profiles);
  if (!merged.ok) throw new ProblemError(merged.error);
  return merged.value;
}

async function emit(profile: DatasetProfile, out: string | undefined, context: CommandContext): Promise<void> {
  const text = formatCompactJson(profile);
  if (out === undefined) {
    context.io.stdout(text);
    return;
  }
  await writeOutputFile(out, text);
  const columns = Object.keys(profile.columns).length;
  context.io.stdout(`profiled ${profile.rows} rows, ${columns} columns of ${profile.source} -> ${out}\n`);
}
