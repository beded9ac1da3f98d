import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { type Problem, ProblemError } from "@mlci/core/problem.js";
import { RELEASE_RECORD_ASSET, type ReleaseRecord, releaseRecordSchema } from "@mlci/core/release/release-record.js";
import { compareVersions, formatVersion, type Version } from "@mlci/core/release/semver.js";
import {
  parseStageEventMessage,
  parseStageEventSeq,
  planPromotion,
  planRollback,
  replayStage,
  type Stage,
  type StageChange,
  type StageEvent,
  type StageState,
  stageTagPrefix,
} from "@mlci/core/release/stage.js";
import { parseVersionTag, type TagFormat, versionTagPrefix } from "@mlci/core/release/tag-format.js";
import { err, ok, type Result } from "@mlci/core/result.js";
import { endClaimant, newClaimant } from "./release-claim.js";
import { type ForgeRelease, type ReleaseForge, TagConflictError } from "./release-forge.js";

/** One version of a model, as its tag says. */
export interface ModelVersionRef {
  readonly name: string;
  readonly version: string;
  readonly parsed: Version;
  readonly tag: string;
  readonly commit: string;
}

/** Every version of a model, oldest first. */
export async function listModelVersions(
  forge: ReleaseForge,
  name: string,
  format: TagFormat,
): Promise<ModelVersionRef[]> {
  const tags = await forge.listTags(versionTagPrefix(format, name));
  const versions: ModelVersionRef[] = [];
  for (const tag of tags) {
    const parsed = parseVersionTag(format, name, tag.name);
    if (parsed) versions.push({ name, version: formatVersion(parsed), parsed, tag: tag.name, commit: tag.commit });
  }
  return versions.sort((a, b) => compareVersions(a.parsed, b.parsed));
}

/** release.json of a release, or undefined when it has none (not made by mlci) or it is invalid. */
export async function readReleaseRecord(
  forge: ReleaseForge,
  release: ForgeRelease,
): Promise<ReleaseRecord | undefined> {
  const asset = release.assets.find((a) => a.name === RELEASE_RECORD_ASSET && a.complete);
  if (!asset) return undefined;
  const text = new TextDecoder().decode(await forge.readReleaseAsset(release, asset));
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined; // a release.json that is not JSON is not one of ours: treated as absent
  }
  const parsed = releaseRecordSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/**
 * An asset of a release plan: a local file (the model, the evaluation, ...), or text mlci made for
 * the release (release.json, the model card), which goes up from memory and never touches the disk.
 */
export type AssetUpload = { readonly name: string; readonly contentType: string } & (
  | { readonly path: string }
  | { readonly text: string }
);

export interface ReleasePlan {
  readonly tag: string;
  readonly commit: string;
  readonly title: string;
  /** The model card. */
  readonly body: string;
  readonly assets: readonly AssetUpload[];
}

/** How many times one asset upload is tried before the run gives up (the Octokit retry plugin retries each request too). */
export const ASSET_UPLOAD_ATTEMPTS = 3;

export class AssetUploadError extends Error {
  constructor(
    readonly tag: string,
    readonly asset: string,
    override readonly cause: unknown,
  ) {
    const reason = describe(cause);
    super(
      `uploading ${asset} to the draft release ${tag} failed ${ASSET_UPLOAD_ATTEMPTS} times (${reason}); the release stays an unpublished draft: run the same command again to resume it`,
    );
    this.name = "AssetUploadError";
  }
}

export type PublishProgress = (line: string) => void;

/**
 * Publishes a model version: the tag, then a draft release, then its assets, then publication. Every
 * step first looks at what is there, so a run that died at any point is finished by the next run
 * with the same plan, and nothing is visible as published until every asset is complete (GitHub's
 * immutable releases lock at publication, so they work the same way). Only the run holding the
 * draft's claim writes it: a concurrent run of the same version throws ReleaseInProgressError.
 */
export async function publishModelRelease(
  forge: ReleaseForge,
  plan: ReleasePlan,
  progress: PublishProgress = () => {},
): Promise<ForgeRelease> {
  // No message: on GitHub a lightweight ref (one request lists all versions with their commits).
  if ((await forge.createTag({ name: plan.tag, commit: plan.commit })) === "exists") {
    const existing = await forge.getTag(plan.tag);
    if (existing && existing.commit !== plan.commit) throw new TagConflictError(plan.tag, existing.commit, plan.commit);
    progress(`tag ${plan.tag} already at this commit: resuming`);
  } else {
    progress(`created tag ${plan.tag}`);
  }
  const existing = await forge.findRelease(plan.tag);
  if (existing && !existing.draft) return existing;
  const claimant = newClaimant();
  try {
    const claim = await forge.claimDraftRelease(
      { tag: plan.tag, commit: plan.commit, title: plan.title, body: plan.body },
      claimant,
    );
    try {
      progress(
        claim.resumed
          ? `finishing the draft release ${plan.tag} left by an earlier run`
          : `created draft release ${plan.tag}`,
      );
      for (const asset of plan.assets) await uploadAsset(forge, claim.release, asset, progress);
      const published = await forge.publishRelease(claim.release);
      progress(`published ${plan.tag}`);
      return published;
    } finally {
      await claim.end();
    }
  } finally {
    endClaimant(claimant);
  }
}

async function uploadAsset(
  forge: ReleaseForge,
  release: ForgeRelease,
  asset: AssetUpload,
  progress: PublishProgress,
): Promise<void> {
  const bytes = "path" in asset ? await readFile(asset.path) : Buffer.from(asset.text, "utf8");
  const size = bytes.length;
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  let lastError: unknown;
  for (let attempt = 1; attempt <= ASSET_UPLOAD_ATTEMPTS; attempt++) {
    const present = (await forge.listReleaseAssets(release)).find((a) => a.name === asset.name);
    if (present?.complete && present.size === size && (present.sha256 === undefined || present.sha256 === sha256)) {
      if (attempt === 1) progress(`asset ${asset.name} already uploaded`);
      return;
    }
    // A broken-off upload (or a different file of the same name) blocks the name until deleted.
    if (present) await forge.deleteReleaseAsset(release, present);
    try {
      await forge.uploadReleaseAsset(release, { name: asset.name, contentType: asset.contentType, bytes });
      progress(`uploaded ${asset.name} (${size} bytes)`);
      return;
    } catch (error) {
      lastError = error;
      progress(`upload of ${asset.name} failed (attempt ${attempt}/${ASSET_UPLOAD_ATTEMPTS}): ${describe(error)}`);
    }
  }
  throw new AssetUploadError(release.tag, asset.name, lastError);
}

/** The error on one line: a ProblemError's fixes belong to the final message, not to each attempt. */
function describe(error: unknown): string {
  if (error instanceof ProblemError) return error.problems.map((p) => p.message).join("; ");
  return error instanceof Error ? error.message : String(error);
}

/** The event log of a stage, replayed. */
export async function readStage(forge: ReleaseForge, name: string, stage: Stage): Promise<StageState> {
  const tags = await forge.listTags(stageTagPrefix(name, stage));
  const events: StageEvent[] = [];
  for (const tag of tags) {
    if (parseStageEventSeq(name, stage, tag.name) === undefined) continue;
    const details = await forge.getTag(tag.name);
    const event = details?.message ? parseStageEventMessage(details.message) : undefined;
    if (event && event.model === name && event.stage === stage) events.push(event);
  }
  return replayStage(name, stage, events);
}

/** How often a stage change is re-planned when another run took the same sequence number first. */
const STAGE_CHANGE_ATTEMPTS = 5;

export interface StageRequest {
  readonly name: string;
  readonly stage: Stage;
  /** ISO 8601 time of the change. */
  readonly at: string;
  readonly by?: string;
}

export type StageOutcome =
  | { readonly action: "unchanged"; readonly state: StageState }
  | { readonly action: "changed"; readonly change: StageChange; readonly state: StageState };

/** Puts a version on a stage by adding an event tag at the version's commit. */
export async function promoteModel(
  forge: ReleaseForge,
  request: StageRequest,
  target: ModelVersionRef,
): Promise<StageOutcome> {
  return changeStage(forge, request, (state) =>
    planPromotion(state, { version: target.version, tag: target.tag }, request.at, request.by),
  );
}

/**
 * Returns the stage to the version before the current one. Throws a ProblemError when there is none
 * (the stage is empty or at its first version).
 */
export async function rollbackModel(
  forge: ReleaseForge,
  request: StageRequest,
  format: TagFormat,
): Promise<StageOutcome> {
  const versions = await listModelVersions(forge, request.name, format);
  const tagOf = (version: string) => versions.find((v) => v.version === version)?.tag ?? version;
  return changeStage(forge, request, (state) => {
    const planned = planRollback(state, tagOf, request.at, request.by);
    if (!planned.ok) throw new ProblemError(planned.error);
    return planned.value;
  });
}

/** `plan` says which change to record on the stage as it is now (undefined: nothing to do). */
async function changeStage(
  forge: ReleaseForge,
  request: StageRequest,
  plan: (state: StageState) => StageChange | undefined,
): Promise<StageOutcome> {
  for (let attempt = 1; attempt <= STAGE_CHANGE_ATTEMPTS; attempt++) {
    const state = await readStage(forge, request.name, request.stage);
    const change = plan(state);
    if (!change) return { action: "unchanged", state };
    const versionTag = await forge.getTag(change.event.tag);
    if (!versionTag)
      throw new Error(`tag ${change.event.tag} of ${request.name} ${change.event.version} does not exist`);
    const created = await forge.createTag({ name: change.tag, commit: versionTag.commit, message: change.message });
    if (created === "created") {
      return { action: "changed", change, state: await readStage(forge, request.name, request.stage) };
    }
    // Someone else recorded event number `seq` first: read the log again and re-plan on top of it.
  }
  throw new Error(
    `could not record the ${request.stage} change of ${request.name}: ${STAGE_CHANGE_ATTEMPTS} concurrent changes won first`,
  );
}

export interface ResolvedModel {
  readonly path: string;
  readonly name: string;
  readonly version: string;
  readonly tag: string;
  readonly sha256: string;
}

/**
 * The model file of a released version (see resolveVersion), as a local path: what `mlci evaluate
 * --baseline production` compares the pull request's model with. The file comes from the release's
 * model asset, checked against the sha256 in its release.json, and is kept under
 * `<cacheDir>/<name>/<version>/` for the next run.
 */
export async function downloadModelVersion(
  forge: ReleaseForge,
  target: ModelVersionRef,
  cacheDir: string,
): Promise<Result<ResolvedModel, Problem>> {
  const { name } = target;
  const release = await forge.findRelease(target.tag);
  const record = release && !release.draft ? await readReleaseRecord(forge, release) : undefined;
  if (!release || !record) {
    return err({
      kind: "input",
      message: `${target.tag} has no published release with a release.json`,
      fix: `release it with mlci release --model ${name}, or name another version`,
    });
  }
  const asset = release.assets.find((a) => a.name === record.model.asset && a.complete);
  if (!asset) {
    return err({ kind: "input", message: `release ${target.tag} has no model asset ${record.model.asset}` });
  }
  const path = join(cacheDir, name, record.version, record.model.asset);
  if ((await sha256OfFile(path)) !== record.model.sha256) {
    const bytes = await forge.readReleaseAsset(release, asset);
    const digest = createHash("sha256").update(bytes).digest("hex");
    if (digest !== record.model.sha256) {
      return err({
        kind: "input",
        message: `the model asset of ${target.tag} has sha256 ${digest}, but its release.json says ${record.model.sha256}`,
        fix: "the release was altered after publication; release the model again",
      });
    }
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  }
  return ok({ path, name, version: record.version, tag: target.tag, sha256: record.model.sha256 });
}

/** `production`, `staging`, `1.2.0`, `v1.2.0` or `latest` to a version of the model. */
export async function resolveVersion(
  forge: ReleaseForge,
  name: string,
  stageOrVersion: string,
  format: TagFormat,
): Promise<Result<ModelVersionRef, Problem>> {
  const versions = await listModelVersions(forge, name, format);
  if (stageOrVersion === "production" || stageOrVersion === "staging") {
    const state = await readStage(forge, name, stageOrVersion);
    const current = state.current && versions.find((v) => v.version === state.current?.version);
    if (current) return ok(current);
    return err({
      kind: "input",
      message: `${name} has no version on ${stageOrVersion}`,
      fix: `promote one: mlci promote ${name}@v${versions.at(-1)?.version ?? "X.Y.Z"} --stage ${stageOrVersion}`,
    });
  }
  if (stageOrVersion === "latest") {
    const latest = versions.at(-1);
    return latest
      ? ok(latest)
      : err({ kind: "input", message: `${name} has no versions yet`, fix: `mlci release --model ${name}` });
  }
  const wanted = stageOrVersion.startsWith("v") ? stageOrVersion.slice(1) : stageOrVersion;
  const found = versions.find((v) => v.version === wanted);
  if (found) return ok(found);
  return err({
    kind: "input",
    message: `${name} has no version "${stageOrVersion}" (known: ${versions.map((v) => v.version).join(", ") || "none"})`,
    fix: "name a version, production, staging or latest",
  });
}

async function sha256OfFile(path: string): Promise<string | undefined> {
  try {
    return createHash("sha256")
      .update(await readFile(path))
      .digest("hex");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined; // not cached yet
    throw error;
  }
}
