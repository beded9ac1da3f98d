// What is in production before the first trained model: the constant model, which predicts the
// training delay rate for every flight (what a team without a model effectively does). It is trained
// with the same command (`train.mjs --constant`) through `mlci train`, released as 0.1.0 and promoted,
// so pull request #1 is compared with it. The model trained in the previous step is kept aside
// meanwhile and put back afterwards: it is what pull request #1 brings. Its model card says what it
// is: it is released with a copy of mlci.yml (same directory, so the same registry) whose card
// describes the constant model, not the trained one.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseDocument } from "yaml";
import { releaseModel } from "./60-release-v1.mjs";

/** The card of the constant model (mlci.yml's describes the trained model of pull request #1). */
const CONSTANT_CARD = {
  intended_use:
    "The stand-in before the first trained model: it gives every flight the same probability of arriving more than 15 minutes late, the delay rate of the training data. It is the bar a real model has to clear.",
  limitations:
    "It ranks nothing (ROC AUC 0.5) and, at the 0.5 threshold, never predicts a delay: it tells no flight from another.",
};

export const title = "Production today: the constant model, released as 0.1.0 and promoted";

export async function run(demo) {
  const { config, name, model } = demo.values.train;
  const trained = join(demo.out, "pr-1", "flights-delay.onnx");
  mkdirSync(join(demo.out, "pr-1"), { recursive: true });
  copyFileSync(model, trained);

  const example = join(demo.root, "examples", "flights-delay");
  const fromDemo = (path) => relative(demo.out, join(example, path));
  const lineage = join(demo.out, "constant", "lineage.json");
  await demo.mlci([
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
  const constantConfig = join(demo.out, "mlci-constant.yml");
  const document = parseDocument(readFileSync(config, "utf8"));
  document.setIn(["models", name, "card"], document.createNode(CONSTANT_CARD));
  writeFileSync(constantConfig, document.toString());
  demo.commit("The constant model: the training delay rate for every flight");
  const release = await releaseModel(demo, {
    config: constantConfig,
    name,
    version: "0.1.0",
    lineage,
    out: join(demo.out, "release-0.1.0.json"),
  });
  await demo.mlci([
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
