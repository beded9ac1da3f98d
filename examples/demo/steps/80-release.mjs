// Releases as model versions, in a git repository of its own under .mlci-out/demo/registry/ (the
// local forge: annotated tags plus .mlci/releases/): release v1 and put it in production, train a
// change, evaluate it against what is in production, release v2 (auto-bumped from the comparison),
// promote it, then roll production back.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

export const title = "Release v1, evaluate a retrained model against production, release v2, roll back";

export async function run(demo) {
  const example = join(demo.root, "examples", "flights-delay");
  const repo = join(demo.out, "registry");
  mkdirSync(join(repo, "models"), { recursive: true });
  const git = (...args) => {
    const result = spawnSync("git", args, { cwd: repo, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
    return result.stdout;
  };
  git("init", "-q", "-b", "main");
  git("config", "user.name", "mlci demo");
  git("config", "user.email", "demo@example.com");
  const fromRepo = (path) => relative(repo, path);
  const config = join(repo, "mlci.yml");
  writeFileSync(
    config,
    [
      "data:",
      `  test: {path: ${fromRepo(join(example, "data/test.parquet"))}, contract: ${fromRepo(join(example, "schema.yml"))}}`,
      "models:",
      "  flights-delay:",
      "    path: models/flights-delay.onnx",
      "    task: binary",
      "    target: delayed",
      "    data: test",
      "    card:",
      "      intended_use: Flags US domestic flights likely to arrive more than 15 minutes late, for the demo.",
      "      limitations: Trained on January-March 2001; a handful of features; not for real operations.",
      "",
    ].join("\n"),
  );
  const model = join(repo, "models", "flights-delay.onnx");
  const train = (extra) => {
    const made = spawnSync(process.execPath, [join(example, "train.mjs"), "--out", model, ...extra], {
      cwd: example,
      encoding: "utf8",
    });
    if (made.status !== 0) throw new Error(`train.mjs failed: ${made.stderr}`);
  };
  if (demo.values.train?.model) copyFileSync(demo.values.train.model, model);
  else train([]);
  git("add", "-A");
  git("commit", "-q", "-m", "flights-delay, first model");
  const cfg = ["--config", demo.path(config), "--forge", "local"];
  demo.say(`a git repository of its own: ${demo.show(repo)}`);

  const lineage = demo.values.train?.lineage;
  demo.mlci(["release", "--model", "flights-delay", ...(lineage ? ["--lineage", demo.path(lineage)] : []), ...cfg]);
  demo.mlci(["promote", "flights-delay@v1.0.0", "--stage", "production", ...cfg]);
  demo.say("\nThe same commit again: nothing to do.");
  demo.mlci(["release", "--model", "flights-delay", ...cfg]);

  demo.say("\nA change: fewer origin airports as features. Evaluate it against the production release:");
  train(["--top-origins", "5"]);
  git("commit", "-q", "-am", "flights-delay: 5 origin airports");
  const evaluation = join(demo.out, "evaluation-release-v2.json");
  demo.mlci([
    "evaluate",
    "--config",
    demo.path(config),
    "--name",
    "flights-delay",
    "--baseline",
    "production",
    "--out",
    demo.path(evaluation),
    "--resamples",
    "200",
    "--no-progress",
  ]);
  const released = demo.mlci(["release", "--model", "flights-delay", "--evaluation", demo.path(evaluation), ...cfg]);
  const version = /released flights-delay (\d+\.\d+\.\d+)/.exec(released.stdout)?.[1];
  demo.mlci(["promote", `flights-delay@v${version}`, "--stage", "production", ...cfg]);
  demo.mlci(["models", "list", ...cfg]);
  demo.say("\nSomething is wrong in production: roll back.");
  demo.mlci(["rollback", "flights-delay", ...cfg]);
  demo.mlci(["models", "show", "flights-delay@production", ...cfg]);
  const card = join(repo, ".mlci", "releases", "flights-delay", version, "MODEL_CARD.md");
  demo.say(`\nmodel card of ${version}: ${demo.show(card)}; it begins:`);
  demo.say(readFileSync(card, "utf8").split("\n").slice(0, 5).join("\n"));
  demo.values.release = { repo, versions: ["1.0.0", version], card };
}
