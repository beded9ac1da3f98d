// The security properties of the fork-PR flow, read from the templates themselves: the workflow that
// runs the pull request's code can write nothing and posts nothing; the one that posts never checks
// out or runs that code and holds only the permissions posting needs.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { fromRoot } from "./support/paths.js";

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { permissions?: unknown; steps: Step[] }>;
}

const load = (name: string) => parse(readFileSync(fromRoot(`workflows-templates/${name}`), "utf8")) as Workflow;
const steps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps);

describe("pull-request workflow templates", () => {
  it("ml-pr.yml runs on pull_request with a read-only token, posts nothing and uploads the results", () => {
    const workflow = load("ml-pr.yml");
    assert.deepEqual(Object.keys(workflow.on), ["pull_request"]);
    assert.deepEqual(workflow.permissions, { contents: "read" });
    for (const job of Object.values(workflow.jobs)) assert.equal(job.permissions, undefined, "no job widens them");
    const report = steps(workflow).find((s) => s.uses?.includes("/actions/report@"));
    assert.equal(report?.with?.post, "false");
    assert.equal(report?.with?.["save-pr"], ".mlci-out/pr.json");
    const upload = steps(workflow).find((s) => s.uses?.startsWith("actions/upload-artifact@"));
    assert.equal(upload?.with?.name, "mlci-results");
    assert.equal(upload?.with?.path, ".mlci-out/");
    // A hidden directory: upload-artifact (v4.4 on) would skip it, and the comment job would get nothing.
    assert.equal(upload?.with?.["include-hidden-files"], true);
  });

  it("ml-pr-comment.yml posts from workflow_run without checking out or running the pull request's code", () => {
    const workflow = load("ml-pr-comment.yml");
    assert.deepEqual(Object.keys(workflow.on), ["workflow_run"]);
    assert.deepEqual(workflow.permissions, { actions: "read", "pull-requests": "write" });
    const all = steps(workflow);
    assert.equal(all.filter((s) => s.uses?.startsWith("actions/checkout@")).length, 0);
    assert.equal(all.filter((s) => s.run !== undefined).length, 0, "no script at all");
    const download = all.find((s) => s.uses?.startsWith("actions/download-artifact@"));
    assert.equal(download?.with?.name, "mlci-results");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, compared as text
    assert.equal(download?.with?.["run-id"], "${{ github.event.workflow_run.id }}");
    const report = all.find((s) => s.uses?.includes("/actions/report@"));
    assert.deepEqual(report?.with, { results: "mlci-results", post: "true" });
    const ml = load("ml-pr.yml") as unknown as { name: string };
    assert.deepEqual((workflow.on.workflow_run as { workflows: string[] }).workflows, [ml.name]);
  });
});
