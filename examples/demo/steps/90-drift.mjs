// Monitoring: June's flights arrive after an upstream feed change (distances in kilometres, hours in
// UTC instead of local time: planted, stated here, like the validation faults). `mlci drift --reference
// flights-delay@production` compares them with the training data's profile attached to the production
// release, finds the two shifted inputs, exits 1 and opens the model's drift issue on the local forge.
// After the feed is fixed, a clean run closes the issue.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const title = "Drift: June after a feed change opens an issue; a clean run closes it";

export async function run(demo) {
  const { config, name } = demo.values.train;
  const june = join(demo.root, "examples", "flights-delay", "data", "later.parquet");
  const changed = join(demo.out, "flights-2001-06-feed-change.parquet");
  await demo.duckdb.run(`COPY (
      SELECT * REPLACE (CAST(round(distance * 1.609344) AS BIGINT) AS distance, (hour + 5) % 24 AS hour)
      FROM read_parquet('${june}')
    ) TO '${changed}' (FORMAT parquet)`);
  demo.say(`${demo.show(changed)}: June 2001 (examples/flights-delay/data/later.parquet), distance in km, hour in UTC`);

  // The reference is the training data's profile attached to the release now in production (1.0.0
  // after the rollback), read from the registry as a scheduled drift job would.
  const reference = `${name}@production`;
  const drift = (current, out, expect) =>
    demo.mlci(
      [
        "drift",
        "--reference",
        reference,
        "--current",
        demo.path(current),
        "--config",
        demo.path(config),
        "--out",
        demo.path(out),
        "--open-issue",
        "--model-name",
        name,
        "--close-after",
        "1",
        "--forge",
        "local",
        "--forge-dir",
        demo.path(demo.forge),
      ],
      { expect },
    );
  const drifted = join(demo.out, "drift-june-feed-change.json");
  await drift(changed, drifted, 1);
  const issue = findDriftIssue(demo);
  demo.say(
    `issue #${issue.number} "${issue.title}" is ${issue.state}: ${demo.show(join(demo.forge, "issues", `${issue.number}.md`))}`,
  );

  demo.say("\nThe feed is fixed; June as it should be:");
  const clean = join(demo.out, "drift-june.json");
  await drift(june, clean, 0);
  const closed = findDriftIssue(demo);
  demo.say(`issue #${closed.number} is ${closed.state}`);
  demo.values.drift = { drifted, clean, issue: closed.number };
}

/** The thread on the local forge labelled model-drift (one per model). */
export function findDriftIssue(demo) {
  const directory = join(demo.forge, "issues");
  const threads = readdirSync(directory)
    .filter((file) => file.endsWith(".json"))
    .map((file) => JSON.parse(readFileSync(join(directory, file), "utf8")));
  const issue = threads.find((thread) => thread.labels.includes("model-drift"));
  if (!issue) throw new Error(`no issue labelled model-drift in ${demo.show(directory)}`);
  return issue;
}
