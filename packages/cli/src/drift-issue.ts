/**
 * `mlci drift --open-issue`: applies the pure lifecycle of core/drift/drift-issue.ts through the Forge
 * interface (GitHub in Actions, files under .mlci/forge elsewhere).
 */

import type { DriftReport } from "@mlci/core/drift/drift-file.js";
import { DEFAULT_CLOSE_AFTER, DEFAULT_DRIFT_LABEL, decideIssueAction, runOf } from "@mlci/core/drift/drift-issue.js";
import { commentMarker } from "@mlci/forge/marker.js";
import { readGitHubEnvironment, runUrl } from "./github-env.js";
import type { ForgeFlags, ForgeOpener } from "./open-forge.js";

export interface DriftIssueOptions extends ForgeFlags {
  model: string;
  label?: string;
  closeAfter?: number;
  /** The run's time (ISO); the CLI passes the clock's now. */
  at: string;
}

export interface DriftIssueOutcome {
  action: "none" | "created" | "commented" | "closed";
  issue?: number;
  url?: string;
}

export async function applyDriftIssue(
  report: DriftReport,
  options: DriftIssueOptions,
  openForge: ForgeOpener,
): Promise<DriftIssueOutcome> {
  const github = readGitHubEnvironment();
  const forge = await openForge(options, process.env, {
    action: "open the drift issue",
    permission: "issues: write",
  });
  const label = options.label ?? DEFAULT_DRIFT_LABEL;
  const marker = commentMarker("drift", options.model);
  const open = await forge.findOpenIssue({ label, marker });
  const action = decideIssueAction({
    model: options.model,
    marker,
    report,
    run: runOf(report, options.at, runUrl(github)),
    ...(open ? { openIssue: { body: open.body } } : {}),
    closeAfter: options.closeAfter ?? DEFAULT_CLOSE_AFTER,
  });
  switch (action.kind) {
    case "none":
      return { action: "none" };
    case "create": {
      const issue = await forge.createIssue({ title: action.title, body: action.body, labels: [label] });
      return { action: "created", issue: issue.number, url: issue.url };
    }
    case "comment": {
      const number = (open as { number: number }).number;
      await forge.updateIssue({ issue: number, body: action.issueBody });
      const comment = await forge.commentIssue({ issue: number, body: action.body });
      return { action: "commented", issue: number, url: comment.url };
    }
    case "close": {
      const number = (open as { number: number }).number;
      await forge.updateIssue({ issue: number, body: action.issueBody });
      await forge.closeIssue({ issue: number, comment: action.body });
      return { action: "closed", issue: number, url: open?.url ?? "" };
    }
  }
}
