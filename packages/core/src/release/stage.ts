import * as z from "zod/mini";
import "../zod-messages.js";
import type { Problem } from "../problem.js";
import { err, ok, type Result } from "../result.js";

/**
 * Stages live in git as an append-only log of annotated tags, one per promotion or rollback:
 * `churn@production/1`, `churn@production/2`, ... Each tag points at the commit of the version it put
 * on the stage, and its message carries the event as JSON.
 *
 * Why a log of new tags rather than one moving tag (`churn@production`):
 * - creating a tag that exists fails on every forge, so two promotions racing cannot both win
 *   sequence number N: the loser re-reads and retries. A moving tag is overwritten silently.
 * - `git fetch` does not update a tag that moved unless forced, so clones would disagree about
 *   what is in production; new tags arrive with every ordinary fetch.
 * - the history needed for `mlci rollback` is the log itself; nothing else has to be kept.
 * - GitHub's immutable releases and tag protection rules forbid moving tags; new tags are fine.
 */
export const STAGES = ["production", "staging"] as const;
export type Stage = (typeof STAGES)[number];

export function isStage(text: string): text is Stage {
  return (STAGES as readonly string[]).includes(text);
}

export const stageEventSchema = z.strictObject({
  schema: z.literal("mlci/stage@1"),
  model: z.string().check(z.minLength(1)),
  stage: z.enum(STAGES),
  /** The version now on the stage. */
  version: z.string().check(z.minLength(1)),
  /** The tag of that version. */
  tag: z.string().check(z.minLength(1)),
  action: z.enum(["promote", "rollback"]),
  /** ISO 8601 time of the event. */
  at: z.string().check(z.minLength(1)),
  /** Who or what made the change (GitHub actor, `git config user.name`). */
  by: z.optional(z.string()),
  /** Position in this stage's log, 1-based; also the tag's suffix. */
  seq: z.int().check(z.positive()),
});
export type StageEvent = z.infer<typeof stageEventSchema>;

const MESSAGE_KEY = "mlci-stage: ";

export function stageTagPrefix(model: string, stage: Stage): string {
  return `${model}@${stage}/`;
}

export function stageEventTag(model: string, stage: Stage, seq: number): string {
  return `${stageTagPrefix(model, stage)}${seq}`;
}

/** The sequence number of a stage event tag of this model and stage, or undefined. */
export function parseStageEventSeq(model: string, stage: Stage, tag: string): number | undefined {
  const prefix = stageTagPrefix(model, stage);
  if (!tag.startsWith(prefix)) return undefined;
  const rest = tag.slice(prefix.length);
  return /^[1-9]\d*$/.test(rest) ? Number(rest) : undefined;
}

/** A tag message readable by people (first line) and by mlci (the JSON line). */
export function formatStageEventMessage(event: StageEvent): string {
  const verb = event.action === "promote" ? "promoted to" : "rolled back on";
  return `${event.tag} ${verb} ${event.stage}\n\n${MESSAGE_KEY}${JSON.stringify(event)}\n`;
}

export function parseStageEventMessage(message: string): StageEvent | undefined {
  const line = message.split("\n").find((l) => l.startsWith(MESSAGE_KEY));
  if (!line) return undefined;
  try {
    const parsed = stageEventSchema.safeParse(JSON.parse(line.slice(MESSAGE_KEY.length)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // a hand-made tag with the prefix but no valid JSON is not one of ours
  }
}

/** What a stage holds after replaying its log. */
export interface StageState {
  readonly model: string;
  readonly stage: Stage;
  /** The version on the stage now, or undefined when nothing was ever promoted (or all rolled back). */
  readonly current: StageEvent | undefined;
  /**
   * Versions a rollback returns to, most recent last; `current` is the last element. Promotions push,
   * rollbacks pop: rolling back twice goes two versions back instead of toggling between two.
   */
  readonly stack: readonly string[];
  /** Every event, in order. */
  readonly history: readonly StageEvent[];
  /** The sequence number the next event takes. */
  readonly nextSeq: number;
}

export function replayStage(model: string, stage: Stage, events: readonly StageEvent[]): StageState {
  const history = [...events].sort((a, b) => a.seq - b.seq);
  const stack: string[] = [];
  const byVersion = new Map<string, StageEvent>();
  for (const event of history) {
    if (event.action === "promote") {
      if (stack.at(-1) !== event.version) stack.push(event.version);
    } else {
      stack.pop();
      // The event names where it went; trust it if the log was edited by hand.
      if (stack.at(-1) !== event.version) stack.push(event.version);
    }
    byVersion.set(event.version, event);
  }
  const top = stack.at(-1);
  return {
    model,
    stage,
    current: top === undefined ? undefined : byVersion.get(top),
    stack,
    history,
    nextSeq: (history.at(-1)?.seq ?? 0) + 1,
  };
}

export interface StageChange {
  readonly tag: string;
  readonly event: StageEvent;
  readonly message: string;
}

export interface StageTarget {
  readonly version: string;
  readonly tag: string;
}

/** The event a promotion records, or undefined when the version is already on the stage. */
export function planPromotion(
  state: StageState,
  target: StageTarget,
  at: string,
  by?: string,
): StageChange | undefined {
  if (state.current?.version === target.version) return undefined;
  return change({
    schema: "mlci/stage@1",
    model: state.model,
    stage: state.stage,
    version: target.version,
    tag: target.tag,
    action: "promote",
    at,
    ...(by ? { by } : {}),
    seq: state.nextSeq,
  });
}

/** The event that returns the stage to the version before the current one. */
export function planRollback(
  state: StageState,
  tagOf: (version: string) => string,
  at: string,
  by?: string,
): Result<StageChange, Problem> {
  const previous = state.stack.at(-2);
  if (previous === undefined) {
    const now = state.current ? `only ${state.current.version} was ever` : "no version is";
    return err({
      kind: "input",
      message: `cannot roll back ${state.model} on ${state.stage}: ${now} on ${state.stage}`,
      fix: `promote a version instead: mlci promote ${state.model}@vX.Y.Z --stage ${state.stage}`,
    });
  }
  return ok(
    change({
      schema: "mlci/stage@1",
      model: state.model,
      stage: state.stage,
      version: previous,
      tag: tagOf(previous),
      action: "rollback",
      at,
      ...(by ? { by } : {}),
      seq: state.nextSeq,
    }),
  );
}

function change(event: StageEvent): StageChange {
  return { tag: stageEventTag(event.model, event.stage, event.seq), event, message: formatStageEventMessage(event) };
}
