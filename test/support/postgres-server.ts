import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A throw-away PostgreSQL 15 server for tests: initdb in a temporary directory, listening on
 * 127.0.0.1 on a free port, trust authentication, stopped and deleted by `stop()`. PostgreSQL refuses
 * to run as root, so as root the server runs as the `postgres` user the Debian package creates.
 */
export const POSTGRES_BIN = "/usr/lib/postgresql/15/bin";

export interface PostgresServer {
  url: string;
  port: number;
  dir: string;
  stop(): void;
}

/** Why PostgreSQL tests cannot run here, or undefined when they can. */
export function postgresUnavailable(): string | undefined {
  if (!existsSync(join(POSTGRES_BIN, "initdb")) || !existsSync(join(POSTGRES_BIN, "pg_ctl"))) {
    return `PostgreSQL 15 binaries not found in ${POSTGRES_BIN} (apt-get install postgresql); skipping`;
  }
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function asServerUser(command: string, args: string[]): string[] {
  const isRoot = process.getuid?.() === 0;
  return isRoot ? ["runuser", "-u", "postgres", "--", command, ...args] : [command, ...args];
}

function run(command: string, args: string[]): void {
  const [bin, ...rest] = asServerUser(command, args) as [string, ...string[]];
  const result = spawnSync(bin, rest, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
}

export async function startPostgres(): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), "mlci-pg-"));
  chmodSync(dir, 0o777);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, "data");
  const port = await freePort();
  try {
    run(join(POSTGRES_BIN, "initdb"), ["-D", data, "-U", "mlci", "--auth=trust", "-E", "UTF8", "--no-sync"]);
    run(join(POSTGRES_BIN, "pg_ctl"), [
      "-D",
      data,
      "-w",
      "-l",
      join(dir, "server.log"),
      "-o",
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off`,
      "start",
    ]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true }); // a server that did not start leaves nothing behind
    throw error;
  }
  return {
    url: `postgres://mlci@127.0.0.1:${port}/postgres`,
    port,
    dir,
    stop() {
      run(join(POSTGRES_BIN, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
