// Pull request #1 brings the first trained model. `mlci evaluate --baseline production` compares a
// pull request with the model that is really deployed: the constant model 0.1.0, downloaded from its
// release (checked against its sha256) into .mlci/cache/models/, scored on exactly the same held-out
// April flights. The gates of mlci.yml hold the model to beating it clearly.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";

export const title = "Pull request #1: evaluate the trained model against production (the constant model)";

/** Fewer than the default 1000 resamples: seconds instead of tens of seconds; intervals barely move. */
export const RESAMPLES = "200";

export async function run(demo) {
  const { config, name } = demo.values.train;
  watchModelInputsForDrift(config);
  // Data and downloaded models stay out of the demo's repository, as they would out of a real one.
  writeFileSync(join(demo.out, ".gitignore"), ["*.csv", "*.parquet", ".mlci/cache/", ""].join("\n"));
  const commit = demo.commit("PR #1: train the flights-delay model (logistic regression, 30 origin airports)");
  demo.say(`demo repository ${demo.show(demo.out)}: a git repository of its own, PR #1 at ${commit.slice(0, 12)}`);

  const evaluation = join(demo.out, "pr-1", "evaluation.json");
  await demo.mlci(evaluateArgs(demo, { config, name, out: evaluation }));
  const result = JSON.parse(readFileSync(evaluation, "utf8"));
  demo.say(
    `${demo.show(evaluation)}: ROC AUC ${result.head.metrics.roc_auc.toFixed(4)}, log loss ` +
      `${result.head.metrics.log_loss.toFixed(4)} on ${result.data.rows} held-out April flights; ` +
      `production ${demo.values.v0.version}: ROC AUC ${result.baseline.metrics.roc_auc.toFixed(4)}, log loss ` +
      `${result.baseline.metrics.log_loss.toFixed(4)}; gates ${result.passed ? "passed" : "FAILED"}`,
  );
  demo.say(
    "accuracy is a shade lower: the constant model says 'on time' for every flight, right for 82% of them; " +
      "ROC AUC and log loss show the trained model ranks and prices the risk of a delay far better.",
  );
  demo.values.pr1 = { evaluation, commit };
}

/** `mlci evaluate` as the evaluate action runs it on a pull request: against the production model. */
export function evaluateArgs(demo, { config, name, out }) {
  return [
    "evaluate",
    "--config",
    demo.path(config),
    "--name",
    name,
    "--baseline",
    "production",
    "--forge",
    "local",
    "--out",
    demo.path(out),
    "--resamples",
    RESAMPLES,
    "--no-progress",
  ];
}

/**
 * Drift monitoring watches what the model reads: delay and delayed are the label (known only weeks
 * later in production) and destination is no input of the model.
 */
function watchModelInputsForDrift(config) {
  const document = parseDocument(readFileSync(config, "utf8"));
  for (const column of ["delay", "delayed", "destination"]) {
    document.setIn(["drift", "columns", column], document.createNode({ ignore: true }, { flow: true }));
  }
  writeFileSync(config, document.toString());
}
