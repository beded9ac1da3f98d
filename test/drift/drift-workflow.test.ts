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

  it("compares with the profile of the release on the production stage, not the newest release", () => {
    // After `mlci rollback` production runs an older version than the newest NAME@ tag; only the stage
    // knows which (mlci drift --reference NAME@production reads its log).
    for (const path of ["workflows-templates/ml-drift.yml", "examples/flights-delay/.github/workflows/ml-drift.yml"]) {
      const text = readFileSync(path, "utf8");
      const steps = Object.values((parse(text) as Workflow).jobs).flatMap((job) => job.steps);
      const drift = steps.find((step) => step.uses?.includes("/actions/drift@"));
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, compared as text
      assert.equal(drift?.with?.reference, "${{ env.MLCI_MODEL }}@production", path);
      assert.doesNotMatch(text, /gh release (list|download)/, `${path}: no release picked by its tag`);
    }
  });
});
