import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { LOCAL_AUTHOR, LocalForge } from "./local-forge.js";
import { commentMarker } from "./marker.js";

describe("LocalForge", () => {
  let dir: string;
  let forge: LocalForge;
  let tick: number;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "mlci-local-forge-"));
    tick = 0;
    const now = () => {
      tick += 1;
      return new Date(Date.UTC(2026, 0, 1, 0, 0, tick));
    };
    forge = new LocalForge({ dir, now });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("upserts one comment per marker and renders the thread as markdown", async () => {
    const churn = commentMarker("report", "churn");
    const first = await forge.upsertComment({ issue: 3, marker: churn, body: "v1" });
    const second = await forge.upsertComment({ issue: 3, marker: churn, body: "v2" });
    const other = await forge.upsertComment({ issue: 3, marker: commentMarker("report", "fraud"), body: "f" });
    assert.deepEqual([first.action, second.action, other.action], ["created", "updated", "created"]);
    assert.equal(second.id, first.id);
    assert.notEqual(other.id, first.id);
    const comments = await forge.listIssueComments(3);
    assert.deepEqual(
      comments.map((c) => c.body),
      [`${churn}\nv2`, "<!-- mlci:report:fraud -->\nf"],
    );
    const markdown = await readFile(join(dir, "issues", "3.md"), "utf8");
    assert.match(markdown, /v2/);
    assert.doesNotMatch(markdown, /v1/);
  });

  it("leaves a comment by another author alone even when it holds the marker", async () => {
    const marker = commentMarker("report", "churn");
    await forge.upsertComment({ issue: 1, marker: commentMarker("report", "x"), body: "start the thread" });
    const file = join(dir, "issues", "1.json");
    const thread = JSON.parse(await readFile(file, "utf8"));
    thread.comments.push({ id: 99, author: "someone", body: `${marker} pasted`, created_at: "t", updated_at: "t" });
    await writeFile(file, JSON.stringify(thread));
    const result = await forge.upsertComment({ issue: 1, marker, body: "mine" });
    assert.equal(result.action, "created");
    assert.equal(result.id, 100);
    const after = await forge.listIssueComments(1);
    assert.equal(after.find((c) => c.id === 99)?.body, `${marker} pasted`);
  });

  it("tells models apart whose names are prefixes or look-alikes of each other", async () => {
    const names = ["churn", "churn-eu", "churn--eu", "churn ", "churn-"];
    for (const name of names)
      await forge.upsertComment({ issue: 4, marker: commentMarker("report", name), body: `${name} v1` });
    for (const name of names) {
      const again = await forge.upsertComment({ issue: 4, marker: commentMarker("report", name), body: `${name} v2` });
      assert.equal(again.action, "updated", name);
    }
    assert.deepEqual(
      (await forge.listIssueComments(4)).map((c) => c.body.split("\n")[1]),
      names.map((name) => `${name} v2`),
    );
    const eu = await forge.createIssue({
      title: "D",
      body: `${commentMarker("drift", "churn-eu")}\nb`,
      labels: ["drift"],
    });
    assert.equal(await forge.findOpenIssue({ label: "drift", marker: commentMarker("drift", "churn") }), undefined);
    assert.equal(
      (await forge.findOpenIssue({ label: "drift", marker: commentMarker("drift", "churn-eu") }))?.number,
      eu.number,
    );
  });

  it("matches the marker on the first line only", async () => {
    const marker = commentMarker("drift", "churn");
    await forge.createIssue({ title: "D", body: `an issue that quotes\n${marker}`, labels: ["drift"] });
    assert.equal(await forge.findOpenIssue({ label: "drift", marker }), undefined);
    await forge.upsertComment({ issue: 5, marker: commentMarker("report", "x"), body: "start" });
    const file = join(dir, "issues", "5.json");
    const thread = JSON.parse(await readFile(file, "utf8"));
    const quoting = `ours, quoting\n${commentMarker("report", "churn")}`;
    thread.comments.push({ id: 50, author: LOCAL_AUTHOR, body: quoting, created_at: "t", updated_at: "t" });
    await writeFile(file, JSON.stringify(thread));
    const result = await forge.upsertComment({ issue: 5, marker: commentMarker("report", "churn"), body: "report" });
    assert.equal(result.action, "created");
    assert.equal((await forge.listIssueComments(5)).find((c) => c.id === 50)?.body, quoting);
  });

  it("opens, finds, comments on and closes issues", async () => {
    const marker = commentMarker("drift", "churn");
    assert.equal(await forge.findOpenIssue({ label: "drift", marker }), undefined);
    const issue = await forge.createIssue({ title: "Drift", body: `${marker}\nbody`, labels: ["drift"] });
    assert.equal((await forge.findOpenIssue({ label: "drift", marker }))?.number, issue.number);
    assert.equal(await forge.findOpenIssue({ label: "other", marker }), undefined);
    await forge.commentIssue({ issue: issue.number, body: "again" });
    await forge.closeIssue({ issue: issue.number, comment: "recovered" });
    assert.equal(await forge.findOpenIssue({ label: "drift", marker }), undefined);
    assert.deepEqual(
      (await forge.listIssueComments(issue.number)).map((c) => c.body),
      ["again", "recovered"],
    );
  });
});
