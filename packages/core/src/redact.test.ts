import assert from "node:assert/strict";
import { test } from "node:test";
import { REDACTED, redactSecrets } from "./redact.js";

test("every occurrence of every secret is replaced", () => {
  const token = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
  const text = `Bad credentials: token ${token} (again: ${token}); runtime rt-0123456789`;
  assert.equal(
    redactSecrets(text, [token, "rt-0123456789", undefined]),
    `Bad credentials: token ${REDACTED} (again: ${REDACTED}); runtime ${REDACTED}`,
  );
});

test("values too short to be a credential are not redacted", () => {
  assert.equal(redactSecrets("a 1 true", ["", "1", "true"]), "a 1 true");
});
