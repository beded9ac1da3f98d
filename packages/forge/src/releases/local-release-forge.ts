import { createHash } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { GitError, git, identityEnv } from "./git.js";
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

/** A claim file whose writer died before writing it is abandoned after this long. */
const EMPTY_CLAIM_STALE_MS = 10_000;

/**
 * Releases without GitHub: tags are annotated tags in the local repository (share them with
 * `git push --tags`) and a release is a directory `.mlci/releases/<name>/<version>/` holding its
 * assets. A draft is built beside it in `.<version>.draft/` by the one run holding the claim file
 * `.<version>.claim` (created exclusively), and publishing renames the draft into place: the version's
 * directory is complete or absent, and a run that dies half-way leaves a draft the next run finishes.
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
      // Another process created it between the check and `git tag` (or holds the ref's lock while it
      // does): the same answer as the check.
      if (error instanceof GitError && /already exists|cannot lock ref/.test(error.stderr)) {
        if (await this.getTag(tag.name)) return "exists";
      }
      throw error;
    }
  }

  async findRelease(tag: string): Promise<ForgeRelease | undefined> {
    const found = await this.locate(tag);
    return found ? this.describe(found.dir, found.meta) : undefined;
  }

  async createDraftRelease(release: NewRelease): Promise<ForgeRelease> {
    if (await this.locate(release.tag)) throw new Error(`a release for ${release.tag} already exists`);
    const dir = this.draftDir(release.tag);
    await rm(dir, { recursive: true, force: true }); // a draft directory without metadata holds nothing of use
    await mkdir(dir, { recursive: true });
    const meta: LocalReleaseMeta = { ...release, draft: true };
    await writeAtomically(join(dir, META_FILE), `${JSON.stringify(meta, null, 2)}\n`);
    return this.describe(dir, meta);
  }

  async claimDraftRelease(release: NewRelease, claimant: ReleaseClaimant): Promise<DraftClaim> {
    const claimFile = this.besideRelease(release.tag, ".claim");
    await mkdir(dirname(claimFile), { recursive: true });
    await takeClaimFile(claimFile, release.tag, claimant);
    const end = () => rm(claimFile, { force: true });
    try {
      const found = await this.locate(release.tag);
      if (found && !found.meta.draft) {
        throw new ReleaseInProgressError(
          release.tag,
          `it was published at ${found.dir} while this run prepared it`,
          "nothing to do: the version is released",
        );
      }
      if (found) return { release: await this.describe(found.dir, found.meta), resumed: true, end };
      return { release: await this.createDraftRelease(release), resumed: false, end };
    } catch (error) {
      await end();
      throw error;
    }
  }

  async listReleaseAssets(release: ForgeRelease): Promise<ReleaseAssetRef[]> {
    return listAssets(await this.dirOf(release));
  }

  async uploadReleaseAsset(release: ForgeRelease, asset: AssetBytes): Promise<ReleaseAssetRef> {
    const dir = await this.dirOf(release);
    assertPlainName(asset.name);
    const target = join(dir, asset.name);
    const partial = join(dir, `.${asset.name}.partial`);
    await writeFile(partial, asset.bytes);
    await rename(partial, target); // an asset is there completely or not at all
    return { id: asset.name, name: asset.name, size: asset.bytes.length, complete: true };
  }

  async deleteReleaseAsset(release: ForgeRelease, asset: ReleaseAssetRef): Promise<void> {
    assertPlainName(asset.name);
    await rm(join(await this.dirOf(release), asset.name), { force: true });
  }

  async publishRelease(release: ForgeRelease): Promise<ForgeRelease> {
    const found = await this.locate(release.tag);
    if (!found) throw new Error(`no release for ${release.tag} under ${this.releasesDir}`);
    const published = { ...found.meta, draft: false };
    await writeAtomically(join(found.dir, META_FILE), `${JSON.stringify(published, null, 2)}\n`);
    const dir = this.releaseDir(release.tag);
    // rename(2) of a directory fails when the target exists and is not empty: never merged into another.
    if (found.dir !== dir) await rename(found.dir, dir);
    return this.describe(dir, published);
  }

  async readReleaseAsset(release: ForgeRelease, asset: ReleaseAssetRef): Promise<Uint8Array> {
    assertPlainName(asset.name);
    return readFile(join(await this.dirOf(release), asset.name));
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

  /** `.mlci/releases/<name>/.<version>.draft/`: where the draft is built until publication. */
  private draftDir(tag: string): string {
    return this.besideRelease(tag, ".draft");
  }

  /** A hidden name beside the release's directory (`listAssets` and people skip dot-names). */
  private besideRelease(tag: string, suffix: string): string {
    const dir = this.releaseDir(tag);
    return join(dirname(dir), `.${basename(dir)}${suffix}`);
  }

  /**
   * Where the release of `tag` is: its published directory, or its draft (a draft in the published
   * directory is one made before drafts were built beside it, and is finished there).
   */
  private async locate(tag: string): Promise<{ dir: string; meta: LocalReleaseMeta } | undefined> {
    for (const dir of [this.releaseDir(tag), this.draftDir(tag)]) {
      const meta = await readMeta(dir);
      if (meta && meta.tag === tag) return { dir, meta };
    }
    return undefined;
  }

  private async dirOf(release: ForgeRelease): Promise<string> {
    const found = await this.locate(release.tag);
    if (!found) throw new Error(`no release for ${release.tag} under ${this.releasesDir}`);
    return found.dir;
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

/**
 * Creates `claimFile` exclusively (O_EXCL) with `claimant` in it. A claim left by a run that has ended
 * is removed and taken once; a live one throws ReleaseInProgressError.
 */
async function takeClaimFile(claimFile: string, tag: string, claimant: ReleaseClaimant): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const handle = await open(claimFile, "wx");
      try {
        await handle.writeFile(`${JSON.stringify(claimant)}\n`);
      } finally {
        await handle.close();
      }
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = parseClaimant(await readFile(claimFile, "utf8").catch(() => ""));
    const alive = holder
      ? holderAlive(holder, claimant)
      : Date.now() - (await stat(claimFile).catch(() => ({ mtimeMs: 0 }))).mtimeMs < EMPTY_CLAIM_STALE_MS;
    if (alive || attempt > 1) {
      throw new ReleaseInProgressError(
        tag,
        holder ? describeClaimant(holder) : `claim file ${claimFile} being written`,
        `wait for that run to finish; if it is not running any more, delete ${claimFile} and run again`,
      );
    }
    await rm(claimFile, { force: true });
  }
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
