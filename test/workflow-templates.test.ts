import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

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
    for (const name of TEMPLATES) {
      assert.ok(existsSync(join(dir, `${name}.yml`)), `${name}.yml`);
      assert.ok(existsSync(join(dir, `${name}.properties.json`)), name);
    }
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

describe("examples/flights-delay/.github/workflows", () => {
  const exampleDir = fileURLToPath(new URL("../../examples/flights-delay/.github/workflows/", import.meta.url));
  interface Workflow {
    permissions?: unknown;
    jobs: Record<string, { steps: { name?: string; uses?: string }[] }>;
  }
  const load = (path: string) => parse(readFileSync(path, "utf8")) as Workflow;
  /** A step by what it runs; the example only adds Node's setup (it trains with Node, not Python). */
  const shape = (workflow: Workflow) =>
    Object.fromEntries(
      Object.entries(workflow.jobs).map(([job, { steps }]) => [
        job,
        steps
          .map((step) => step.uses ?? step.name)
          .filter((what) => !/^actions\/setup-(node|python)@/.test(what ?? "")),
      ]),
    );

  it("are what instantiate-workflows.mjs makes of the current templates", async () => {
    const script = new URL("../../examples/flights-delay/instantiate-workflows.mjs", import.meta.url).href;
    const { instantiate, WORKFLOWS } = (await import(script)) as {
      instantiate: (name: string) => string;
      WORKFLOWS: string[];
    };
    assert.deepEqual([...WORKFLOWS].sort(), TEMPLATES.map((t) => `${t}.yml`).sort());
    for (const name of WORKFLOWS) {
      assert.equal(
        readFileSync(join(exampleDir, name), "utf8"),
        instantiate(name),
        `${name}: run node examples/flights-delay/instantiate-workflows.mjs`,
      );
    }
  });

  it("instantiates every template with the same jobs, steps and permissions", () => {
    for (const name of TEMPLATES) {
      const template = load(join(dir, `${name}.yml`));
      const example = load(join(exampleDir, `${name}.yml`));
      assert.deepEqual(shape(example), shape(template), name);
      assert.deepEqual(example.permissions, template.permissions, name);
    }
  });
});
