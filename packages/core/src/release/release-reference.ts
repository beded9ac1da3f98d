/**
 * `production`, `staging`, `latest`, `v1.2.0` or `1.2.0`, optionally after `NAME@`: a released version
 * of a model, which `mlci evaluate --baseline` and `mlci drift --reference` accept instead of a file.
 */
const RELEASE_REFERENCE =
  /^(?:(?<name>[A-Za-z0-9][A-Za-z0-9._-]*)@)?(?<ref>production|staging|latest|v?\d+\.\d+\.\d+)$/;

export interface ModelReleaseRef {
  /** The model, when the reference names one. */
  readonly name: string | undefined;
  /** A stage, `latest` or a version. */
  readonly ref: string;
}

/** The reference, or undefined when the text is not one (then it is a path). */
export function parseReleaseReference(text: string): ModelReleaseRef | undefined {
  const groups = RELEASE_REFERENCE.exec(text)?.groups;
  return groups ? { name: groups.name, ref: groups.ref as string } : undefined;
}
