import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { commentMarker, hasMarker, MAX_MARKER_NAME_CHARS, withMarker } from "./marker.js";

describe("comment markers", () => {
  it("writes plain names as they are", () => {
    assert.equal(commentMarker("report", "churn"), "<!-- mlci:report:churn -->");
    assert.equal(commentMarker("drift", "churn-eu_v2.1"), "<!-- mlci:drift:churn-eu_v2.1 -->");
  });

  it("cleans names that could break the comment and keeps them apart with a hash", () => {
    const markers = ["churn-eu", "churn--eu", "churn eu", "churn<eu>", "churn-", "churn ", "a-->b", "x\ny"].map(
      (name) => commentMarker("report", name),
    );
    assert.equal(new Set(markers).size, markers.length, markers.join("\n"));
    for (const marker of markers) {
      const inner = marker.slice("<!--".length, -"-->".length);
      assert.doesNotMatch(inner, /--|[<>\n]/, marker);
    }
    assert.match(commentMarker("report", "a-->b"), /^<!-- mlci:report:a-_b~[0-9a-f]{12} -->$/);
  });

  it("shortens a long name and keeps it unique", () => {
    const long = "m".repeat(5000);
    const marker = commentMarker("report", long);
    assert.ok(marker.length < MAX_MARKER_NAME_CHARS + 50, `${marker.length}`);
    assert.notEqual(marker, commentMarker("report", `${long}x`));
  });

  it("matches the whole first line only", () => {
    const churn = commentMarker("report", "churn");
    assert.equal(hasMarker(`${churn}\nbody`, churn), true);
    assert.equal(hasMarker(`${churn}\r\nbody`, churn), true);
    assert.equal(hasMarker(churn, churn), true);
    assert.equal(hasMarker(`quote:\n${churn}`, churn), false);
    assert.equal(hasMarker(`${churn} pasted`, churn), false);
    assert.equal(hasMarker(`${commentMarker("report", "churn-eu")}\nbody`, churn), false);
    assert.equal(hasMarker(`${churn}\nbody`, commentMarker("report", "chur")), false);
    assert.equal(hasMarker(null, churn), false);
  });

  it("adds the marker as the first line unless it is there", () => {
    const churn = commentMarker("report", "churn");
    assert.equal(withMarker("body", churn), `${churn}\nbody`);
    assert.equal(withMarker(`${churn}\nbody`, churn), `${churn}\nbody`);
    assert.equal(withMarker(`x\n${churn}`, churn), `${churn}\nx\n${churn}`);
  });
});
