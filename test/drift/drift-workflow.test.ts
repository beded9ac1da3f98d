import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { parse } from "yaml";

interface Workflow {
  on: { schedule: Array<{ cron: string }>; workflow_dispatch: unknown };
  permissions: Record<string, string>;
  concurrency: { group: string; "cancel-in-progress": boolean };
  jobs: Record<string, { steps: Array<{ uses?: string; run?: string; with?: Record<string, string> }> }>;
}

describe("workflows-templates/ml-drift.yml", () => {
  const workflow = parse(readFileSync("workflows-templates/ml-drift.yml", "utf8")) as Workflow;

  it("runs on a schedule at an odd minute and by hand", () => {
    const [minute] = (workflow.on.schedule[0]?.cron ?? "").split(" ");
    assert.ok(/^\d+$/.test(minute ?? "") && Number(minute) % 2 === 1, `minute ${minute}`);
    assert.ok("workflow_dispatch" in workflow.on);
  });

  it("asks only for contents: read and issues: write, one run at a time", () => {
    assert.deepEqual(workflow.permissions, { contents: "read", issues: "write" });
    assert.equal(workflow.concurrency.group, "mlci-drift");
    assert.equal(workflow.concurrency["cancel-in-progress"], false);
  });

  it("uses the drift action with the issue lifecycle on", () => {
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    const drift = steps.find((step) => step.uses?.includes("/actions/drift@"));
    assert.equal(drift?.with?.["open-issue"], "true");
    for (const step of steps) assert.doesNotMatch(step.run ?? "", /\$\{\{/, "no expressions inside run:");
  });
});
