/**
 * The drift issue as a reader sees it (snapshot in test/fixtures/drift/snapshots/): a unit change of
 * one feature (kilometres reported as miles) and a new category mix in another must show the
 * reference and current figures, what the score means, histograms, next steps, and a history that
 * survives the issue's closing.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compareProfiles } from "@mlci/core/drift/dataset-drift.js";
import type { DriftReport } from "@mlci/core/drift/drift-file.js";
import { decideIssueAction, readIssueState, runOf } from "@mlci/core/drift/drift-issue.js";
import { profileTable } from "@mlci/core/profile/memory-profile.js";
import { fromRoot } from "./support/paths.js";
import { matchSnapshot } from "./support/snapshot.js";

/** A small deterministic generator (no Math.random: the snapshot must not move). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function flights(rows: number, seed: number, options: { miles?: boolean; carriers: readonly string[] }) {
  const random = lcg(seed);
  const distance: number[] = [];
  const carrier: string[] = [];
  const delay: number[] = [];
  for (let i = 0; i < rows; i++) {
    const km = 300 + random() * 2400;
    distance.push(Math.round(options.miles ? km / 1.609344 : km));
    carrier.push(options.carriers[Math.floor(random() * options.carriers.length)] as string);
    delay.push(Math.round(random() * 60));
  }
  return { distance, carrier, delay };
}

const reference = profileTable("churn@v1.2.0 (production)", flights(4000, 1, { carriers: ["AA", "DL", "UA", "WN"] }));
const unitChange = compareProfiles(
  reference,
  profileTable(
    "data/current.parquet",
    flights(3000, 2, { miles: true, carriers: ["AA", "DL", "UA", "WN", "WN", "B6"] }),
  ),
  { share: 0.3 },
);
const clean = compareProfiles(
  reference,
  profileTable("data/current.parquet", flights(3000, 3, { carriers: ["AA", "DL", "UA", "WN"] })),
  {
    share: 0.3,
  },
);
const marker = "<!-- mlci:drift:flights -->";
const url = (n: number) => `https://github.com/o/r/actions/runs/${n}`;

function decide(report: DriftReport, body: string | undefined, at: string, run: number) {
  return decideIssueAction({
    model: "flights",
    marker,
    report,
    run: runOf(report, at, url(run)),
    ...(body === undefined ? {} : { openIssue: { body } }),
    closeAfter: 2,
  });
}

describe("drift issue text", () => {
  it("shows the reference and current figures of a unit change, with histograms and next steps", () => {
    assert.ok(unitChange.drifted && unitChange.drifted_features.includes("distance"));
    const created = decide(unitChange, undefined, "2026-12-05T03:00:00Z", 1);
    assert.equal(created.kind, "create");
    const body = created.kind === "create" ? created.body : "";
    // The cause is visible: the mean fell by the km → mile factor (−37.9 %).
    assert.match(body, /### `distance`: Wasserstein distance [0-9.]+ \(drift from 0\.1\)/);
    assert.match(body, /\| mean \| 1,[0-9]{3}(\.[0-9])? \| [0-9]{3}(\.[0-9])? \| −3[5-9]\.[0-9]% \|/);
    assert.match(body, /\| median \|/);
    assert.match(body, /\| p95 \|/);
    assert.match(body, /how far the values moved, in standard deviations of the reference/);
    assert.match(
      body,
      /xychart-beta\n {2}title "distance: reference \(blue bars\) vs current \(orange line\), % of rows"/,
    );
    assert.match(body, /x-axis \["≥ [0-9]/, "bins are labelled by their values, not 1, 2, 3");
    assert.match(body, /\| B6 \| 0\.0% \| 1[0-9]\.[0-9]% \| \+1[0-9]\.[0-9] pp \|/);
    assert.match(body, /Reference: `churn@v1\.2\.0 \(production\)` \(4,000 rows\)/);
    assert.match(body, /\[latest run\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/1\)/);
    assert.match(body, /### Next steps/);
    assert.match(body, /`mlci drift --reference production --current data\/current\.parquet --model-name flights`/);
    assert.doesNotMatch(body, /\d(?:\.\d+)?e[+-]\d/);
    matchSnapshot(body, fromRoot("test/fixtures/drift/snapshots/drift-issue.md"));
  });

  it("keeps every run's drifted features after the issue closes", () => {
    const created = decide(unitChange, undefined, "2026-12-05T03:00:00Z", 1);
    let body = created.kind === "create" ? created.body : "";
    for (const [i, report] of [clean, clean].entries()) {
      const action = decide(report, body, `2026-12-0${6 + i}T03:00:00Z`, 2 + i);
      if (action.kind === "comment" || action.kind === "close") body = action.issueBody;
      if (i === 1) assert.equal(action.kind, "close");
    }
    assert.match(body, /Latest run clean/);
    assert.match(
      body,
      /\| \[12-05 03:00\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/1\) \| \*\*drift\*\* \| [0-9.]+% \| `distance` [0-9.]+, `carrier` [0-9.]+ \|/,
    );
    assert.equal(readIssueState(body).history.length, 3);
  });

  it("leaves a comment with the figures on each drifted run of an open issue", () => {
    const created = decide(unitChange, undefined, "2026-12-05T03:00:00Z", 1);
    const again = decide(unitChange, created.kind === "create" ? created.body : "", "2026-12-06T03:00:00Z", 2);
    assert.equal(again.kind, "comment");
    if (again.kind === "comment") {
      assert.match(
        again.body,
        /^Drift again at 2026-12-06T03:00:00Z: 2 of 3 features drifted \(66\.7%\): `distance`, `carrier`\./,
      );
      assert.match(again.body, /\| mean \|/);
    }
  });
});
