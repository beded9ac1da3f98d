/**
 * Tags and releases, the part of the Forge interface model versions and stages are made of. GitHub
 * (GitHubReleaseForge) and a plain git repository (LocalReleaseForge) implement it; the registry
 * (model-registry.ts) is written once against it.
 */
import type { ReleaseClaimant } from "./release-claim.js";

export interface TagRef {
  readonly name: string;
  /** The commit the tag points at (annotated tags dereferenced). */
  readonly commit: string;
}

export interface TagDetails extends TagRef {
  /** The annotated tag's message; undefined for a lightweight tag. */
  readonly message?: string;
}

export interface ReleaseAssetRef {
  readonly id: string;
  readonly name: string;
  readonly size: number;
  /** Hex digest when the forge reports one (GitHub's `digest`, local files): a same-size different file is replaced. */
  readonly sha256?: string;
  /** False for an upload that broke off (GitHub state "starter"): it must be deleted and uploaded again. */
  readonly complete: boolean;
}

export interface ForgeRelease {
  readonly id: string;
  readonly tag: string;
  readonly title: string;
  readonly body: string;
  readonly draft: boolean;
  /** Where people read it: the GitHub page, or the local directory. */
  readonly url: string;
  readonly assets: readonly ReleaseAssetRef[];
}

export interface NewTag {
  readonly name: string;
  readonly commit: string;
  /** Makes an annotated tag where the forge supports one through its API. */
  readonly message?: string;
}

export interface NewRelease {
  readonly tag: string;
  readonly commit: string;
  readonly title: string;
  readonly body: string;
}

/** An asset as a forge uploads it: its bytes, read once by the caller (who hashes them too). */
export interface AssetBytes {
  readonly name: string;
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

/** This run's hold on the draft release of a version: see ReleaseForge.claimDraftRelease. */
export interface DraftClaim {
  /** The draft this run alone writes. */
  readonly release: ForgeRelease;
  /** True when the draft was left by an earlier run that has ended, and this run finishes it. */
  readonly resumed: boolean;
  /** Gives the claim up (after publication, or on failure: the draft stays for the next run). */
  end(): Promise<void>;
}

export interface ReleaseForge {
  /** Tags whose name starts with `prefix`. */
  listTags(prefix: string): Promise<TagRef[]>;
  getTag(name: string): Promise<TagDetails | undefined>;
  /** "exists" when a tag of that name is already there (whatever it points at): nothing is changed. */
  createTag(tag: NewTag): Promise<"created" | "exists">;
  /** The release of a tag, drafts included. */
  findRelease(tag: string): Promise<ForgeRelease | undefined>;
  createDraftRelease(release: NewRelease): Promise<ForgeRelease>;
  /**
   * Makes this run the only writer of the draft release of `release.tag`: creates the draft, or takes
   * over one whose run has ended. Throws ReleaseInProgressError, having written nothing that stays,
   * when another live run holds it or a published release of the tag appeared meanwhile.
   */
  claimDraftRelease(release: NewRelease, claimant: ReleaseClaimant): Promise<DraftClaim>;
  /** The release's assets as they are now (fresh, not from the `release` object). */
  listReleaseAssets(release: ForgeRelease): Promise<ReleaseAssetRef[]>;
  uploadReleaseAsset(release: ForgeRelease, asset: AssetBytes): Promise<ReleaseAssetRef>;
  deleteReleaseAsset(release: ForgeRelease, asset: ReleaseAssetRef): Promise<void>;
  /** Turns a draft into a published release; on GitHub this is when an immutable release locks. */
  publishRelease(release: ForgeRelease): Promise<ForgeRelease>;
  readReleaseAsset(release: ForgeRelease, asset: ReleaseAssetRef): Promise<Uint8Array>;
  /** Labels of the pull requests that brought `commit` (for `release:major|minor|patch`). */
  pullRequestLabels(commit: string): Promise<string[]>;
}

/** A tag exists but is not what this run would have made: the user must decide. */
export class TagConflictError extends Error {
  constructor(
    readonly tag: string,
    readonly existingCommit: string,
    readonly wantedCommit: string,
  ) {
    super(
      `tag ${tag} already exists at commit ${existingCommit.slice(0, 12)}, not at ${wantedCommit.slice(0, 12)} which is being released; nothing was published`,
    );
    this.name = "TagConflictError";
  }
}
