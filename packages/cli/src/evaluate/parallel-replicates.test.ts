import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ComparisonPlan } from "@mlci/core/evaluation/slices.js";
import { equalModels } from "@mlci/core/testing/equal-models.js";
import { computeReplicates, startReplicateWorkers } from "./parallel-replicates.js";

describe("computeReplicates", () => {
  const { head, baseline, slices } = equalModels({
    rows: 3000,
    seed: 3,
    columns: [
      { name: "origin", segments: 6 },
      { name: "weekday", segments: 3 },
    ],
  });

  it("gives on three threads exactly the replicates of one, reporting progress up to every resample", async () => {
    const plan = ComparisonPlan.create(head, baseline, slices, { resamples: 90, seed: 5 });
    const single = plan.replicates();
    const reported: number[] = [];
    const parallel = await computeReplicates(plan, (done) => reported.push(done), { threads: 3, minRowReads: 0 });
    assert.ok(single && parallel);
    assert.equal(parallel.length, single.length);
    assert.ok(
      parallel.every((v, i) => Object.is(v, single[i])),
      "identical to the last bit",
    );
    assert.equal(reported.at(-1), 90);
    assert.ok(
      reported.every((d, i) => i === 0 || d > (reported[i - 1] as number)),
      "counts only go up",
    );
  });

  for (const threads of [1, 2]) {
    it(`does this thread's other work once, before joining the replicates (${threads} thread${threads > 1 ? "s" : ""})`, async () => {
      const plan = ComparisonPlan.create(head, baseline, slices, { resamples: 40, seed: 5 });
      const events: string[] = [];
      const replicates = await computeReplicates(plan, () => events.push("replicate"), {
        threads,
        minRowReads: 0,
        meanwhile: () => events.push("meanwhile"),
      });
      assert.ok(replicates);
      assert.equal(events.filter((e) => e === "meanwhile").length, 1);
      // With workers, some replicates may be done before this thread reports; it never reports before.
      assert.equal(events[0], "meanwhile");
      assert.deepEqual(replicates, plan.replicates());
    });
  }

  it("does the other work when there is no kernel", async () => {
    const plan = ComparisonPlan.create(head, null, slices, { resamples: 10 });
    let calls = 0;
    assert.equal(await computeReplicates(plan, () => {}, { meanwhile: () => calls++ }), null);
    assert.equal(calls, 1);
  });

  it("hands the job to worker threads started before the kernel: the same replicates", async () => {
    const workers = startReplicateWorkers(3000, 2, 60, { threads: 2, minRowReads: 0 });
    assert.equal(workers.length, 1);
    const exited = new Promise((resolve) => workers[0]?.worker.once("exit", resolve));
    const plan = ComparisonPlan.create(head, baseline, slices, { resamples: 60, seed: 5 });
    const replicates = await computeReplicates(plan, () => {}, { workers });
    assert.deepEqual(replicates, plan.replicates());
    await exited; // stopped once done
  });

  it("stops worker threads started ahead when the comparison needs none", async () => {
    const workers = startReplicateWorkers(3000, 2, 60, { threads: 2, minRowReads: 0 });
    const exited = new Promise((resolve) => workers[0]?.worker.once("exit", resolve));
    assert.equal(await computeReplicates(ComparisonPlan.create(head, null, slices), () => {}, { workers }), null);
    await exited;
  });

  it("starts no worker thread below the work threshold", () => {
    assert.deepEqual(startReplicateWorkers(3000, 2, 60), []);
  });

  it("stays on this thread below the work threshold", async () => {
    const plan = ComparisonPlan.create(head, baseline, slices, { resamples: 10 });
    const reported: number[] = [];
    const replicates = await computeReplicates(plan, (done) => reported.push(done));
    assert.deepEqual(reported, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(replicates, plan.replicates());
  });
});
