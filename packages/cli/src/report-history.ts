/**
 * The metric history of a model for the report's chart, read from its releases: each released
 * version's release.json records the metrics it was released with (mlci release --evaluation).
 */
import type { TagFormat } from "@mlci/core/release/tag-format.js";
import { listModelVersions, readReleaseRecord } from "@mlci/forge/releases/model-registry.js";
import type { ReleaseForge } from "@mlci/forge/releases/release-forge.js";
import type { HistoryPoint } from "@mlci/report/results.js";

/** Versions in the chart: enough to see a trend, few enough to read (and two API calls each). */
export const HISTORY_VERSIONS = 10;

/** The last `limit` released versions that recorded metrics, oldest first. */
export async function historyFromReleases(
  forge: ReleaseForge,
  name: string,
  format: TagFormat,
  limit = HISTORY_VERSIONS,
): Promise<HistoryPoint[]> {
  const versions = await listModelVersions(forge, name, format);
  const points: HistoryPoint[] = [];
  for (const version of versions.slice(-limit)) {
    const release = await forge.findRelease(version.tag);
    if (!release || release.draft) continue;
    const record = await readReleaseRecord(forge, release);
    if (!record?.evaluation) continue;
    const metrics = Object.fromEntries(
      Object.entries(record.evaluation.metrics).map(([metric, m]) => [metric, m.value]),
    );
    points.push({ version: `v${version.version}`, metrics });
  }
  return points;
}
