import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type DataSource, openDataSource } from "./data-source.js";
import { confineToData, dataAccess } from "./sandbox.js";

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlci-sandbox-"));
  await mkdir(join(dir, "batches"));
  await writeFile(join(dir, "data.csv"), "id,amount\n1,2.5\n2,3.5\n");
  await writeFile(join(dir, "batches", "a.csv"), "id,amount\n1,2.5\n");
  await writeFile(join(dir, "batches", "b.csv"), "id,amount\n2,3.5\n");
  await writeFile(join(dir, "secret.txt"), "TOPSECRET\n");
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function confined(path: string): Promise<DataSource> {
  const opened = await openDataSource(path);
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  await confineToData(opened.value);
  return opened.value;
}

async function rows(source: DataSource, sql: string): Promise<unknown[][]> {
  return (await source.connection.runAndReadAll(sql)).getRowsJS();
}

describe("a confined data source reads its data and nothing else", () => {
  it("the data file still reads; other files, ATTACH, COPY, INSTALL, LOAD and settings do not", async () => {
    const source = await confined(join(dir, "data.csv"));
    try {
      assert.deepEqual(await rows(source, `SELECT count(*)::INTEGER FROM ${source.relation}`), [[2]]);
      const refused = [
        `SELECT * FROM read_text(${JSON.stringify(join(dir, "secret.txt")).replaceAll('"', "'")})`,
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM read_csv('/etc/passwd', sep = ':')",
        "SELECT * FROM glob('/etc/*')",
        `ATTACH '${join(dir, "other.db")}' AS other`,
        `COPY (SELECT 1) TO '${join(dir, "out.csv")}'`,
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET enable_external_access = true",
        "SET allowed_directories = ['/']",
        "SET lock_configuration = false",
        "RESET enable_external_access",
      ];
      for (const sql of refused) {
        await assert.rejects(source.connection.run(sql), /Permission Error|disabled|locked/, sql);
      }
      // Confining twice is harmless (the second time would hit the lock).
      await confineToData(source);
    } finally {
      source.close();
    }
  });

  it("a glob reads every file it matches; a file beside them, or beside their directory, stays shut", async () => {
    await writeFile(join(dir, "batches", "notes.txt"), "BATCHSECRET\n");
    const source = await confined(join(dir, "batches", "*.csv"));
    try {
      assert.deepEqual(source.files, [join(dir, "batches", "a.csv"), join(dir, "batches", "b.csv")]);
      assert.deepEqual(await rows(source, `SELECT count(*)::INTEGER FROM ${source.relation}`), [[2]]);
      for (const other of [join(dir, "secret.txt"), join(dir, "batches", "notes.txt")]) {
        await assert.rejects(source.connection.run(`SELECT * FROM read_text('${other}')`), /Permission Error/, other);
      }
      await assert.rejects(
        source.connection.run(`SELECT * FROM glob('${join(dir, "batches")}/*')`),
        /Permission Error/,
      );
    } finally {
      source.close();
    }
  });

  it("allows the data's own path, the files its glob matched, or the URL", () => {
    assert.deepEqual(dataAccess("/d/x.csv"), { paths: ["/d/x.csv"], directories: [] });
    assert.deepEqual(dataAccess("/d/in/**/*.parquet", ["/d/in/a/1.parquet", "/d/in/2.parquet"]), {
      paths: ["/d/in/a/1.parquet", "/d/in/2.parquet"],
      directories: [],
    });
    assert.deepEqual(dataAccess("https://example.com/x.csv"), {
      paths: ["https://example.com/x.csv"],
      directories: [],
    });
  });
});
