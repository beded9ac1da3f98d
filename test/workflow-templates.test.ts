import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL("../../workflows-templates/", import.meta.url));
const TEMPLATES = ["ml-pr", "ml-pr-comment", "ml-release", "ml-drift"];

interface Properties {
  name: unknown;
  description: unknown;
  iconName?: unknown;
  categories?: unknown;
  filePatterns?: unknown;
}

/**
 * GitHub's organisation workflow templates: `workflow-templates/NAME.yml` in the organisation's
 * `.github` repository with `NAME.properties.json` beside it holding name and description
 * (required), iconName (an SVG beside it or "octicon NAME") and categories and filePatterns
 * (optional lists). Unknown keys are refused here so a typo does not silently drop metadata.
 */
describe("workflows-templates/*.properties.json", () => {
  it("exists for every template", () => {
    for (const name of TEMPLATES) assert.ok(existsSync(join(dir, `${name}.properties.json`)), name);
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".yml"))) {
      assert.ok(existsSync(join(dir, file.replace(/\.yml$/, ".properties.json"))), `${file} has no properties file`);
    }
  });

  it("has the fields GitHub reads, and only those", () => {
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".properties.json"))) {
      const properties = JSON.parse(readFileSync(join(dir, file), "utf8")) as Properties;
      assert.deepEqual(
        Object.keys(properties).filter(
          (k) => !["name", "description", "iconName", "categories", "filePatterns"].includes(k),
        ),
        [],
        file,
      );
      assert.equal(typeof properties.name, "string", file);
      assert.ok((properties.name as string).length > 0 && (properties.name as string).length <= 80, file);
      assert.equal(typeof properties.description, "string", file);
      if (properties.iconName !== undefined) {
        const icon = properties.iconName as string;
        assert.ok(/^octicon [a-z0-9-]+$/.test(icon) || existsSync(join(dir, `${icon}.svg`)), `${file}: icon ${icon}`);
      }
      assert.ok(Array.isArray(properties.categories) && properties.categories.length > 0, file);
      for (const pattern of (properties.filePatterns as string[] | undefined) ?? []) {
        assert.doesNotThrow(() => new RegExp(pattern), `${file}: ${pattern}`);
      }
    }
  });
});
