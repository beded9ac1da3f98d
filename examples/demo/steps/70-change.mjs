// Pull request #2 changes the model: 60 origin airports get a feature of their own instead of 30.
// It is trained as before, then evaluated against what is in production now: 1.0.0, downloaded
// from its release (and checked against its sha256) into .mlci/cache/models/. The report shows the
// difference with paired-bootstrap intervals and is posted as PR #2's comment.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { evaluateArgs } from "./40-evaluate-against-production.mjs";
import { postReport } from "./50-pr-report.mjs";

export const title = "Pull request #2: a change (60 origin airports), evaluated against production (1.0.0)";

const TOP_ORIGINS = 60;

export async function run(demo) {
  const { config, name } = demo.values.train;
  const document = parseDocument(readFileSync(config, "utf8"));
  document.setIn(["models", name, "train", "params", "top_origins"], TOP_ORIGINS);
  writeFileSync(config, document.toString());
  demo.say(`${demo.show(config)}: models.${name}.train.params.top_origins 30 -> ${TOP_ORIGINS}`);

  const lineage = join(demo.out, "pr-2", "lineage.json");
  await demo.mlci(["train", "--config", demo.path(config), "--out", demo.path(lineage)]);
  const commit = demo.commit(`PR #2: ${TOP_ORIGINS} origin airports as features`);

  const evaluation = join(demo.out, "pr-2", "evaluation.json");
  await demo.mlci(evaluateArgs(demo, { config, name, out: evaluation }));
  const result = JSON.parse(readFileSync(evaluation, "utf8"));
  demo.say(
    `baseline: ${demo.show(result.baseline.model.path)} (sha256 ${result.baseline.model.sha256.slice(0, 12)}), ` +
      `the production version ${demo.values.v1.version}`,
  );
  for (const metric of ["roc_auc", "log_loss"]) {
    const d = result.comparison.deltas[metric];
    demo.say(
      `  ${metric}: ${d.baseline.toFixed(4)} -> ${d.head.toFixed(4)}, delta ${d.delta.toFixed(4)} ` +
        `[${d.ci_low.toFixed(4)}, ${d.ci_high.toFixed(4)}]: ${d.verdict}`,
    );
  }
  const { markdown } = await postReport(demo, { pr: 2, evaluation });
  demo.say(`report ${demo.show(markdown)} begins with:\n  ${readFileSync(markdown, "utf8").split("\n")[0]}`);
  demo.values.pr2 = { evaluation, lineage, commit };
}
