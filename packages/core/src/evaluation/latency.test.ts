import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { gatesConfig } from "../config/gates-section.js";
import { evaluateGates } from "../gates/evaluate-gates.js";
import { compareLatency, summariseRounds } from "./latency.js";

describe("latency in rounds", () => {
  it("reports the median of the rounds' p95 and their range", () => {
    assert.deepEqual(summariseRounds([0.3, 1.44, 0.25, 0.28, 0.31, 0.27, 0.29]), {
      p95: 0.29,
      p95_low: 0.25,
      p95_high: 1.44,
      rounds: 7,
    });
  });

  it("calls a change noisy unless the intervals separate", () => {
    // The production model measured p95 0.25 ms and then 1.44 ms: +476% in one run, noise in rounds.
    const baseline = summariseRounds([0.25, 0.27, 0.26, 1.44, 0.3, 0.26, 0.28]);
    const same = summariseRounds([0.26, 0.29, 0.27, 0.31, 0.95, 0.27, 0.25]);
    assert.equal(compareLatency(same, baseline)?.verdict, "noisy");
    const slower = summariseRounds([1.6, 1.7, 1.65, 1.8, 1.62, 1.71, 1.66]);
    assert.equal(compareLatency(slower, baseline)?.verdict, "slower");
    assert.equal(compareLatency(baseline, slower)?.verdict, "faster");
    assert.equal(compareLatency({ p95: 1 }, baseline), null, "a single series has no interval");
  });

  it("fails a latency gate only when the interval's lower end passes the limit", () => {
    const gates = gatesConfig.parse({ latency_p95_ms: { max: 1 } });
    const cost = (rounds: number[]) => ({
      size_bytes: 1,
      latency_ms: { p50: 0.2, p99: 3, ...summariseRounds(rounds) },
      throughput_rows_per_s: 1,
    });
    const noisy = evaluateGates(gates, {
      head: { metrics: {}, cost: cost([0.8, 1.2, 1.3, 1.1, 1.4]) },
      baseline: null,
    });
    assert.equal(noisy[0]?.passed, true, noisy[0]?.reason);
    assert.equal(
      noisy[0]?.reason,
      "p95 latency 1.2 ms (0.8..1.4 over 5 rounds) is above the maximum only within its noise: 1 ms",
    );
    const slow = evaluateGates(gates, { head: { metrics: {}, cost: cost([1.1, 1.2, 1.3, 1.1, 1.4]) }, baseline: null });
    assert.equal(slow[0]?.passed, false);
  });
});
