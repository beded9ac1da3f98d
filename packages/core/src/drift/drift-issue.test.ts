import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { profileTable } from "../profile/memory-profile.js";
import { normalSampler, seededRandom } from "../testing/random.js";
import { compareProfiles } from "./dataset-drift.js";
import { decideIssueAction, readIssueState, runOf } from "./drift-issue.js";

const random = seededRandom(21);
const normal = normalSampler(random);
const table = (shift: number) => ({
  a: Array.from({ length: 3000 }, () => normal() + shift),
  b: Array.from({ length: 3000 }, () => normal()),
});
const reference = profileTable("ref", table(0));
const drifted = compareProfiles(reference, profileTable("cur", table(2)), { share: 0.5 });
const clean = compareProfiles(reference, profileTable("cur", table(0)));
const marker = "<!-- mlci:drift:churn -->";

function decide(report: typeof drifted, body: string | undefined, at: string) {
  return decideIssueAction({
    model: "churn",
    marker,
    report,
    run: runOf(report, at),
    ...(body === undefined ? {} : { openIssue: { body } }),
    closeAfter: 2,
  });
}

describe("drift issue lifecycle", () => {
  it("opens an issue only when drifted, with the marker, a table and the state", () => {
    assert.equal(drifted.drifted, true);
    assert.equal(clean.drifted, false);
    assert.deepEqual(decide(clean, undefined, "t0"), { kind: "none" });
    const created = decide(drifted, undefined, "t1");
    assert.equal(created.kind, "create");
    if (created.kind !== "create") return;
    assert.ok(created.body.startsWith(marker));
    assert.match(created.body, /\| a \| \*\*yes\*\* \| Wasserstein distance \|/);
    assert.deepEqual(
      readIssueState(created.body).history.map((r) => r.at),
      ["t1"],
    );
  });

  it("comments on later runs, counts clean runs, resets on drift, and closes after N clean runs", () => {
    const created = decide(drifted, undefined, "t1");
    assert.equal(created.kind, "create");
    let body = created.kind === "create" ? created.body : "";
    const step = (report: typeof drifted, at: string) => {
      const action = decide(report, body, at);
      if (action.kind === "comment" || action.kind === "close") body = action.issueBody;
      return action;
    };
    assert.equal(step(clean, "t2").kind, "comment");
    assert.equal(readIssueState(body).clean_runs, 1);
    assert.equal(step(drifted, "t3").kind, "comment");
    assert.equal(readIssueState(body).clean_runs, 0, "a drifted run resets the count");
    assert.match(body, /xychart-beta/);
    assert.equal(step(clean, "t4").kind, "comment");
    const last = step(clean, "t5");
    assert.equal(last.kind, "close");
    if (last.kind === "close") assert.match(last.body, /No drift for 2 consecutive runs/);
    assert.deepEqual(
      readIssueState(body).history.map((r) => r.at),
      ["t1", "t2", "t3", "t4", "t5"],
    );
  });

  it("says why a run failed when one feature alone failed it, with the feature name escaped", () => {
    // One of three features moved by 2 standard deviations: under the share rule (1 of 3 < 50%), far
    // past 2x its threshold. The issue must name the rule that fired, not an empty "Drift:".
    const wide = (shift: number) => ({
      "*delay* @ops": Array.from({ length: 3000 }, () => normal() + shift),
      b: Array.from({ length: 3000 }, () => normal()),
      c: Array.from({ length: 3000 }, () => normal()),
    });
    const severe = compareProfiles(profileTable("ref", wide(0)), profileTable("cur", wide(2)), {
      critical: ["b"],
    });
    assert.equal(severe.drifted, true);
    assert.ok(severe.share < severe.share_threshold);
    const created = decide(severe, undefined, "t1");
    assert.equal(created.kind, "create");
    const body = created.kind === "create" ? created.body : "";
    assert.match(body, /\*\*Drift\*\*\.\n/);
    assert.match(body, /Why this failed:\n\n- \\\*delay\\\* @\u200bops drifted at 2x the threshold or more\n/);
    assert.doesNotMatch(body, /Drift\*\*: \./);
  });

  it("survives an edited body without its state", () => {
    assert.deepEqual(readIssueState("someone rewrote the issue"), { clean_runs: 0, history: [] });
  });
});

describe("performance drift", () => {
  it("flags an accuracy drop of 5 points and an RMSE increase of 10%, and merges exactly", async () => {
    const { comparePerformance, mergePerformance } = await import("./performance.js");
    const reference = { task: "binary" as const, rows: 1000, correct: 800 };
    assert.equal(comparePerformance(reference, { task: "binary", rows: 1000, correct: 760 })?.drifted, false);
    assert.equal(comparePerformance(reference, { task: "binary", rows: 1000, correct: 750 })?.drifted, true);
    const rmse = (rows: number, sse: number) => ({
      task: "regression" as const,
      rows,
      sum_abs_error: 0,
      sum_squared_error: sse,
    });
    assert.equal(comparePerformance(rmse(100, 100), rmse(100, 120))?.drifted, false);
    assert.equal(comparePerformance(rmse(100, 100), rmse(100, 122))?.drifted, true);
    assert.deepEqual(mergePerformance(reference, { task: "binary", rows: 10, correct: 5 }), {
      task: "binary",
      rows: 1010,
      correct: 805,
    });
    assert.equal(mergePerformance(reference, rmse(1, 1)), undefined);
  });
});
