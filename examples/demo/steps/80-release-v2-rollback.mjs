// Pull request #2 is merged and released as the second version, which goes to production. Then
// production has a problem the evaluation could not see: `mlci rollback` puts version 1 back, and the
// registry (git tags of the demo's repository) says so.
import { join } from "node:path";
import { releaseModel } from "./60-release-v1.mjs";

export const title = "Merge PR #2: release version 2, promote it, roll production back to version 1";

export async function run(demo) {
  const { config, name } = demo.values.train;
  const { evaluation, lineage } = demo.values.pr2;
  demo.commit("Merge PR #2");
  const v2 = releaseModel(demo, {
    config,
    name,
    evaluation,
    lineage,
    profile: demo.values.v1.profile,
    out: join(demo.out, "release-v2.json"),
  });
  const registry = ["--config", demo.path(config), "--forge", "local"];
  demo.mlci(["promote", `${name}@v${v2.version}`, "--stage", "production", ...registry]);
  demo.mlci(["models", "list", ...registry]);
  demo.say("\nProduction misbehaves: roll back.");
  demo.mlci(["rollback", name, ...registry]);
  demo.mlci(["models", "show", `${name}@production`, ...registry]);
  demo.values.v2 = v2;
}
