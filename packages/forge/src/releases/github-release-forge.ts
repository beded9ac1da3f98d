import { readFile } from "node:fs/promises";
import type { Octokit } from "@octokit/rest";
import type {
  AssetUpload,
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

  async listReleaseAssets(release: ForgeRelease): Promise<ReleaseAssetRef[]> {
    const assets = await this.octokit.paginate(this.octokit.rest.repos.listReleaseAssets, {
      ...this.repository,
      release_id: Number(release.id),
      per_page: 100,
    });
    return assets.map(toAsset);
  }

  async uploadReleaseAsset(release: ForgeRelease, asset: AssetUpload): Promise<ReleaseAssetRef> {
    const data = await readFile(asset.path);
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
      body: data.body ?? "",
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
