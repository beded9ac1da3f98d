// What is in production before the first trained model: the constant model, which predicts the
// training delay rate for every flight (what a team without a model effectively does). It is trained
// with the same command (`train.mjs --constant`) through `mlci train`, released as 0.1.0 and promoted,
// so pull request #1 is compared with it. The model trained in the previous step is kept aside
// meanwhile and put back afterwards: it is what pull request #1 brings.
import { copyFileSync, mkdirSync } from "node:fs";
import { join, relative } from "node:path";
import { releaseModel } from "./60-release-v1.mjs";

export const title = "Production today: the constant model, released as 0.1.0 and promoted";

export async function run(demo) {
  const { config, name, model } = demo.values.train;
  const trained = join(demo.out, "pr-1", "flights-delay.onnx");
  mkdirSync(join(demo.out, "pr-1"), { recursive: true });
  copyFileSync(model, trained);

  const example = join(demo.root, "examples", "flights-delay");
  const fromDemo = (path) => relative(demo.out, join(example, path));
  const lineage = join(demo.out, "constant", "lineage.json");
  demo.mlci([
    "train",
    "--config",
    demo.path(config),
    "--out",
    demo.path(lineage),
    "--",
    "node",
    fromDemo("train.mjs"),
    "--constant",
    "--train",
    fromDemo("data/train.parquet"),
    "--test",
    fromDemo("data/test.parquet"),
  ]);
  demo.commit("The constant model: the training delay rate for every flight");
  const release = releaseModel(demo, {
    config,
    name,
    version: "0.1.0",
    lineage,
    out: join(demo.out, "release-0.1.0.json"),
  });
  demo.mlci([
    "promote",
    `${name}@v${release.version}`,
    "--stage",
    "production",
    "--config",
    demo.path(config),
    "--forge",
    "local",
  ]);

  copyFileSync(trained, model);
  demo.say(`PR #1's model is back in ${demo.show(model)}`);
  demo.values.v0 = release;
}
