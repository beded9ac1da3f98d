import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import * as z from "zod/mini";
import "./zod-messages.js";

const packages = fileURLToPath(new URL("../../", import.meta.url));

/** The TypeScript sources of every package (not the compiled dist). */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ["dist", "node_modules"].includes(entry.name) ? [] : sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

test("zod/mini answers with zod's English messages once zod-messages.js is loaded", () => {
  const parsed = z.strictObject({ name: z.string() }).safeParse({ name: 1, extra: true });
  assert.equal(parsed.success, false);
  assert.deepEqual(
    parsed.error?.issues.map((issue) => issue.message),
    ["Invalid input: expected string, received number", 'Unrecognized key: "extra"'],
  );
});

test("every module that builds zod/mini schemas imports zod-messages.js (else the first to load decides)", () => {
  const users = sources(packages).filter((file) =>
    /^import (?!type )[^;]*from "zod\/mini";/m.test(readFileSync(file, "utf8")),
  );
  assert.ok(users.length >= 15, `only ${users.length} modules use zod/mini: is the pattern still right?`);
  const missing = users.filter(
    (file) =>
      !file.endsWith("zod-messages.ts") && !/^import "[^"]*zod-messages\.js";/m.test(readFileSync(file, "utf8")),
  );
  assert.deepEqual(
    missing.map((file) => relative(packages, file)),
    [],
  );
});
