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

/**
 * What a security reviewer checks in every template and in the example's instantiated copies: the
 * actions are the exact code reviewed (commit SHA, on Node 24), no checkout leaves the token in .git,
 * and no job that may write runs the repository's code or installs its dependencies.
 */
describe("the security properties of the workflow templates and the example's workflows", () => {
  interface SecurityStep {
    name?: string;
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
  }
  interface SecurityJob {
    permissions?: Record<string, string> | string;
    needs?: string | string[];
    "timeout-minutes"?: number;
    steps: SecurityStep[];
  }
  interface SecurityWorkflow {
    permissions?: Record<string, string> | string;
    jobs: Record<string, SecurityJob>;
  }
  const exampleDir = fileURLToPath(new URL("../../examples/flights-delay/.github/workflows/", import.meta.url));
  const files = [
    ...TEMPLATES.map((name) => join(dir, `${name}.yml`)),
    ...TEMPLATES.map((name) => join(exampleDir, `${name}.yml`)),
  ];
  const read = (path: string) => ({ path, text: readFileSync(path, "utf8") });
  const workflows = files.map(read).map(({ path, text }) => ({
    path,
    text,
    workflow: parse(text) as SecurityWorkflow,
  }));
  const mayWrite = (permissions: SecurityJob["permissions"]) =>
    permissions === undefined ||
    permissions === "write-all" ||
    (typeof permissions === "object" && Object.values(permissions).includes("write"));

  /** The first major of each action whose action.yml says `using: node24` (checked in the actions' repositories). */
  const FIRST_NODE24_MAJOR: Record<string, number> = {
    "actions/checkout": 5,
    "actions/setup-node": 5,
    "actions/setup-python": 6,
    "actions/cache": 5,
    "actions/upload-artifact": 6,
    "actions/download-artifact": 7,
  };

  it("pin every third-party action in every job by full commit SHA, with its version (a Node 24 major) in a comment", () => {
    const shaOf = new Map<string, string>(); // one version of each action everywhere
    for (const { path, text } of workflows) {
      for (const line of text.split("\n")) {
        const uses = /^\s*(?:- )?uses:\s*(\S+)(.*)$/.exec(line);
        if (!uses || uses[1]?.startsWith("OWNER/mlci")) continue;
        const [action, ref] = (uses[1] as string).split("@") as [string, string];
        assert.match(ref, /^[0-9a-f]{40}$/, `${path}: ${line.trim()} is not pinned by commit SHA`);
        const version = /^\s*#\s*v(\d+)\.\d+\.\d+\s*$/.exec(uses[2] ?? "");
        assert.ok(version, `${path}: ${line.trim()} has no "# vX.Y.Z" comment`);
        const firstNode24 = FIRST_NODE24_MAJOR[action];
        assert.ok(firstNode24 !== undefined, `${path}: ${action} is not an action the templates are known to use`);
        assert.ok(Number(version[1]) >= firstNode24, `${path}: ${action} v${version[1]} runs on Node 20`);
        const pinned = `${ref}${uses[2]?.trim()}`;
        assert.equal(shaOf.get(action) ?? pinned, pinned, `${path}: ${action} pinned differently elsewhere`);
        shaOf.set(action, pinned);
      }
    }
    assert.ok(shaOf.has("actions/checkout") && shaOf.has("actions/upload-artifact"), "the scan found the actions");
    // docs/actions.md lists the same pins.
    const docs = readFileSync(fileURLToPath(new URL("../../docs/actions.md", import.meta.url)), "utf8");
    for (const [action, pinned] of shaOf) {
      const [sha, version] = pinned.split("#") as [string, string];
      assert.ok(docs.includes(`| \`${action}\` | ${version.trim()} | \`${sha}\` |`), `docs/actions.md: ${action}`);
    }
  });

  it("check out without persisting the token, and set up Node 24 where they set up Node", () => {
    let checkouts = 0;
    for (const { path, workflow } of workflows) {
      for (const step of Object.values(workflow.jobs).flatMap((job) => job.steps)) {
        if (step.uses?.startsWith("actions/checkout@")) {
          checkouts++;
          assert.equal(step.with?.["persist-credentials"], false, `${path}: a checkout persists the token`);
        }
        if (step.uses?.startsWith("actions/setup-node@")) {
          assert.equal(String(step.with?.["node-version"]), "24", `${path}: setup-node`);
        }
      }
    }
    assert.ok(checkouts >= 6, `every workflow but ml-pr-comment checks out (${checkouts} found)`);
    const example = readFileSync(join(exampleDir, "ml-pr.yml"), "utf8");
    assert.match(example, /actions\/setup-node@/, "the example sets up Node (it trains with Node)");
  });

  it("train, install and run the repository's code only in jobs whose token cannot write; bound the others' time", () => {
    let writeJobs = 0;
    for (const { path, workflow } of workflows) {
      for (const [name, job] of Object.entries(workflow.jobs)) {
        if (!mayWrite(job.permissions ?? workflow.permissions)) continue;
        writeJobs++;
        const timeout = job["timeout-minutes"];
        assert.ok(
          timeout !== undefined && timeout <= 60,
          `${path}: job ${name} may write for ${timeout ?? 360} minutes`,
        );
        for (const step of job.steps) {
          const what = `${path}: job ${name} may write, yet step "${step.name ?? step.uses ?? step.run}"`;
          assert.doesNotMatch(
            step.uses ?? "",
            /\/actions\/train@|^actions\/setup-(node|python)@/,
            `${what} trains or installs`,
          );
          assert.notEqual(step.with?.command, "train", `${what} trains`);
          assert.equal(step.with?.setup, undefined, `${what} installs dependencies`);
          assert.equal(step.run, undefined, `${what} runs a script`);
        }
      }
    }
    assert.equal(writeJobs, 6, "ml-pr-comment, ml-release's release job and ml-drift, in templates and example");
  });

  it("ml-release.yml trains in a read-only job and releases that job's artifact", () => {
    for (const path of [join(dir, "ml-release.yml"), join(exampleDir, "ml-release.yml")]) {
      const workflow = parse(readFileSync(path, "utf8")) as SecurityWorkflow;
      assert.deepEqual(workflow.permissions, { contents: "read" }, path);
      const { train, release } = workflow.jobs;
      assert.ok(train && release, `${path}: jobs train and release`);
      assert.deepEqual(train.permissions, { contents: "read" }, path);
      assert.deepEqual(release.permissions, { contents: "write" }, path);
      assert.equal(release.needs, "train", path);
      assert.ok(
        train.steps.some((s) => s.uses?.includes("/actions/train@")),
        `${path}: train job trains`,
      );
      const upload = train.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"));
      const download = release.steps.find((s) => s.uses?.startsWith("actions/download-artifact@"));
      assert.equal(
        download?.with?.name,
        upload?.with?.name,
        `${path}: the release job downloads the train job's artifact`,
      );
      const released = release.steps.find((s) => s.uses?.includes("/actions/release@"));
      for (const input of ["evaluation", "profile", "lineage"]) {
        const file = String(released?.with?.[input] ?? "");
        assert.ok(file.startsWith(".mlci-out/"), `${path}: release ${input} ${file} comes from the artifact`);
      }
      assert.match(String(upload?.with?.path), /\.mlci-out\//, path);
    }
  });
});

describe("docs/security.md", () => {
  const security = readFileSync(fileURLToPath(new URL("../../docs/security.md", import.meta.url)), "utf8");
  /** The token column of the row of the workflow table whose first cell is `first`. */
  const tokenCell = (first: string) => {
    const row = security.split("\n").find((line) => line.startsWith(`| ${first} |`));
    assert.ok(row, `docs/security.md has a row for ${first}`);
    return row.split(" | ")[3] ?? "";
  };
  const permissionsOf = (permissions: unknown) =>
    Object.entries(permissions as Record<string, string>).map(([scope, level]) => `\`${scope}: ${level}\``);

  it("states each workflow's and job's permissions as the templates declare them", () => {
    const load = (name: string) =>
      parse(readFileSync(join(dir, name), "utf8")) as {
        permissions: unknown;
        jobs: Record<string, { permissions?: unknown }>;
      };
    for (const name of ["ml-pr.yml", "ml-pr-comment.yml", "ml-drift.yml"]) {
      const cell = tokenCell(`\`${name}\``);
      const declared = permissionsOf(load(name).permissions);
      assert.deepEqual(
        declared.filter((p) => !cell.includes(p)),
        [],
        `${name}: ${cell}`,
      );
    }
    const release = load("ml-release.yml");
    for (const job of ["train", "release"]) {
      const cell = tokenCell(`\`ml-release.yml\`, job \`${job}\``);
      const declared = permissionsOf(release.jobs[job]?.permissions);
      assert.ok(declared.length > 0 && declared.every((p) => cell.includes(p)), `${job}: ${cell}`);
    }
  });
});
