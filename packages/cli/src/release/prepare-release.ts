import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { type Evaluation, evaluationFileSchema, modelFileOf } from "@mlci/core/evaluation/types.js";
import { lineageFileSchema } from "@mlci/core/lineage/lineage.js";
import { ProblemError } from "@mlci/core/problem.js";
import { profileFileSchema } from "@mlci/core/profile/profile-file.js";
import { buildReleaseRecord, type FileFingerprint } from "@mlci/core/release/build-release-record.js";
import {
  MODEL_CARD_ASSET,
  RELEASE_RECORD_ASSET,
  type ReleaseAsset,
  type ReleaseRecord,
} from "@mlci/core/release/release-record.js";
import type { Version } from "@mlci/core/release/semver.js";
import { formatVersionTag } from "@mlci/core/release/tag-format.js";
import { decideVersion, type VersionDecision } from "@mlci/core/release/version-decision.js";
import {
  type AssetUpload,
  listModelVersions,
  type ModelVersionRef,
  type ReleasePlan,
  readReleaseRecord,
} from "@mlci/forge/releases/model-registry.js";
import { readOnnxSignature } from "@mlci/model/onnx-signature.js";
import { renderModelCard } from "@mlci/report/model-card.js";
import type { ZodMiniType } from "zod/mini";
import { cardRegistryState } from "./card-registry-state.js";
import type { ModelContext, RegistryContext } from "./registry-context.js";
import { type RepositoryPaths, repositoryPaths } from "./repository-paths.js";

export interface ReleaseInputs {
  readonly requested: "auto" | Version;
  readonly evaluation?: string | undefined;
  readonly profile?: string | undefined;
  readonly lineage?: string | undefined;
  readonly labels: readonly string[];
  readonly commit: string;
  readonly now: string;
}

export type PreparedRelease =
  | { readonly kind: "already-released"; readonly version: ModelVersionRef; readonly url: string }
  | {
      readonly kind: "new" | "resume";
      readonly record: ReleaseRecord;
      readonly card: string;
      readonly plan: ReleasePlan;
      readonly decision: VersionDecision;
    };

/**
 * Everything `mlci release` decides before it touches the forge: whether this commit already has a
 * version of the model, the next version, release.json, the model card and the asset list.
 */
export async function prepareRelease(
  context: RegistryContext,
  model: ModelContext,
  inputs: ReleaseInputs,
): Promise<PreparedRelease> {
  const versions = await listModelVersions(context.forge, model.name, model.format);
  const atCommit = versions.find((v) => v.commit === inputs.commit);
  if (atCommit) {
    const release = await context.forge.findRelease(atCommit.tag);
    if (release && !release.draft) return { kind: "already-released", version: atCommit, url: release.url };
  }
  const others = versions.filter((v) => v !== atCommit);
  const latest = others.at(-1);
  const previousRelease = latest ? await context.forge.findRelease(latest.tag) : undefined;
  const previousRecord = previousRelease ? await readReleaseRecord(context.forge, previousRelease) : undefined;

  // The card names files from the repository's root, whichever directory named them.
  const paths = await repositoryPaths();
  const modelPath = join(context.dir, model.model.path);
  const modelFile = await fingerprint(modelPath, "model", paths);
  const signature = await readOnnxSignature(modelPath, model.model.features);
  const evaluation = inputs.evaluation
    ? await fromRepositoryRoot(await readJson(inputs.evaluation, "evaluation", evaluationFileSchema), paths)
    : undefined;
  const lineagePath = inputs.lineage ?? (await existing(join(context.dir, "lineage.json")));
  const lineageFile = lineagePath ? await readJson(lineagePath, "lineage", lineageFileSchema) : undefined;
  // lineage.json names the training data relative to mlci.yml's directory.
  const lineage = lineageFile && {
    ...lineageFile,
    data: await Promise.all(
      lineageFile.data.map(async (d) => ({ ...d, path: await paths.fromBase(context.dir, d.path) })),
    ),
  };
  const profileFile = inputs.profile ? await readJson(inputs.profile, "profile", profileFileSchema) : undefined;
  const profile = profileFile && {
    ...profileFile,
    ...(profileFile.source ? { source: await paths.fromBase(process.cwd(), profileFile.source) } : {}),
  };
  const contractPath = contractOf(context, model);
  const contract = contractPath ? await fingerprint(contractPath, "data contract", paths) : undefined;
  checkEvaluationIsOfThisModel(evaluation, model.name, modelFile);

  const decided = decideVersion({
    model: model.name,
    existing: others.map((v) => v.parsed),
    previousSignature: previousRecord?.model.signature ?? undefined,
    signature,
    evaluation,
    requested: atCommit ? atCommit.parsed : inputs.requested,
    labels: inputs.labels,
  });
  if (!decided.ok) throw new ProblemError(decided.error);
  const decision = decided.value;
  const tag = formatVersionTag(model.format, model.name, decision.version);

  const uploads: FileUpload[] = [
    { name: basename(modelPath), path: modelPath, contentType: "application/octet-stream", kind: "model" },
  ];
  if (inputs.evaluation) uploads.push(jsonAsset("evaluation.json", inputs.evaluation, "evaluation"));
  if (inputs.profile) uploads.push(jsonAsset("profile.json", inputs.profile, "profile"));
  if (contractPath) {
    uploads.push({
      name: `contract${extname(contractPath)}`,
      path: contractPath,
      contentType: "text/plain",
      kind: "contract",
    });
  }
  if (lineagePath) uploads.push(jsonAsset("lineage.json", lineagePath, "lineage"));
  const assets: ReleaseAsset[] = [];
  for (const upload of uploads) {
    const f = await fingerprint(upload.path, upload.kind, paths);
    assets.push({ name: upload.name, kind: upload.kind, sha256: f.sha256, size_bytes: f.size_bytes });
  }

  const record = buildReleaseRecord({
    name: model.name,
    tag,
    decision,
    commit: inputs.commit,
    now: inputs.now,
    previous: latest ? { version: latest.version, tag: latest.tag, record: previousRecord } : undefined,
    model: { ...modelFile, asset: basename(modelPath) },
    signature,
    evaluation,
    lineage,
    profile,
    contract,
    card: model.model.card,
    assets,
    versionsBySha: await versionsByModelSha(context, others),
  });
  const card = renderModelCard(record, await cardRegistryState(context.forge, model.name, record.version));
  const plan: ReleasePlan = {
    tag,
    commit: inputs.commit,
    title: `${model.name} ${record.version}`,
    body: card,
    assets: [
      ...uploads.map(({ kind: _kind, ...upload }) => upload),
      { name: RELEASE_RECORD_ASSET, text: `${JSON.stringify(record, null, 2)}\n`, contentType: "application/json" },
      { name: MODEL_CARD_ASSET, text: card, contentType: "text/markdown" },
    ],
  };
  return { kind: atCommit ? "resume" : "new", record, card, plan, decision };
}

/** A file of the repository or the run that goes up as it is, listed in release.json by its kind. */
type FileUpload = Extract<AssetUpload, { readonly path: string }> & { readonly kind: ReleaseAsset["kind"] };

function jsonAsset(name: string, path: string, kind: ReleaseAsset["kind"]): FileUpload {
  return { name, path, contentType: "application/json", kind };
}

function contractOf(context: RegistryContext, model: ModelContext): string | undefined {
  const dataset = model.model.data ? context.config.data[model.model.data] : undefined;
  return dataset?.contract ? join(context.dir, dataset.contract) : undefined;
}

/** Names the baseline of an evaluation by version when its model hash is one of ours. */
async function versionsByModelSha(context: RegistryContext, versions: readonly ModelVersionRef[]) {
  const map = new Map<string, string>();
  // Only the latest few: a baseline is production or the previous version, and each costs a download.
  for (const version of versions.slice(-3)) {
    const release = await context.forge.findRelease(version.tag);
    const record = release ? await readReleaseRecord(context.forge, release) : undefined;
    if (record) map.set(record.model.sha256, record.version);
  }
  return map;
}

/** An evaluation of another model would put wrong numbers on the card. */
function checkEvaluationIsOfThisModel(evaluation: Evaluation | undefined, name: string, model: FileFingerprint): void {
  if (!evaluation) return;
  const head = modelFileOf(evaluation.head.model);
  if (evaluation.name !== undefined && evaluation.name !== name) {
    throw new ProblemError({
      kind: "input",
      message: `the evaluation is of model "${evaluation.name}", not "${name}"`,
      fix: "pass the evaluation.json written by mlci evaluate for this model",
    });
  }
  if (head?.sha256 !== undefined && head.sha256 !== model.sha256) {
    throw new ProblemError({
      kind: "input",
      message: `the evaluation's model (sha256 ${head.sha256.slice(0, 12)}) is not the model being released (${model.sha256.slice(0, 12)})`,
      fix: "evaluate the model file you release, then release with that evaluation.json",
    });
  }
}

/** evaluation.json names its data relative to the directory `mlci evaluate` ran in: the working directory. */
async function fromRepositoryRoot(evaluation: Evaluation, paths: RepositoryPaths): Promise<Evaluation> {
  return {
    ...evaluation,
    data: { ...evaluation.data, path: await paths.fromBase(process.cwd(), evaluation.data.path) },
  };
}

async function fingerprint(path: string, what: string, paths: RepositoryPaths): Promise<FileFingerprint> {
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
    throw new ProblemError({
      kind: "input",
      message: `${what} file ${path} does not exist`,
      fix: `create it or fix its path`,
    });
  });
  return {
    path: await paths.fromBase(process.cwd(), path),
    sha256: createHash("sha256").update(bytes).digest("hex"),
    size_bytes: bytes.length,
  };
}

async function existing(path: string): Promise<string | undefined> {
  return readFile(path).then(
    () => path,
    () => undefined,
  );
}

async function readJson<T>(path: string, what: string, schema: ZodMiniType<T>): Promise<T> {
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
    throw new ProblemError({ kind: "input", message: `${what} file ${path} does not exist` });
  });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ProblemError({ kind: "input", message: `${path} is not JSON: ${(error as Error).message}` });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProblemError({
      kind: "input",
      message: `${path} is not a valid ${what} file: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`,
    });
  }
  return parsed.data;
}
