import { createHash } from "node:crypto";
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { GitError, git, identityEnv } from "./git.js";
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

/** Where the local registry keeps release files, relative to the repository root. */
export const LOCAL_RELEASES_DIR = ".mlci/releases";
/** The release's own metadata (title, body, draft flag) inside its directory; not an asset. */
const META_FILE = ".release-meta.json";

interface LocalReleaseMeta {
  readonly tag: string;
  readonly commit: string;
  readonly title: string;
  readonly body: string;
  readonly draft: boolean;
}

export interface LocalReleaseForgeOptions {
  /** The git repository (its working tree root). */
  readonly repoDir: string;
  /** Default `<repoDir>/.mlci/releases`. */
  readonly releasesDir?: string;
}

/**
 * Releases without GitHub: tags are annotated tags in the local repository (share them with
 * `git push --tags`) and a release is a directory `.mlci/releases/<name>/<version>/` holding its
 * assets. A draft is a directory whose metadata says draft; publishing flips the flag, so a run that
 * dies half-way leaves a draft the next run finishes, as on GitHub.
 */
export class LocalReleaseForge implements ReleaseForge {
  readonly repoDir: string;
  readonly releasesDir: string;

  constructor(options: LocalReleaseForgeOptions) {
    this.repoDir = options.repoDir;
    this.releasesDir = options.releasesDir ?? join(options.repoDir, LOCAL_RELEASES_DIR);
  }

  async listTags(prefix: string): Promise<TagRef[]> {
    const out = await git(this.repoDir, [
      "for-each-ref",
      "--format=%(refname:strip=2)%09%(objectname)%09%(*objectname)",
      "refs/tags/",
    ]);
    return out
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => {
        const [name = "", object = "", peeled = ""] = line.split("\t");
        return { name, commit: peeled || object };
      })
      .filter((tag) => tag.name.startsWith(prefix));
  }

  async getTag(name: string): Promise<TagDetails | undefined> {
    const out = await git(this.repoDir, [
      "for-each-ref",
      "--format=%(objecttype)%00%(objectname)%00%(*objectname)%00%(contents)",
      `refs/tags/${name}`,
    ]);
    if (out === "") return undefined;
    const [type, object = "", peeled = "", message = ""] = out.split("\0");
    if (type !== "tag") return { name, commit: object };
    return { name, commit: peeled, message: message.replace(/\n$/, "") };
  }

  async createTag(tag: NewTag): Promise<"created" | "exists"> {
    if (await this.getTag(tag.name)) return "exists";
    try {
      await git(
        this.repoDir,
        ["tag", "-a", tag.name, tag.commit, "-m", tag.message ?? tag.name],
        await identityEnv(this.repoDir),
      );
      return "created";
    } catch (error) {
      // Another process created it between the check and `git tag`: the same answer as the check.
      if (error instanceof GitError && /already exists/.test(error.stderr)) return "exists";
      throw error;
    }
  }

  async findRelease(tag: string): Promise<ForgeRelease | undefined> {
    const dir = this.releaseDir(tag);
    const meta = await readMeta(dir);
    if (!meta || meta.tag !== tag) return undefined;
    return this.describe(dir, meta);
  }

  async createDraftRelease(release: NewRelease): Promise<ForgeRelease> {
    const dir = this.releaseDir(release.tag);
    if (await readMeta(dir)) throw new Error(`a release for ${release.tag} already exists in ${dir}`);
    await mkdir(dir, { recursive: true });
    const meta: LocalReleaseMeta = { ...release, draft: true };
    await writeAtomically(join(dir, META_FILE), `${JSON.stringify(meta, null, 2)}\n`);
    return this.describe(dir, meta);
  }

  async listReleaseAssets(release: ForgeRelease): Promise<ReleaseAssetRef[]> {
    return listAssets(this.releaseDir(release.tag));
  }

  async uploadReleaseAsset(release: ForgeRelease, asset: AssetUpload): Promise<ReleaseAssetRef> {
    const dir = this.releaseDir(release.tag);
    assertPlainName(asset.name);
    const target = join(dir, asset.name);
    const partial = join(dir, `.${asset.name}.partial`);
    await copyFile(asset.path, partial);
    await rename(partial, target); // an asset is there completely or not at all
    return { id: asset.name, name: asset.name, size: (await stat(target)).size, complete: true };
  }

  async deleteReleaseAsset(release: ForgeRelease, asset: ReleaseAssetRef): Promise<void> {
    assertPlainName(asset.name);
    await rm(join(this.releaseDir(release.tag), asset.name), { force: true });
  }

  async publishRelease(release: ForgeRelease): Promise<ForgeRelease> {
    const dir = this.releaseDir(release.tag);
    const meta = await readMeta(dir);
    if (!meta) throw new Error(`no release for ${release.tag} in ${dir}`);
    const published = { ...meta, draft: false };
    await writeAtomically(join(dir, META_FILE), `${JSON.stringify(published, null, 2)}\n`);
    return this.describe(dir, published);
  }

  async readReleaseAsset(release: ForgeRelease, asset: ReleaseAssetRef): Promise<Uint8Array> {
    assertPlainName(asset.name);
    return readFile(join(this.releaseDir(release.tag), asset.name));
  }

  async pullRequestLabels(): Promise<string[]> {
    return []; // a local repository has no pull requests; use --label
  }

  /** `.mlci/releases/<name>/<version>/` for `name@vX.Y.Z`; other tag formats use the tag as the path. */
  releaseDir(tag: string): string {
    const match = /^(.+)@v?(\d+\.\d+\.\d+)$/.exec(tag);
    const relative = match ? join(match[1] as string, match[2] as string) : tag;
    return join(this.releasesDir, relative);
  }

  private async describe(dir: string, meta: LocalReleaseMeta): Promise<ForgeRelease> {
    const assets = await listAssets(dir);
    return { id: meta.tag, tag: meta.tag, title: meta.title, body: meta.body, draft: meta.draft, url: dir, assets };
  }
}

async function listAssets(dir: string): Promise<ReleaseAssetRef[]> {
  const names = (await readdir(dir)).filter((n) => !n.startsWith(".")).sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(join(dir, name));
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      return { id: name, name, size: bytes.length, sha256, complete: true };
    }),
  );
}

async function readMeta(dir: string): Promise<LocalReleaseMeta | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, META_FILE), "utf8")) as LocalReleaseMeta;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

async function writeAtomically(path: string, content: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, path);
}

/** Asset names are file names; a path would escape the release directory. */
function assertPlainName(name: string): void {
  if (name !== basename(name) || name.startsWith(".")) throw new Error(`invalid asset name "${name}"`);
}
