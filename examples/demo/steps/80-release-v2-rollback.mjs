// Pull request #2 is merged and released as the next version (auto: no significant change, no new
// signature: a patch, 1.0.1), which goes to production. Then
// production has a problem the evaluation could not see: `mlci rollback` puts 1.0.0 back, and the
// registry (git tags of the demo's repository) says so.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { releaseModel } from "./60-release-v1.mjs";

export const title = "Merge PR #2: release it (auto version), promote it, roll production back to 1.0.0";

export async function run(demo) {
  const { config, name } = demo.values.train;
  const { evaluation, lineage } = demo.values.pr2;
  demo.commit("Merge PR #2");
  const v2 = await releaseModel(demo, {
    config,
    name,
    evaluation,
    lineage,
    profile: demo.values.v1.profile,
    out: join(demo.out, "release-v2.json"),
  });
  const card = join(v2.directory, "MODEL_CARD.md");
  demo.say(`model card ${demo.show(card)} begins:`);
  demo.say(readFileSync(card, "utf8").split("\n").slice(0, 5).join("\n").replace(/^/gm, "  "));
  const registry = ["--config", demo.path(config), "--forge", "local"];
  await demo.mlci(["promote", `${name}@v${v2.version}`, "--stage", "production", ...registry]);
  await demo.mlci(["models", "list", ...registry]);
  demo.say("\nProduction misbehaves: roll back.");
  await demo.mlci(["rollback", name, ...registry]);
  await demo.mlci(["models", "show", `${name}@production`, ...registry]);
  demo.values.v2 = v2;
}
