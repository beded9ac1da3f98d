import { isStage, ProblemError, STAGES } from "@mlci/core";
import { promoteModel, resolveVersion } from "@mlci/forge";
import { registerCommand } from "../program.js";
import { modelContext, openRegistry, splitModelReference } from "../release/registry-context.js";
import { actor } from "../release/stage-actor.js";

registerCommand((program, ctx) => {
  program
    .command("promote")
    .description("put a released model version on a stage (recorded as a git tag NAME@STAGE/N)")
    .argument("<model@version>", "e.g. churn@v1.2.0, churn@1.2.0, churn@latest, churn@staging")
    .requiredOption("--stage <stage>", STAGES.join(" | "))
    .option("--forge <kind>", "github or local (default: github inside GitHub Actions, else local)")
    .option("--config <file>", "mlci.yml (default: ./mlci.yml)")
    .action(async (reference: string, flags: { stage: string; forge?: string; config?: string }) => {
      if (!isStage(flags.stage)) {
        throw new ProblemError({ kind: "usage", message: `--stage ${flags.stage}: expected ${STAGES.join(" or ")}` });
      }
      const { name, ref } = splitModelReference(reference);
      if (!ref) {
        throw new ProblemError({
          kind: "usage",
          message: `name a version: ${name}@vX.Y.Z`,
          fix: `e.g. mlci promote ${name}@latest --stage ${flags.stage}`,
        });
      }
      const context = await openRegistry(flags, ctx.openForge, {
        action: `put ${name} on ${flags.stage}`,
        permission: "contents: write",
      });
      const model = modelContext(context, name);
      const target = await resolveVersion(context.forge, name, ref, model.format);
      if (!target.ok) throw new ProblemError(target.error);
      const outcome = await promoteModel(
        context.forge,
        { name, stage: flags.stage, at: new Date().toISOString(), by: await actor(context.dir) },
        target.value,
      );
      if (outcome.action === "unchanged") {
        ctx.io.stdout(`${name} ${target.value.version} is already on ${flags.stage}; nothing to do\n`);
      } else {
        const was = outcome.state.stack.at(-2);
        ctx.io.stdout(
          `${name} ${target.value.version} is now on ${flags.stage}${was ? ` (was ${was})` : ""}; recorded as tag ${outcome.change.tag}\n`,
        );
      }
    });
});
