import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { normalSampler, seededRandom } from "../testing/random.js";
import { mergeProfiles } from "./dataset-profile.js";
import { type CellValue, profileTable } from "./memory-profile.js";
import type { ColumnProfile, NumericColumnProfile } from "./profile-file.js";
import { formatCompactJson } from "./profile-json.js";

function syntheticTable(rows: number, numeric: number, categorical: number, seed: number) {
  const random = seededRandom(seed);
  const normal = normalSampler(random);
  const columns: Record<string, CellValue[]> = {};
  for (let c = 0; c < numeric; c++) {
    const kind = c % 4;
    columns[`n${c}`] = Array.from({ length: rows }, () => {
      if (random() < 0.02) return null;
      if (kind === 0) return 100 + 15 * normal();
      if (kind === 1) return Math.exp(normal());
      if (kind === 2) return Math.round(-20 + 60 * random());
      return normal();
    });
  }
  for (let c = 0; c < categorical; c++) {
    const cardinality = [3, 12, 80, 400][c % 4] as number;
    columns[`c${c}`] = Array.from({ length: rows }, () => `category-${Math.floor(cardinality * random() ** 2)}`);
  }
  return columns;
}

describe("dataset profile", () => {
  it("merged from 4 shards equals the profile of the whole (moments within rounding)", () => {
    const table = syntheticTable(8000, 4, 4, 11);
    const whole = profileTable("whole", table);
    const shards = [0, 1, 2, 3].map((s) =>
      profileTable(
        `shard-${s}`,
        Object.fromEntries(
          Object.entries(table).map(([name, values]) => [name, values.slice(s * 2000, (s + 1) * 2000)]),
        ),
      ),
    );
    const merged = mergeProfiles(shards);
    assert.ok(merged.ok);
    assert.equal(merged.value.rows, whole.rows);
    assert.deepEqual(merged.value.parts, ["shard-0", "shard-1", "shard-2", "shard-3"]);
    for (const [name, column] of Object.entries(whole.columns)) {
      const got: ColumnProfile | undefined = merged.value.columns[name];
      assert.ok(got, name);
      if (column.type === "numeric") {
        const m = got as NumericColumnProfile;
        assert.deepEqual(m.sketch, column.sketch, name);
        assert.deepEqual(m.hll, column.hll, name);
        assert.equal(m.count, column.count);
        assert.equal(m.missing, column.missing);
        assert.equal(m.min, column.min);
        assert.equal(m.max, column.max);
        assert.ok(
          Math.abs((m.mean as number) - (column.mean as number)) <= 1e-9 * Math.abs(column.mean as number) + 1e-12,
        );
        assert.ok(Math.abs(m.m2 - column.m2) <= 1e-9 * column.m2);
      } else if (column.type === "categorical" && got.type === "categorical") {
        assert.equal(got.count, column.count);
        assert.deepEqual(got.hll, column.hll);
        // Low-cardinality columns have complete lists in every shard: exact.
        if (column.other === 0) assert.deepEqual(got.top, column.top);
      }
    }
  });

  it("refuses shards whose columns differ", () => {
    const a = profileTable("a", { x: [1, 2] });
    const b = profileTable("b", { y: [1, 2] });
    const result = mergeProfiles([a, b]);
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.error[0]?.message ?? "", /column "x" is in a but not in b/);
  });

  it("keeps a realistic 100-column profile under 200 kB", () => {
    const profile = profileTable("wide", syntheticTable(20_000, 60, 40, 5));
    const bytes = Buffer.byteLength(formatCompactJson(profile));
    assert.ok(bytes < 200_000, `${bytes} bytes`);
  });
});

describe("profile JSON text", () => {
  it("round-trips and keeps arrays of numbers on one line", () => {
    const profile = profileTable("t", { x: [1, 2, 3, null], c: ["a", "b", "a", "a"] });
    const text = formatCompactJson(profile);
    assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(profile)));
    assert.match(text, /"top": \[\["a",3\],\["b",1\]\]/);
  });
});
