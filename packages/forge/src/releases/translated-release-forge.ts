import type { FailedCall } from "../github-errors.js";
import { type ReleaseClaimant, ReleaseInProgressError } from "./release-claim.js";
import type {
  AssetBytes,
  DraftClaim,
  ForgeRelease,
  NewRelease,
  NewTag,
  ReleaseAssetRef,
  ReleaseForge,
  TagDetails,
  TagRef,
} from "./release-forge.js";

/**
 * Wraps a ReleaseForge so every failure reaches the user as a ProblemError that says what mlci was doing
 * and which `permissions:` entry the workflow needs (contents: write for tags and releases).
 */
export class TranslatedReleaseForge implements ReleaseForge {
  constructor(
    private readonly inner: ReleaseForge,
    private readonly translate: (error: unknown, call: FailedCall) => Error,
  ) {}

  private async run<T>(action: string, write: boolean, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      if (error instanceof ReleaseInProgressError) throw error; // already phrased for the user
      throw this.translate(error, { action, permission: write ? "contents: write" : "contents: read" });
    }
  }

  listTags(prefix: string): Promise<TagRef[]> {
    return this.run(`list the tags ${prefix}*`, false, () => this.inner.listTags(prefix));
  }
  getTag(name: string): Promise<TagDetails | undefined> {
    return this.run(`read the tag ${name}`, false, () => this.inner.getTag(name));
  }
  createTag(tag: NewTag): Promise<"created" | "exists"> {
    return this.run(`create the tag ${tag.name}`, true, () => this.inner.createTag(tag));
  }
  findRelease(tag: string): Promise<ForgeRelease | undefined> {
    return this.run(`find the release of ${tag}`, false, () => this.inner.findRelease(tag));
  }
  createDraftRelease(release: NewRelease): Promise<ForgeRelease> {
    return this.run(`create the draft release ${release.tag}`, true, () => this.inner.createDraftRelease(release));
  }
  claimDraftRelease(release: NewRelease, claimant: ReleaseClaimant): Promise<DraftClaim> {
    return this.run(`claim the draft release ${release.tag}`, true, () =>
      this.inner.claimDraftRelease(release, claimant),
    );
  }
  listReleaseAssets(release: ForgeRelease): Promise<ReleaseAssetRef[]> {
    return this.run(`list the assets of ${release.tag}`, false, () => this.inner.listReleaseAssets(release));
  }
  uploadReleaseAsset(release: ForgeRelease, asset: AssetBytes): Promise<ReleaseAssetRef> {
    return this.run(`upload ${asset.name} to ${release.tag}`, true, () =>
      this.inner.uploadReleaseAsset(release, asset),
    );
  }
  deleteReleaseAsset(release: ForgeRelease, asset: ReleaseAssetRef): Promise<void> {
    return this.run(`delete the asset ${asset.name} of ${release.tag}`, true, () =>
      this.inner.deleteReleaseAsset(release, asset),
    );
  }
  publishRelease(release: ForgeRelease): Promise<ForgeRelease> {
    return this.run(`publish the release ${release.tag}`, true, () => this.inner.publishRelease(release));
  }
  readReleaseAsset(release: ForgeRelease, asset: ReleaseAssetRef): Promise<Uint8Array> {
    return this.run(`download ${asset.name} of ${release.tag}`, false, () =>
      this.inner.readReleaseAsset(release, asset),
    );
  }
  pullRequestLabels(commit: string): Promise<string[]> {
    return this.inner.pullRequestLabels(commit).catch((error: unknown) => {
      throw this.translate(error, {
        action: `read the pull requests of commit ${commit}`,
        permission: "pull-requests: read",
      });
    });
  }
}
