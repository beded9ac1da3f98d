// The pull-request report: rendered from the evaluation (and the clean batch's validation) and posted
// to the local forge twice, as two pushes to one pull request would: one comment, updated in place.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const title = "PR report: render it, post it to the local forge, post again (one comment, updated)";

/** The pull request the demo pretends to be. */
const PR = 1;

export async function run(demo) {
  const evaluation = demo.values.evaluation ?? evaluateTestModels(demo);
  const validation = demo.values.validation?.clean;
  const forge = join(demo.out, "forge");
  const report = join(demo.out, "report.md");
  const args = [
    "report",
    "--evaluation",
    demo.path(evaluation),
    ...(validation ? ["--validation", demo.path(validation)] : []),
    "--out",
    demo.path(report),
    "--post",
    "--forge",
    "local",
    "--forge-dir",
    demo.path(forge),
    "--pr",
    String(PR),
  ];
  demo.mlci(args);
  demo.say(`report ${demo.show(report)} begins with:\n  ${readFileSync(report, "utf8").split("\n")[0]}`);
  demo.say("\nThe next push updates the same comment:");
  demo.mlci(args);
  const thread = JSON.parse(readFileSync(join(forge, "issues", `${PR}.json`), "utf8"));
  demo.say(`comments on #${PR} in ${demo.show(join(forge, "issues", `${PR}.md`))}: ${thread.comments.length}`);
  demo.values.report = { markdown: report, forge, comments: thread.comments.length };
}

/** Until an earlier step evaluates a model of its own: two models shipped with the tests, same rows. */
function evaluateTestModels(demo) {
  const models = join(demo.root, "packages", "model", "test-data");
  const out = join(demo.out, "evaluation-test-models.json");
  demo.mlci([
    "evaluate",
    "--model",
    demo.path(join(models, "tree_binary.onnx")),
    "--baseline",
    demo.path(join(models, "tree_binary_zipmap.onnx")),
    "--data",
    demo.path(join(models, "flights-sample.csv")),
    "--target",
    "delayed",
    "--features",
    "distance,hour,weekday",
    "--name",
    "flights-delay",
    "--resamples",
    "200",
    "--out",
    demo.path(out),
    "--no-progress",
  ]);
  return out;
}
