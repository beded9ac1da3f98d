// Pull request #1 is merged: the model is released as a version of the local model registry (an
// annotated git tag in the demo's repository, its assets and model card under .mlci/releases/) and
// promoted to production, which is itself recorded as a git tag. The first real model gets an
// explicit version, 1.0.0 ("auto" would make it 0.2.0: a significant metric change is a minor bump).
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const title = "Merge PR #1: release the model as 1.0.0 and promote it to production";

export async function run(demo) {
  const { config, name, lineage } = demo.values.train;
  const commit = demo.commit("Merge PR #1");
  // The reference profile of the training data goes into the release: drift checks compare with it.
  const profile = join(demo.out, "reference-profile.json");
  await demo.mlci([
    "profile",
    demo.path(join(demo.root, "examples", "flights-delay", "data", "train.parquet")),
    "--config",
    demo.path(config),
    "--out",
    demo.path(profile),
  ]);
  const release = await releaseModel(demo, {
    config,
    name,
    version: "1.0.0",
    evaluation: demo.values.pr1.evaluation,
    lineage,
    profile,
    out: join(demo.out, "release-v1.json"),
  });
  demo.say("\nThe same commit released again (a re-run of the workflow): nothing to do.");
  const registry = ["--config", demo.path(config), "--forge", "local"];
  await demo.mlci(["release", "--model", name, ...registry]);
  await demo.mlci(["promote", `${name}@v${release.version}`, "--stage", "production", ...registry]);
  demo.say(`git tags of ${demo.show(demo.out)}: ${demo.git("tag", "--list").trim().split("\n").join(", ")}`);
  demo.values.v1 = { ...release, commit, profile };
}

/**
 * `mlci release` on the local forge (version "auto" unless given); returns {version, tag, directory}.
 */
export async function releaseModel(demo, { config, name, version, evaluation, lineage, profile, out }) {
  await demo.mlci([
    "release",
    "--model",
    name,
    ...(version ? ["--version", version] : []),
    ...(evaluation ? ["--evaluation", demo.path(evaluation)] : []),
    "--lineage",
    demo.path(lineage),
    ...(profile ? ["--profile", demo.path(profile)] : []),
    "--config",
    demo.path(config),
    "--forge",
    "local",
    "--output",
    demo.path(out),
  ]);
  const record = JSON.parse(readFileSync(out, "utf8"));
  const directory = join(demo.out, ".mlci", "releases", name, record.version);
  demo.say(`release ${record.tag}: model card and assets in ${demo.show(directory)}/`);
  return { version: record.version, tag: record.tag, directory };
}
