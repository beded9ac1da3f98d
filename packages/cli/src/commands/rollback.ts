import { isStage, ProblemError } from "@mlci/core";
import { rollbackModel } from "@mlci/forge";
import { registerCommand } from "../program.js";
import { modelContext, openRegistry } from "../release/registry-context.js";
import { actor } from "../release/stage-actor.js";

registerCommand((program, ctx) => {
  program
    .command("rollback")
    .description("return a stage (default production) to the version it had before the current one")
    .argument("<model>", "the model, as named under models: in mlci.yml")
    .option("--stage <stage>", "production | staging", "production")
    .option("--forge <kind>", "github or local (default: github inside GitHub Actions, else local)")
    .option("--config <file>", "mlci.yml (default: ./mlci.yml)")
    .action(async (name: string, flags: { stage: string; forge?: string; config?: string }) => {
      if (!isStage(flags.stage))
        throw new ProblemError({ kind: "usage", message: `--stage ${flags.stage}: expected production or staging` });
      const context = await openRegistry(flags, ctx.openForge, {
        action: `roll ${name} back on ${flags.stage}`,
        permission: "contents: write",
      });
      const model = modelContext(context, name);
      const outcome = await rollbackModel(
        context.forge,
        { name, stage: flags.stage, at: new Date().toISOString(), by: await actor(context.dir) },
        model.format,
      );
      if (outcome.action === "changed") {
        const { change } = outcome;
        ctx.io.stdout(`${name} on ${flags.stage} is back to ${change.event.version}; recorded as tag ${change.tag}\n`);
      }
    });
});
