// Scheduled drift check, run twice as the nightly workflow would: a month whose feed broke (distances
// in kilometres, 30% of delays lost) opens the model's drift issue in the local forge; a clean month
// later closes it. The reference is January's profile, profiled in shards and merged.
import { join } from "node:path";

export const title = "Drift: mergeable profiles; a drifted month opens the drift issue, a clean one closes it";

export async function run(demo) {
  const db = demo.duckdb;
  const files = {
    shard: (i) => join(demo.out, `flights-2001-01-shard-${i}.parquet`),
    drifted: join(demo.out, "flights-2001-02-broken-feed.parquet"),
    clean: join(demo.out, "flights-2001-03.parquet"),
    reference: join(demo.out, "profile-2001-01.json"),
    drift: join(demo.out, "drift.json"),
    forge: join(demo.out, "forge"),
  };
  // January in two shards (as a matrix of jobs would profile it), February broken, March clean.
  for (const i of [0, 1]) {
    await db.run(`COPY (SELECT * FROM hubs WHERE month(date) = 1 AND hash(date, delay, distance, origin, destination) % 2 = ${i})
      TO '${files.shard(i)}' (FORMAT parquet)`);
  }
  await db.run(`COPY (SELECT date,
      CASE WHEN hash(date, delay, distance, origin) % 10 < 3 THEN NULL ELSE delay END AS delay,
      CAST(round(distance * 1.609344) AS BIGINT) AS distance, origin, destination
    FROM hubs WHERE month(date) = 2) TO '${files.drifted}' (FORMAT parquet)`);
  await db.run(`COPY (SELECT * FROM hubs WHERE month(date) = 3) TO '${files.clean}' (FORMAT parquet)`);

  const shardProfiles = [0, 1].map((i) => join(demo.out, `profile-2001-01-shard-${i}.json`));
  for (const [i, out] of shardProfiles.entries())
    demo.mlci(["profile", demo.path(files.shard(i)), "--out", demo.path(out)]);
  demo.mlci(["profile", "merge", ...shardProfiles.map((p) => demo.path(p)), "--out", demo.path(files.reference)]);

  const check = (current, expect) =>
    demo.mlci(
      [
        "drift",
        "--reference",
        demo.path(files.reference),
        "--current",
        demo.path(current),
        "--out",
        demo.path(files.drift),
        "--open-issue",
        "--model-name",
        "flights-delay",
        "--forge",
        "local",
        "--forge-dir",
        demo.path(files.forge),
        "--close-after",
        "1",
      ],
      { expect },
    );
  demo.say("February: the feed sends kilometres and loses delays -> dataset drift, exit 1, issue opened");
  const opened = check(files.drifted, 1);
  const number = /drift issue: created #(\d+)/.exec(opened.stdout)?.[1];
  if (!number) throw new Error("the drifted month opened no drift issue");
  demo.say("March: clean -> exit 0, the issue gets a closing comment and is closed");
  const closed = check(files.clean, 0);
  if (!closed.stdout.includes(`drift issue: closed #${number}`)) throw new Error(`issue #${number} was not closed`);
  demo.say(`the issue: ${demo.show(join(files.forge, "issues", `${number}.md`))}`);
  demo.values.drift = files;
}
