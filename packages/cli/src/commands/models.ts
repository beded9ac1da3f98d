import { ProblemError } from "@mlci/core/problem.js";
import { STAGES } from "@mlci/core/release/stage.js";
import {
  listModelVersions,
  readReleaseRecord,
  readStage,
  resolveVersion,
} from "@mlci/forge/releases/model-registry.js";
import { markdownTable } from "markdown-table";
import { registerCommand } from "../program.js";
import { modelContext, openRegistry, splitModelReference, tagFormatOf } from "../release/registry-context.js";

const READ_REGISTRY = { action: "read the model registry", permission: "contents: read" } as const;

interface Flags {
  forge?: string;
  config?: string;
  json?: boolean;
  card?: boolean;
}

registerCommand((program, ctx) => {
  const models = program
    .command("models")
    .description("the model registry: versions and stages, read from git tags and releases");
  models
    .command("list")
    .description("every model in mlci.yml with its latest version and what is on each stage")
    .option("--json", "print JSON")
    .option("--forge <kind>", "github or local (default: github inside GitHub Actions, else local)")
    .option("--config <file>", "mlci.yml (default: ./mlci.yml)")
    .action(async (flags: Flags) => {
      const context = await openRegistry(flags, ctx.openForge, READ_REGISTRY);
      const rows = [];
      for (const name of Object.keys(context.config.models)) {
        const versions = await listModelVersions(context.forge, name, tagFormatOf(context, name));
        const stages: Record<string, string | null> = {};
        for (const stage of STAGES)
          stages[stage] = (await readStage(context.forge, name, stage)).current?.version ?? null;
        rows.push({ name, latest: versions.at(-1)?.version ?? null, versions: versions.map((v) => v.version), stages });
      }
      if (flags.json) {
        ctx.io.stdout(`${JSON.stringify({ models: rows }, null, 2)}\n`);
        return;
      }
      const table = [
        ["Model", "Latest", ...STAGES.map((s) => s[0]?.toUpperCase() + s.slice(1)), "Versions"],
        ...rows.map((r) => [
          r.name,
          r.latest ?? "-",
          ...STAGES.map((s) => r.stages[s] ?? "-"),
          String(r.versions.length),
        ]),
      ];
      ctx.io.stdout(`${markdownTable(table)}\n`);
    });
  models
    .command("show")
    .description("one version of a model: NAME (latest), NAME@vX.Y.Z, NAME@production or NAME@staging")
    .argument("<model[@version|@stage]>")
    .option("--json", "print its release.json")
    .option("--card", "print its model card, with the stages it is on now")
    .option("--forge <kind>", "github or local (default: github inside GitHub Actions, else local)")
    .option("--config <file>", "mlci.yml (default: ./mlci.yml)")
    .action(async (reference: string, flags: Flags) => {
      const { name, ref } = splitModelReference(reference, "latest");
      const context = await openRegistry(flags, ctx.openForge, READ_REGISTRY);
      const model = modelContext(context, name);
      const target = await resolveVersion(context.forge, name, ref ?? "latest", model.format);
      if (!target.ok) throw new ProblemError(target.error);
      const release = await context.forge.findRelease(target.value.tag);
      const record = release ? await readReleaseRecord(context.forge, release) : undefined;
      const onStages = [];
      let production: string | undefined;
      const history: Record<string, unknown> = {};
      for (const stage of STAGES) {
        const state = await readStage(context.forge, name, stage);
        if (state.current?.version === target.value.version) onStages.push(stage);
        if (stage === "production") production = state.current?.version;
        history[stage] = state.history.map((e) => ({
          seq: e.seq,
          action: e.action,
          version: e.version,
          at: e.at,
          by: e.by,
        }));
      }
      if (flags.card) {
        if (!record) {
          throw new ProblemError({
            kind: "input",
            message: `${name} ${target.value.version} has no release.json, so no model card`,
            fix: `release it with mlci release --model ${name}`,
          });
        }
        const { renderModelCard } = await import("@mlci/report/model-card.js");
        ctx.io.stdout(renderModelCard(record, { stages: onStages, production }));
        return;
      }
      if (flags.json) {
        ctx.io.stdout(
          `${JSON.stringify({ ...target.value, parsed: undefined, stages: onStages, release: record ?? null }, null, 2)}\n`,
        );
        return;
      }
      const lines = [
        `${name} ${target.value.version}  (tag ${target.value.tag}, commit ${target.value.commit.slice(0, 12)})`,
        `stages: ${onStages.join(", ") || "none"}`,
        `release: ${release ? `${release.draft ? "DRAFT (unfinished) " : ""}${release.url}` : "none (tag only)"}`,
      ];
      if (record) {
        lines.push(`created: ${record.created_at}; ${record.bump.level}: ${record.bump.reasons.join("; ")}`);
        lines.push(`model: ${record.model.asset} sha256 ${record.model.sha256}`);
        const metrics = Object.entries(record.evaluation?.metrics ?? {});
        if (metrics.length > 0)
          lines.push(`metrics: ${metrics.map(([k, m]) => `${k}=${m.value ?? "n/a"}`).join(", ")}`);
        lines.push(`assets: ${record.assets.map((a) => a.name).join(", ")}`);
      }
      ctx.io.stdout(`${lines.join("\n")}\n`);
    });
});
