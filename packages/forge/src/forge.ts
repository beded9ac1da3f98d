/**
 * The one interface through which mlci talks to a forge (GitHub, or files on disk off GitHub). Commands
 * and other packages see only this: no Octokit types leak out, so a report, a release or a drift issue
 * is tested against the local forge or the GitHub double alike.
 */
import type { ReleaseForge } from "./releases/release-forge.js";

export interface CommentRef {
  readonly id: number;
  /** Where a person reads it: html_url on GitHub, a file path for the local forge. */
  readonly url: string;
}

export interface UpsertResult extends CommentRef {
  readonly action: "created" | "updated";
}

export interface ForgeComment extends CommentRef {
  readonly body: string;
  /** The login of the author (github-actions[bot] for a workflow's GITHUB_TOKEN). */
  readonly author: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ForgeIssue {
  readonly number: number;
  readonly title: string;
  readonly body: string;
  readonly url: string;
  readonly state: "open" | "closed";
  readonly labels: readonly string[];
  readonly author: string;
}

export interface UpsertCommentInput {
  /** The issue or pull request number (pull requests are issues for comments). */
  readonly issue: number;
  /** A hidden marker, see `commentMarker`; the comment holding it and written by us is updated. */
  readonly marker: string;
  /** The full body; the marker is added when it is not in it already. */
  readonly body: string;
}

export interface Forge {
  readonly kind: "github" | "local";

  /** Tags and releases: model versions and stages (releases/release-forge.ts). */
  readonly releases: ReleaseForge;

  /**
   * Creates the comment holding `marker` on `issue`, or updates it in place: only a comment written by
   * the same identity counts, so a marker pasted into someone else's comment is never touched. All pages
   * of comments are read, so the comment is found however long the conversation is.
   */
  upsertComment(input: UpsertCommentInput): Promise<UpsertResult>;

  /**
   * The commit a pull request's head is at and the repository it comes from (owner/name), as the forge
   * knows them; undefined where pull requests have no commits (the local forge).
   */
  pullRequestHead(number: number): Promise<{ readonly sha: string; readonly repository: string } | undefined>;

  /** Every comment of an issue or pull request, oldest first. */
  listIssueComments(issue: number): Promise<ForgeComment[]>;

  /** The open issue with `label` whose body holds `marker` and that we opened, if any (oldest first). */
  findOpenIssue(input: { readonly label: string; readonly marker: string }): Promise<ForgeIssue | undefined>;

  createIssue(input: {
    readonly title: string;
    readonly body: string;
    readonly labels?: readonly string[];
  }): Promise<ForgeIssue>;

  updateIssue(input: { readonly issue: number; readonly title?: string; readonly body?: string }): Promise<ForgeIssue>;

  commentIssue(input: { readonly issue: number; readonly body: string }): Promise<CommentRef>;

  /** Closes the issue as completed, after an optional closing comment. */
  closeIssue(input: { readonly issue: number; readonly comment?: string }): Promise<void>;
}
