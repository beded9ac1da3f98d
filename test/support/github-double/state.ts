/** The double's memory: repositories with their issues, comments, labels, releases, assets and refs. */
import type {
  AssetRecord,
  CommentRecord,
  DoubleUser,
  IssueRecord,
  LabelRecord,
  RefRecord,
  ReleaseRecord,
  RepoRecord,
  TagObjectRecord,
} from "./resources.js";

export class RepoState {
  readonly issues: IssueRecord[] = [];
  readonly comments: CommentRecord[] = [];
  readonly labels: LabelRecord[] = [];
  readonly releases: ReleaseRecord[] = [];
  readonly assets: AssetRecord[] = [];
  readonly refs: RefRecord[] = [];
  readonly tags: TagObjectRecord[] = [];
  constructor(readonly record: RepoRecord) {}

  issue(number: number): IssueRecord | undefined {
    return this.issues.find((i) => i.number === number);
  }

  commentsOf(number: number): CommentRecord[] {
    return this.comments.filter((c) => c.issueNumber === number);
  }

  assetsOf(releaseId: number): AssetRecord[] {
    return this.assets.filter((a) => a.releaseId === releaseId);
  }

  nextIssueNumber(): number {
    return this.issues.reduce((max, i) => Math.max(max, i.number), 0) + 1;
  }
}

/** Ids and time are deterministic so tests and snapshots can name them. */
export class Sequence {
  private next = 1000;
  private tick = 0;
  constructor(private readonly epochMs = Date.UTC(2026, 0, 1)) {}

  id(): number {
    this.next += 1;
    return this.next;
  }

  /** Each call moves the clock one second, so created/updated times are ordered and distinct. */
  now(): string {
    this.tick += 1;
    return new Date(this.epochMs + this.tick * 1000).toISOString().replace(/\.000Z$/, "Z");
  }
}

export type Permission = "issues" | "pull_requests" | "contents" | "metadata";
export type Access = "read" | "write";

/** What a token stands for: who it is, whether it is an installation token, what it may do. */
export interface TokenGrant {
  readonly user: DoubleUser;
  /**
   * Installation tokens (GITHUB_TOKEN, GitHub App tokens) cannot call GET /user: GitHub answers 403
   * "Resource not accessible by integration".
   */
  readonly installation: boolean;
  /** Undefined: everything is allowed. Otherwise the `permissions:` the workflow granted. */
  readonly permissions?: Partial<Record<Permission, Access>>;
}
