// The pull-request report: rendered from the evaluation of PR #1 (and the clean batch's validation)
// and posted to the demo repository's local forge twice, as two pushes to one pull request would:
// one comment, updated in place.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const title = "PR #1 report: render it, post it to the local forge, post again (one comment, updated)";

export async function run(demo) {
  const { markdown, thread } = await postReport(demo, { pr: 1, evaluation: demo.values.pr1.evaluation });
  demo.say(`report ${demo.show(markdown)} begins with:\n  ${readFileSync(markdown, "utf8").split("\n")[0]}`);
  demo.say("\nThe next push updates the same comment:");
  const again = await postReport(demo, { pr: 1, evaluation: demo.values.pr1.evaluation });
  demo.say(`comments on #1 in ${demo.show(join(demo.forge, "issues", "1.md"))}: ${again.thread.comments.length}`);
  demo.values.report = { markdown, forge: demo.forge, comments: thread.comments.length };
}

/** `mlci report --post` to pull request `pr` of the local forge; returns the markdown file and thread. */
export async function postReport(demo, { pr, evaluation }) {
  const validation = demo.values.validation?.clean;
  const markdown = join(demo.out, `pr-${pr}`, "report.md");
  await demo.mlci([
    "report",
    "--evaluation",
    demo.path(evaluation),
    ...(validation ? ["--validation", demo.path(validation)] : []),
    "--out",
    demo.path(markdown),
    "--post",
    "--forge",
    "local",
    "--forge-dir",
    demo.path(demo.forge),
    "--pr",
    String(pr),
  ]);
  const thread = JSON.parse(readFileSync(join(demo.forge, "issues", `${pr}.json`), "utf8"));
  return { markdown, thread };
}
