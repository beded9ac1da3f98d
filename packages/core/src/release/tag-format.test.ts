import assert from "node:assert/strict";
import { test } from "node:test";
import {
  bumpVersion,
  compareVersions,
  formatVersion,
  latestVersion,
  parseVersion,
  parseVersionArgument,
} from "./semver.js";
import {
  DEFAULT_TAG_FORMAT,
  formatVersionTag,
  parseTagFormat,
  parseVersionTag,
  versionTagPrefix,
} from "./tag-format.js";

const v = (text: string) => parseVersion(text) ?? assert.fail(`bad version ${text}`);

test("versions parse, format, compare and bump by semver rules", () => {
  assert.equal(formatVersion(v("1.2.3")), "1.2.3");
  for (const bad of ["1.2", "01.2.3", "1.2.3-rc.1", "v1.2.3", "", "1.2.x"])
    assert.equal(parseVersion(bad), undefined, bad);
  assert.ok(compareVersions(v("1.10.0"), v("1.9.9")) > 0, "numeric, not lexical, order");
  assert.equal(formatVersion(bumpVersion(v("1.2.3"), "major")), "2.0.0");
  assert.equal(formatVersion(bumpVersion(v("1.2.3"), "minor")), "1.3.0");
  assert.equal(formatVersion(bumpVersion(v("1.2.3"), "patch")), "1.2.4");
  assert.equal(formatVersion(latestVersion([v("1.9.0"), v("1.10.0"), v("0.20.0")]) ?? v("0.0.0")), "1.10.0");
  assert.equal(latestVersion([]), undefined);
  assert.ok(parseVersionArgument("v2.0.1", "--version").ok);
  const bad = parseVersionArgument("2.0", "--version");
  assert.ok(!bad.ok && bad.error.kind === "usage" && bad.error.message.includes('"2.0"'));
});

test("the default tag format gives each model its own line of versions", () => {
  const format = parseTagFormat(DEFAULT_TAG_FORMAT);
  assert.ok(format.ok);
  assert.equal(formatVersionTag(format.value, "churn", v("1.2.0")), "churn@v1.2.0");
  assert.equal(formatVersion(parseVersionTag(format.value, "churn", "churn@v1.2.0") ?? v("0.0.0")), "1.2.0");
  // Another model's tags, stage tags and near misses belong to no version of churn.
  for (const other of ["fraud@v1.2.0", "churn@production/1", "churn@v1.2", "churn-x@v1.0.0", "churn@v"]) {
    assert.equal(parseVersionTag(format.value, "churn", other), undefined, other);
  }
  assert.equal(versionTagPrefix(format.value, "churn"), "churn@v");
});

test("a custom tag format round-trips and bad formats are refused with the reason", () => {
  const format = parseTagFormat("models/{name}/{version}");
  assert.ok(format.ok);
  const tag = formatVersionTag(format.value, "churn", v("3.0.1"));
  assert.equal(tag, "models/churn/3.0.1");
  assert.equal(formatVersion(parseVersionTag(format.value, "churn", tag) ?? v("0.0.0")), "3.0.1");
  const noName = parseTagFormat("v{version}");
  assert.ok(!noName.ok && noName.error.message.includes("{name}"));
  const twice = parseTagFormat("{name}-{version}-{version}");
  assert.ok(!twice.ok && twice.error.message.includes("{version}"));
  const space = parseTagFormat("{name} v{version}");
  assert.ok(!space.ok && space.error.kind === "config");
});
