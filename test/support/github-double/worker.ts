/**
 * The GitHub double in a worker thread, for tests whose own thread blocks (the composite-action runner
 * uses spawnSync): the worker's event loop keeps answering HTTP while the test waits for a child. The
 * test drives the double through `call(method, ...args)`, which runs that method of the GitHubDouble in
 * the worker and returns its result as plain data.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { DoubleOptions } from "./server.js";
import { GitHubDouble } from "./server.js";

interface Request {
  readonly id: number;
  readonly method: string;
  readonly args: readonly unknown[];
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

export class GitHubDoubleWorker {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(
    private readonly worker: Worker,
    readonly apiUrl: string,
  ) {
    worker.on("message", (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.value);
      else waiting.reject(new Error(reply.message));
    });
  }

  static async start(options: DoubleOptions = {}): Promise<GitHubDoubleWorker> {
    const worker = new Worker(new URL(import.meta.url), { workerData: options });
    const apiUrl = await new Promise<string>((resolve, reject) => {
      worker.once("message", (message: { apiUrl: string }) => resolve(message.apiUrl));
      worker.once("error", reject);
    });
    return new GitHubDoubleWorker(worker, apiUrl);
  }

  /** Runs `double[method](...args)` in the worker (or reads the property `method`). */
  call<T = unknown>(method: string, ...args: unknown[]): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, method, args } satisfies Request);
    });
  }

  async close(): Promise<void> {
    await this.call("close");
    await this.worker.terminate();
  }
}

async function serve(): Promise<void> {
  const double = await GitHubDouble.start(workerData as DoubleOptions);
  const port = parentPort;
  if (!port) return;
  port.on("message", async (request: Request) => {
    try {
      const member = (double as unknown as Record<string, unknown>)[request.method];
      const value =
        typeof member === "function"
          ? await (member as (...a: unknown[]) => unknown).apply(double, [...request.args])
          : member;
      // Plain data only: class instances (RepoState) become their fields.
      port.postMessage({
        id: request.id,
        ok: true,
        value: value === undefined ? undefined : JSON.parse(JSON.stringify(value)),
      });
    } catch (error) {
      port.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) });
    }
  });
  port.postMessage({ apiUrl: double.apiUrl });
}

if (!isMainThread) await serve();
