// The project's own rules for action and workflow YAML, on top of the linters:
// - no `${{ }}` expression inside a `run:` script (or an actions/github-script `script:`): an expression
//   there is pasted into the script text before the shell sees it, so a PR title or branch name becomes
//   code. Inputs reach scripts through `env:` instead.
// - every workflow declares `permissions:` (at the top, or on every job), so the token is least-privilege.
// - a pull_request_target / workflow_run workflow never checks out the PR's head (a fork's code run
//   with the base repository's token and secrets).
// - in every job that holds a write permission, each third-party action is pinned by its full commit
//   SHA with the version in a comment (`uses: actions/checkout@<40 hex> # v7.0.1`): a tag can be moved
//   to other code, which would then run with the write token.
// - every actions/checkout sets `persist-credentials: false`, so the token is not left in .git/ for
//   every later step (and every tool the repository's code starts) to read.
// - an actions/upload-artifact path whose search root is a hidden directory (`.mlci-out/`,
//   `.out/*.json`) sets `include-hidden-files: true`: since v4.4 the action skips hidden files and
//   directories, the search root included, so nothing would be uploaded.
// - every action input and output has a description; composite outputs have a `value`.
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";

const EXPRESSION = /\$\{\{/;

/**
 * @typedef {{ file: string, line: number, column: number, message: string, rule: string }} Finding
 */

/** Parses YAML keeping positions; returns the document and a function from node to {line, column}. */
export function parseWithPositions(text) {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, keepSourceTokens: false });
  const position = (node) => {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return { document, position };
}

function pairValue(map, key) {
  if (!isMap(map)) return undefined;
  for (const pair of map.items) {
    if (isScalar(pair.key) && pair.key.value === key) return pair;
  }
  return undefined;
}

function stepsOf(container) {
  const steps = pairValue(container, "steps")?.value;
  return isSeq(steps) ? steps.items.filter(isMap) : [];
}

/** Findings for expressions inside scripts of the given steps. */
function scriptExpressionFindings(steps, file, position) {
  const findings = [];
  for (const step of steps) {
    const run = pairValue(step, "run");
    if (run && isScalar(run.value) && EXPRESSION.test(String(run.value.value))) {
      findings.push({
        file,
        ...position(run.value),
        rule: "no-expression-in-run",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: names GitHub's expression syntax, not a JS template
        message: "`${{ }}` inside a `run:` script: pass the value through `env:` and use the variable instead",
      });
    }
    const uses = pairValue(step, "uses");
    if (uses && isScalar(uses.value) && String(uses.value.value).startsWith("actions/github-script@")) {
      const script = pairValue(pairValue(step, "with")?.value, "script");
      if (script && isScalar(script.value) && EXPRESSION.test(String(script.value.value))) {
        findings.push({
          file,
          ...position(script.value),
          rule: "no-expression-in-run",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: names GitHub's expression syntax, not a JS template
          message: "`${{ }}` inside a github-script `script:`: pass the value through `env:` and read process.env",
        });
      }
    }
  }
  return findings;
}

/** Events whose runs hold a write token and secrets even when a fork's pull request triggered them. */
const PRIVILEGED_EVENTS = ["pull_request_target", "workflow_run"];
/** An expression naming the pull request's head: code from the fork. */
const HEAD_REFERENCE = /\$\{\{[^}]*\b(head_ref|head\.sha|head\.ref|head_sha|head_branch|refs\/pull\/)/;

function triggers(root) {
  const on = pairValue(root, "on")?.value;
  if (isScalar(on)) return [String(on.value)];
  if (isSeq(on)) return on.items.filter(isScalar).map((item) => String(item.value));
  if (isMap(on)) return on.items.filter((pair) => isScalar(pair.key)).map((pair) => String(pair.key.value));
  return [];
}

/**
 * A privileged workflow that checks out the pull request's head runs the fork's code with the base
 * repository's token and secrets (a "pwn request"). Such a workflow treats the PR's results as data
 * (artifacts validated against their schemas), never as code.
 */
function untrustedCheckoutFindings(root, steps, file, position) {
  const privileged = triggers(root).filter((event) => PRIVILEGED_EVENTS.includes(event));
  if (privileged.length === 0) return [];
  const findings = [];
  for (const step of steps) {
    const uses = pairValue(step, "uses");
    if (!uses || !isScalar(uses.value) || !String(uses.value.value).startsWith("actions/checkout@")) continue;
    const ref = pairValue(pairValue(step, "with")?.value, "ref");
    if (ref && isScalar(ref.value) && HEAD_REFERENCE.test(String(ref.value.value))) {
      findings.push({
        file,
        ...position(ref.value),
        rule: "no-untrusted-checkout",
        message: `a ${privileged.join("/")} workflow checks out the pull request's head: it would run a fork's code with this repository's token; download the PR run's artifact and treat it as data instead`,
      });
    }
  }
  return findings;
}

/** mlci's own actions in the templates (`OWNER` is replaced by whoever copies them). */
const FIRST_PARTY = /^OWNER\/mlci(?:[/@]|$)/;
const PINNED = /^[^@\s]+@[0-9a-f]{40}$/;
const VERSION_COMMENT = /#\s*v?\d+(?:\.\d+)*\S*\s*$/;

/** True when the permissions node (a job's, else the workflow's) grants any write; absent = GitHub's default, which may write. */
function grantsWrite(permissions) {
  if (!permissions) return true;
  const value = permissions.value;
  if (isScalar(value)) return String(value.value) === "write-all";
  if (!isMap(value)) return false;
  return value.items.some((pair) => isScalar(pair.value) && String(pair.value.value) === "write");
}

/** Findings for third-party actions not pinned by commit SHA (with the version in a comment). */
function unpinnedActionFindings(steps, file, position, lineText) {
  const findings = [];
  for (const step of steps) {
    const uses = pairValue(step, "uses");
    if (!uses || !isScalar(uses.value)) continue;
    const reference = String(uses.value.value);
    if (reference.startsWith("./") || FIRST_PARTY.test(reference)) continue;
    if (reference.startsWith("docker://")) {
      if (!/@sha256:[0-9a-f]{64}$/.test(reference)) {
        findings.push({
          file,
          ...position(uses.value),
          rule: "pin-actions",
          message: `${reference} runs in a job that may write: pin the image by digest (docker://IMAGE@sha256:...)`,
        });
      }
      continue;
    }
    const at = position(uses.value);
    if (!PINNED.test(reference) || !VERSION_COMMENT.test(lineText(at.line))) {
      findings.push({
        file,
        ...at,
        rule: "pin-actions",
        message: `${reference} runs in a job that may write: pin it by full commit SHA with the version in a comment (uses: ${reference.split("@")[0]}@<40-hex sha> # vX.Y.Z); a tag can be moved`,
      });
    }
  }
  return findings;
}

/** Findings for checkouts that leave the token in .git/config for every later step. */
function persistedCredentialFindings(steps, file, position) {
  const findings = [];
  for (const step of steps) {
    const uses = pairValue(step, "uses");
    if (!uses || !isScalar(uses.value) || !String(uses.value.value).startsWith("actions/checkout@")) continue;
    const persist = pairValue(pairValue(step, "with")?.value, "persist-credentials");
    const value = persist && isScalar(persist.value) ? String(persist.value.value) : undefined;
    if (value !== "false") {
      findings.push({
        file,
        ...position(persist?.value ?? uses.value),
        rule: "persist-credentials",
        message:
          "actions/checkout keeps the token in the repository's git config for every later step: set `persist-credentials: false` under `with:`",
      });
    }
  }
  return findings;
}

/** The directory or file a path of upload-artifact is searched from: its segments before the first wildcard. */
function searchRoot(path) {
  const segments = path.replace(/^!/, "").split("/");
  const wildcard = segments.findIndex((segment) => /[*?[]/.test(segment));
  const literal = (wildcard === -1 ? segments : segments.slice(0, wildcard)).filter((s) => s !== "" && s !== ".");
  return literal.at(-1) ?? "";
}

/** Findings for upload-artifact paths rooted in a hidden directory without `include-hidden-files: true`. */
function hiddenArtifactPathFindings(steps, file, position) {
  const findings = [];
  for (const step of steps) {
    const uses = pairValue(step, "uses");
    if (!uses || !isScalar(uses.value) || !String(uses.value.value).startsWith("actions/upload-artifact@")) continue;
    const options = pairValue(step, "with")?.value;
    const path = pairValue(options, "path");
    if (!path || !isScalar(path.value)) continue;
    const included = pairValue(options, "include-hidden-files");
    if (included && isScalar(included.value) && String(included.value.value) === "true") continue;
    const hidden = String(path.value.value)
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("!") && searchRoot(line).startsWith("."));
    if (hidden.length > 0) {
      findings.push({
        file,
        ...position(path.value),
        rule: "hidden-artifact-path",
        message: `upload-artifact skips hidden directories, so ${hidden.join(", ")} uploads nothing: add \`include-hidden-files: true\``,
      });
    }
  }
  return findings;
}

/** @returns {Finding[]} */
export function checkWorkflow(text, file) {
  const { document, position } = parseWithPositions(text);
  if (document.errors.length > 0) return []; // syntax errors are reported by the parsers
  const root = document.contents;
  if (!isMap(root)) return [{ file, line: 1, column: 1, rule: "workflow-shape", message: "a workflow is a mapping" }];
  const lines = text.split(/\r?\n/);
  const lineText = (line) => lines[line - 1] ?? "";
  const findings = [];
  const jobs = pairValue(root, "jobs")?.value;
  const jobList = isMap(jobs) ? jobs.items : [];
  const topPermissions = pairValue(root, "permissions");
  for (const job of jobList) {
    if (!isMap(job.value)) continue;
    if (!topPermissions && !pairValue(job.value, "permissions")) {
      findings.push({
        file,
        ...position(job.key),
        rule: "permissions",
        message: `job "${job.key.value}" runs with the default token permissions: declare \`permissions:\` at the top of the workflow or on the job`,
      });
    }
    findings.push(...scriptExpressionFindings(stepsOf(job.value), file, position));
    findings.push(...untrustedCheckoutFindings(root, stepsOf(job.value), file, position));
    findings.push(...persistedCredentialFindings(stepsOf(job.value), file, position));
    findings.push(...hiddenArtifactPathFindings(stepsOf(job.value), file, position));
    if (grantsWrite(pairValue(job.value, "permissions") ?? topPermissions)) {
      // A job that calls a reusable workflow (`jobs.<id>.uses`) is checked like a step that uses an action.
      const calls = pairValue(job.value, "uses") ? [job.value] : [];
      findings.push(...unpinnedActionFindings([...stepsOf(job.value), ...calls], file, position, lineText));
    }
  }
  return findings;
}

/** @returns {Finding[]} */
export function checkAction(text, file) {
  const { document, position } = parseWithPositions(text);
  if (document.errors.length > 0) return [];
  const root = document.contents;
  if (!isMap(root)) return [{ file, line: 1, column: 1, rule: "action-shape", message: "an action is a mapping" }];
  const findings = [];
  const runs = pairValue(root, "runs")?.value;
  const composite = isScalar(pairValue(runs, "using")?.value) && pairValue(runs, "using").value.value === "composite";
  for (const section of ["inputs", "outputs"]) {
    const entries = pairValue(root, section)?.value;
    if (!isMap(entries)) continue;
    for (const entry of entries.items) {
      const name = isScalar(entry.key) ? entry.key.value : "?";
      if (!pairValue(entry.value, "description")) {
        findings.push({
          file,
          ...position(entry.key),
          rule: "describe",
          message: `${section}.${name} has no description`,
        });
      }
      if (section === "outputs" && composite && !pairValue(entry.value, "value")) {
        findings.push({
          file,
          ...position(entry.key),
          rule: "composite-output-value",
          message: `outputs.${name} of a composite action needs a \`value:\` (e.g. \${{ steps.<id>.outputs.${name} }})`,
        });
      }
    }
  }
  if (composite) findings.push(...scriptExpressionFindings(stepsOf(runs), file, position));
  return findings;
}

/** Workflow-template metadata (`<name>.properties.json`) as GitHub's organisation templates read it. */
export function checkTemplateProperties(text, file) {
  let properties;
  try {
    properties = JSON.parse(text);
  } catch (error) {
    return [{ file, line: 1, column: 1, rule: "template-properties", message: `not valid JSON: ${error.message}` }];
  }
  const findings = [];
  for (const key of ["name", "description"]) {
    if (typeof properties?.[key] !== "string" || properties[key].length === 0) {
      findings.push({
        file,
        line: 1,
        column: 1,
        rule: "template-properties",
        message: `"${key}" (a string) is required`,
      });
    }
  }
  if (properties?.categories !== undefined && !Array.isArray(properties.categories)) {
    findings.push({ file, line: 1, column: 1, rule: "template-properties", message: '"categories" must be an array' });
  }
  return findings;
}
