import type { Octokit } from "@octokit/rest";
import {
  describeClaimant,
  holderAlive,
  parseClaimant,
  type ReleaseClaimant,
  ReleaseInProgressError,
} from "./release-claim.js";
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

export interface GitHubRepository {
  readonly owner: string;
  readonly repo: string;
}

type ReleaseData = Awaited<ReturnType<Octokit["rest"]["repos"]["getRelease"]>>["data"];
type AssetData = ReleaseData["assets"][number];

/**
 * The claim rides at the end of the draft's body, as an HTML comment (drafts are seen only by people
 * with write access; publication writes the body without it). base64url: nothing in it can end the comment.
 */
const CLAIM_PATTERN = /\r?\n<!-- mlci-release-claim ([A-Za-z0-9_-]+) -->\r?\n?$/;

function withClaim(body: string, claimant: ReleaseClaimant): string {
  return `${body}\n<!-- mlci-release-claim ${Buffer.from(JSON.stringify(claimant)).toString("base64url")} -->\n`;
}

function claimOf(body: string | null | undefined): ReleaseClaimant | undefined {
  const encoded = CLAIM_PATTERN.exec(body ?? "")?.[1];
  return encoded ? parseClaimant(Buffer.from(encoded, "base64url").toString("utf8")) : undefined;
}

/**
 * Tags and releases on GitHub through Octokit (built with the retry and throttling plugins by the
 * forge factory, so a 502 is retried there before this class sees it).
 *
 * Version tags are lightweight refs made through the git database API (`POST /git/refs`): listing
 * a model's versions is then one request, because a lightweight ref names its commit; the release
 * carries the words. Stage events are annotated tags (`POST /git/tags`, then the ref), because their
 * message is the event.
 */
export class GitHubReleaseForge implements ReleaseForge {
  /** upload_url of each release seen, by id: uploads go to the host GitHub names, not a guessed one. */
  private readonly uploadUrls = new Map<string, string>();

  constructor(
    private readonly octokit: Octokit,
    private readonly repository: GitHubRepository,
  ) {}

  async listTags(prefix: string): Promise<TagRef[]> {
    // Not paginated: GitHub returns every matching ref in one answer.
    const { data: refs } = await this.octokit.rest.git.listMatchingRefs({ ...this.repository, ref: `tags/${prefix}` });
    const tags: TagRef[] = [];
    for (const ref of refs) {
      const name = ref.ref.slice("refs/tags/".length);
      const commit = ref.object.type === "tag" ? (await this.tagObject(ref.object.sha)).commit : ref.object.sha;
      tags.push({ name, commit });
    }
    return tags;
  }

  async getTag(name: string): Promise<TagDetails | undefined> {
    const ref = await this.octokit.rest.git.getRef({ ...this.repository, ref: `tags/${name}` }).catch(notFound);
    if (!ref) return undefined;
    if (ref.data.object.type !== "tag") return { name, commit: ref.data.object.sha };
    const tag = await this.tagObject(ref.data.object.sha);
    return { name, commit: tag.commit, message: tag.message };
  }

  async createTag(tag: NewTag): Promise<"created" | "exists"> {
    let sha = tag.commit;
    if (tag.message !== undefined) {
      const object = await this.octokit.rest.git.createTag({
        ...this.repository,
        tag: tag.name,
        message: tag.message,
        object: tag.commit,
        type: "commit",
      });
      sha = object.data.sha;
    }
    try {
      await this.octokit.rest.git.createRef({ ...this.repository, ref: `refs/tags/${tag.name}`, sha });
      return "created";
    } catch (error) {
      // 422 "Reference already exists": the only 422 a valid name and an existing commit can give.
      if (status(error) === 422 && /already exists/i.test(messageOf(error))) return "exists";
      throw error;
    }
  }

  async findRelease(tag: string): Promise<ForgeRelease | undefined> {
    const published = await this.octokit.rest.repos.getReleaseByTag({ ...this.repository, tag }).catch(notFound);
    if (published) return this.toRelease(published.data);
    // Drafts have no tag yet as far as /releases/tags is concerned: look through the list.
    for await (const page of this.octokit.paginate.iterator(this.octokit.rest.repos.listReleases, {
      ...this.repository,
      per_page: 100,
    })) {
      const draft = page.data.find((r) => r.tag_name === tag && r.draft);
      if (draft) return this.toRelease(draft);
    }
    return undefined;
  }

  async createDraftRelease(release: NewRelease): Promise<ForgeRelease> {
    const created = await this.octokit.rest.repos.createRelease({
      ...this.repository,
      tag_name: release.tag,
      target_commitish: release.commit,
      name: release.title,
      body: release.body,
      draft: true,
    });
    return this.toRelease(created.data);
  }

  /**
   * GitHub lets any number of drafts share a tag, so two runs can each create one. Each run creates its
   * draft, then lists the tag's releases: the oldest (lowest id) proceeds, any other deletes its own
   * draft and stops. A draft found before creating one is taken over only when the run that claimed
   * it has ended (see holderAlive); a draft without a claim was left by an older mlci and is taken over.
   */
  async claimDraftRelease(release: NewRelease, claimant: ReleaseClaimant): Promise<DraftClaim> {
    const end = async () => {};
    const claimedBody = withClaim(release.body, claimant);
    const before = await this.releasesOfTag(release.tag);
    const oldest = before[0];
    if (oldest) {
      const holder = claimOf(oldest.body);
      if (!oldest.draft || (holder && holderAlive(holder, claimant))) throw this.inProgress(release.tag, oldest);
      const updated = await this.octokit.rest.repos.updateRelease({
        ...this.repository,
        release_id: oldest.id,
        tag_name: release.tag,
        name: release.title,
        body: claimedBody,
      });
      // Two runs taking over one abandoned draft: the body written last wins, the other stops.
      const reread = await this.octokit.rest.repos.getRelease({ ...this.repository, release_id: oldest.id });
      if (claimOf(reread.data.body)?.nonce !== claimant.nonce) throw this.inProgress(release.tag, reread.data);
      return { release: this.toRelease(updated.data), resumed: true, end };
    }
    const created = await this.octokit.rest.repos.createRelease({
      ...this.repository,
      tag_name: release.tag,
      target_commitish: release.commit,
      name: release.title,
      body: claimedBody,
      draft: true,
    });
    const first = (await this.releasesOfTag(release.tag))[0];
    if (first && first.id !== created.data.id) {
      await this.octokit.rest.repos.deleteRelease({ ...this.repository, release_id: created.data.id });
      throw this.inProgress(release.tag, first);
    }
    return { release: this.toRelease(created.data), resumed: false, end };
  }

  /** Every release of `tag`, drafts included, oldest first. */
  private async releasesOfTag(tag: string): Promise<ReleaseData[]> {
    const all = await this.octokit.paginate(this.octokit.rest.repos.listReleases, {
      ...this.repository,
      per_page: 100,
    });
    return all.filter((r) => r.tag_name === tag).sort((a, b) => a.id - b.id);
  }

  private inProgress(tag: string, holder: ReleaseData): ReleaseInProgressError {
    const claim = claimOf(holder.body);
    if (!holder.draft) {
      return new ReleaseInProgressError(
        tag,
        `it was published as ${holder.html_url} while this run prepared it`,
        "nothing to do: the version is released",
      );
    }
    return new ReleaseInProgressError(
      tag,
      `${claim ? describeClaimant(claim) : "another run"}, draft release ${holder.html_url}`,
      "wait for that run to finish; if it is not running any more, delete that draft release and run again",
    );
  }

  async listReleaseAssets(release: ForgeRelease): Promise<ReleaseAssetRef[]> {
    const assets = await this.octokit.paginate(this.octokit.rest.repos.listReleaseAssets, {
      ...this.repository,
      release_id: Number(release.id),
      per_page: 100,
    });
    return assets.map(toAsset);
  }

  async uploadReleaseAsset(release: ForgeRelease, asset: AssetBytes): Promise<ReleaseAssetRef> {
    const data = asset.bytes;
    const uploadUrl = this.uploadUrls.get(release.id) ?? (await this.refresh(release)).uploadUrl;
    const response = await this.octokit.request(`POST ${uploadUrl}`, {
      name: asset.name,
      // Octokit sends a Buffer as is; its type for this route says string.
      data: data as unknown as string,
      headers: { "content-type": asset.contentType, "content-length": data.length },
    });
    return toAsset(response.data as AssetData);
  }

  async deleteReleaseAsset(_release: ForgeRelease, asset: ReleaseAssetRef): Promise<void> {
    await this.octokit.rest.repos.deleteReleaseAsset({ ...this.repository, asset_id: Number(asset.id) });
  }

  async publishRelease(release: ForgeRelease): Promise<ForgeRelease> {
    const updated = await this.octokit.rest.repos.updateRelease({
      ...this.repository,
      release_id: Number(release.id),
      tag_name: release.tag,
      body: release.body, // without the claim (toRelease strips it)
      draft: false,
    });
    return this.toRelease(updated.data);
  }

  async readReleaseAsset(_release: ForgeRelease, asset: ReleaseAssetRef): Promise<Uint8Array> {
    const response = await this.octokit.rest.repos.getReleaseAsset({
      ...this.repository,
      asset_id: Number(asset.id),
      headers: { accept: "application/octet-stream" },
    });
    return new Uint8Array(response.data as unknown as ArrayBuffer);
  }

  async pullRequestLabels(commit: string): Promise<string[]> {
    const pulls = await this.octokit.rest.repos
      .listPullRequestsAssociatedWithCommit({ ...this.repository, commit_sha: commit })
      .catch(notFound);
    return (pulls?.data ?? []).flatMap((pull) => pull.labels.map((label) => label.name));
  }

  private async tagObject(sha: string): Promise<{ commit: string; message: string }> {
    const tag = await this.octokit.rest.git.getTag({ ...this.repository, tag_sha: sha });
    return { commit: tag.data.object.sha, message: tag.data.message };
  }

  private async refresh(release: ForgeRelease): Promise<{ uploadUrl: string }> {
    const fresh = await this.octokit.rest.repos.getRelease({ ...this.repository, release_id: Number(release.id) });
    this.toRelease(fresh.data);
    return { uploadUrl: fresh.data.upload_url };
  }

  private toRelease(data: ReleaseData): ForgeRelease {
    this.uploadUrls.set(String(data.id), data.upload_url);
    return {
      id: String(data.id),
      tag: data.tag_name,
      title: data.name ?? data.tag_name,
      body: (data.body ?? "").replace(CLAIM_PATTERN, ""),
      draft: data.draft,
      url: data.html_url,
      assets: (data.assets ?? []).map(toAsset),
    };
  }
}

function toAsset(asset: AssetData): ReleaseAssetRef {
  const digest = (asset as { digest?: string | null }).digest;
  return {
    id: String(asset.id),
    name: asset.name,
    size: asset.size,
    complete: asset.state === "uploaded",
    ...(digest?.startsWith("sha256:") ? { sha256: digest.slice("sha256:".length) } : {}),
  };
}

function status(error: unknown): number | undefined {
  return typeof error === "object" && error !== null && "status" in error ? Number(error.status) : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Turns a 404 into undefined; anything else stays an error. */
function notFound(error: unknown): undefined {
  if (status(error) === 404) return undefined;
  throw error;
}
