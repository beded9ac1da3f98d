import assert from "node:assert/strict";
import { test } from "node:test";
import {
  parseStageEventMessage,
  parseStageEventSeq,
  planPromotion,
  planRollback,
  replayStage,
  type StageEvent,
} from "./stage.js";

const tagOf = (version: string) => `churn@v${version}`;

/** Applies changes as a forge would: each change's event joins the log. */
function run(steps: Array<["promote", string] | ["rollback"]>): { events: StageEvent[]; errors: string[] } {
  const events: StageEvent[] = [];
  const errors: string[] = [];
  steps.forEach((step, i) => {
    const state = replayStage("churn", "production", events);
    const at = `2026-01-0${i + 1}T00:00:00Z`;
    if (step[0] === "promote") {
      const change = planPromotion(state, { version: step[1], tag: tagOf(step[1]) }, at, "ana");
      if (change) events.push(parseStageEventMessage(change.message) ?? assert.fail("message does not parse"));
    } else {
      const change = planRollback(state, tagOf, at);
      if (change.ok) events.push(change.value.event);
      else errors.push(change.error.message);
    }
  });
  return { events, errors };
}

test("promotions push and rollbacks pop: two rollbacks go two versions back", () => {
  const { events, errors } = run([
    ["promote", "1.0.0"],
    ["promote", "1.1.0"],
    ["promote", "2.0.0"],
    ["rollback"],
    ["rollback"],
  ]);
  assert.deepEqual(errors, []);
  const state = replayStage("churn", "production", events);
  assert.equal(state.current?.version, "1.0.0");
  assert.deepEqual(
    state.history.map((e) => [e.seq, e.action, e.version]),
    [
      [1, "promote", "1.0.0"],
      [2, "promote", "1.1.0"],
      [3, "promote", "2.0.0"],
      [4, "rollback", "1.1.0"],
      [5, "rollback", "1.0.0"],
    ],
  );
  assert.equal(state.nextSeq, 6);
});

test("a rollback with nothing earlier is refused; promoting the current version records nothing", () => {
  const { events, errors } = run([["promote", "1.0.0"], ["promote", "1.0.0"], ["rollback"]]);
  assert.equal(events.length, 1);
  assert.equal(errors.length, 1);
  assert.match(errors[0] ?? "", /only 1\.0\.0 was ever on production/);
  const empty = planRollback(replayStage("churn", "production", []), tagOf, "t");
  assert.ok(!empty.ok && empty.error.message.includes("no version is on production"));
});

test("stage tags carry their sequence number; foreign tags are ignored", () => {
  assert.equal(parseStageEventSeq("churn", "production", "churn@production/12"), 12);
  for (const other of ["churn@staging/1", "churn@production/01", "churn@production/x", "fraud@production/1"]) {
    assert.equal(parseStageEventSeq("churn", "production", other), undefined, other);
  }
  assert.equal(parseStageEventMessage("a hand-made tag\n\nmlci-stage: {not json"), undefined);
  assert.equal(parseStageEventMessage("just words"), undefined);
});

test("the log order is the sequence number, not the order tags were listed in", () => {
  const { events } = run([
    ["promote", "1.0.0"],
    ["promote", "2.0.0"],
  ]);
  const state = replayStage("churn", "production", [...events].reverse());
  assert.equal(state.current?.version, "2.0.0");
});
