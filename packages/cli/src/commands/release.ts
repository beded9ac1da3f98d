import { resolve } from "node:path";
import { ProblemError, parseVersionArgument } from "@mlci/core";
import {
  AssetUploadError,
  publishModelRelease,
  type ReleaseForge,
  readReleaseRecord,
  TagConflictError,
} from "@mlci/forge";
import { ExitCode } from "../exit-codes.js";
import { guardFiles } from "../file-guard.js";
import { writeJsonOutput } from "../files.js";
import { type Io, registerCommand } from "../program.js";
import { prepareRelease } from "../release/prepare-release.js";
import { currentCommit, modelContext, openRegistry } from "../release/registry-context.js";
import { writeReleaseOutput } from "../release/release-output.js";

interface ReleaseFlags {
  model: string;
  version: string;
  evaluation?: string;
  profile?: string;
  lineage?: string;
  label: string[];
  dryRun?: boolean;
  forge?: string;
  config?: string;
  output?: string;
}

registerCommand((program, ctx) => {
  // `mlci release --version 1.2.0` must reach this command, not print mlci's own version: program
  // options are then only read before the subcommand name (`mlci --version` still works).
  program.enablePositionalOptions();
  program
    .command("release")
    .description(
      "release a model as a version: tag NAME@vX.Y.Z, a release whose body is the model card, and its assets",
    )
    .requiredOption("--model <name>", "the model, as named under models: in mlci.yml")
    .option(
      "--version <version>",
      'X.Y.Z, or "auto" (major: signature changed, minor: significant metric change, else patch)',
      "auto",
    )
    .option("--evaluation <file>", "evaluation.json of this model (metrics, intervals; attached)")
    .option("--profile <file>", "reference data profile (profile.json) to attach for drift monitoring")
    .option("--lineage <file>", "lineage.json written by mlci train (default: lineage.json next to mlci.yml, if any)")
    .option(
      "--label <label>",
      "a pull request label such as release:minor (repeatable; on GitHub read from the PR)",
      collect,
      [],
    )
    .option("--dry-run", "decide the version and print the model card; change nothing")
    .option("--forge <kind>", "github or local (default: github inside GitHub Actions, else local)")
    .option("--config <file>", "mlci.yml (default: ./mlci.yml)")
    .option("--output <file>", "also write release.json here")
    .action(async (flags: ReleaseFlags) => {
      const context = await openRegistry(flags, ctx.openForge, {
        action: `release ${flags.model}`,
        permission: "contents: write",
      });
      const model = modelContext(context, flags.model);
      await guardFiles({
        inputs: [
          flags.evaluation,
          flags.profile,
          flags.lineage,
          context.configFile,
          resolve(context.dir, model.model.path),
        ],
        outputs: [{ flag: "--output", path: flags.output }],
      });
      let requested: "auto" | import("@mlci/core").Version = "auto";
      if (flags.version !== "auto") {
        const parsed = parseVersionArgument(flags.version, "--version");
        if (!parsed.ok) throw new ProblemError(parsed.error);
        requested = parsed.value;
      }
      const commit = await currentCommit(context.dir, process.env);
      const labels = [...flags.label, ...(await pullRequestLabels(context.forge, commit, ctx.io))];
      const prepared = await prepareRelease(context, model, {
        requested,
        evaluation: flags.evaluation,
        profile: flags.profile,
        lineage: flags.lineage,
        labels,
        commit,
        now: new Date().toISOString(),
      });
      if (prepared.kind === "already-released") {
        ctx.io.stdout(
          `${model.name} is already released at commit ${commit.slice(0, 12)} as ${prepared.version.version} (${prepared.version.tag}); nothing to do\n`,
        );
        await writeReleaseOutput({
          version: prepared.version.version,
          tag: prepared.version.tag,
          url: prepared.url,
          action: "unchanged",
        });
        if (flags.output) {
          const release = await context.forge.findRelease(prepared.version.tag);
          const existing = release ? await readReleaseRecord(context.forge, release) : undefined;
          if (existing) await writeJsonOutput(flags.output, existing);
        }
        return;
      }
      const { record } = prepared;
      const why = prepared.decision.reasons.join("; ");
      if (flags.dryRun) {
        ctx.io.stdout(
          `would release ${model.name} ${record.version} as ${record.tag} (${prepared.decision.level}: ${why})\n`,
        );
        ctx.io.stdout(`assets: ${prepared.plan.assets.map((a) => a.name).join(", ")}\n\n${prepared.card}`);
        return;
      }
      try {
        const release = await publishModelRelease(context.forge, prepared.plan, (line) => ctx.io.stderr(`  ${line}\n`));
        ctx.io.stdout(
          `released ${model.name} ${record.version} as ${record.tag} (${prepared.decision.level}: ${why})\n${release.url}\n`,
        );
        await writeReleaseOutput({
          version: record.version,
          tag: record.tag,
          url: release.url,
          action: prepared.kind === "resume" ? "resumed" : "released",
        });
        if (flags.output) await writeJsonOutput(flags.output, record);
      } catch (error) {
        if (error instanceof TagConflictError) {
          throw new ProblemError({
            kind: "input",
            message: error.message,
            fix: `pass --version with a version that has no tag yet, or delete the tag ${error.tag} if it was made by mistake`,
          });
        }
        if (error instanceof AssetUploadError) {
          ctx.io.stderr(`mlci: ${error.message}\n`);
          ctx.setExitCode(ExitCode.failed);
          return;
        }
        throw error;
      }
    });
});

/**
 * release:* labels of the pull request that brought the commit. Reading them needs `pull-requests:
 * read`, which a release workflow with only `contents: write` lacks: then the labels are skipped
 * with a warning instead of failing the release.
 */
async function pullRequestLabels(forge: ReleaseForge, commit: string, io: Io): Promise<string[]> {
  try {
    return await forge.pullRequestLabels(commit);
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    io.stderr(
      `mlci: warning: release:* labels not read (${error.problems.map((p) => p.message).join("; ")}); grant pull-requests: read to use them\n`,
    );
    return [];
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
