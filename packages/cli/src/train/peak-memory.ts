import { readdirSync, readFileSync } from "node:fs";

/**
 * Peak memory of a process tree, measured on Linux from /proc.
 *
 * Node gives no rusage of children, and /usr/bin/time is not on every runner, so the sampler polls
 * every process of the tree (the child and all its descendants) and reads `VmHWM`, the kernel's
 * high-water mark of each process's resident set. The reported peak is the largest VmHWM seen,
 * the same quantity as `ru_maxrss` of RUSAGE_CHILDREN (what GNU time reports): the peak of the
 * largest process, not the sum of a tree. Because VmHWM is a high-water mark, a process is measured
 * exactly as long as it is alive at one poll (every 10 ms in the first second, then every 50 ms);
 * only processes that live shorter than the interval are missed. Elsewhere (macOS, Windows) the
 * peak is unavailable (null).
 */

/** 50 ms: short enough to see short-lived helper processes, cheap (a few small reads per poll). */
export const DEFAULT_SAMPLE_INTERVAL_MS = 50;
/** The first second is polled every 10 ms: short commands (and quick start-up peaks) are seen too. */
const STARTUP_INTERVAL_MS = 10;
const STARTUP_PERIOD_MS = 1000;

export function peakMemorySupported(): boolean {
  try {
    readFileSync("/proc/self/status", "utf8");
    return true;
  } catch {
    return false;
  }
}

export class PeakMemorySampler {
  #peak = 0;
  #timer: NodeJS.Timeout | undefined;
  readonly #rootPid: number;
  readonly #supported: boolean;

  constructor(rootPid: number, intervalMs = DEFAULT_SAMPLE_INTERVAL_MS) {
    this.#rootPid = rootPid;
    this.#supported = peakMemorySupported();
    if (this.#supported) {
      this.sample();
      const started = Date.now();
      const poll = () => {
        this.sample();
        const next = Date.now() - started < STARTUP_PERIOD_MS ? Math.min(STARTUP_INTERVAL_MS, intervalMs) : intervalMs;
        this.#timer = setTimeout(poll, next);
        this.#timer.unref();
      };
      this.#timer = setTimeout(poll, Math.min(STARTUP_INTERVAL_MS, intervalMs));
      this.#timer.unref();
    }
  }

  sample(): void {
    for (const pid of processTree(this.#rootPid)) {
      const hwm = readHighWaterMark(pid);
      if (hwm !== undefined && hwm > this.#peak) this.#peak = hwm;
    }
  }

  /** Stops polling; the peak in bytes, or null where it cannot be measured. */
  stop(): number | null {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    return this.#supported && this.#peak > 0 ? this.#peak : null;
  }
}

/** VmHWM of one process in bytes; undefined when it has exited (or is a zombie without memory). */
export function readHighWaterMark(pid: number): number | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return undefined;
  }
  const match = status.match(/^VmHWM:\s+(\d+)\s+kB/m);
  return match ? Number(match[1]) * 1024 : undefined;
}

/** The pid and all its descendants alive now. */
export function processTree(root: number): number[] {
  const tree: number[] = [];
  const pending = [root];
  const childrenOf = childrenReader();
  while (pending.length > 0) {
    const pid = pending.pop() as number;
    tree.push(pid);
    pending.push(...childrenOf(pid));
  }
  return tree;
}

/**
 * `/proc/<pid>/task/<tid>/children` when the kernel has it (CONFIG_PROC_CHILDREN, the common case);
 * otherwise one scan of every `/proc/<pid>/stat` for parent ids.
 */
function childrenReader(): (pid: number) => number[] {
  if (childrenFilesAvailable()) return childrenFromTaskFiles;
  const byParent = scanParents();
  return (pid) => byParent.get(pid) ?? [];
}

let childrenFiles: boolean | undefined;
function childrenFilesAvailable(): boolean {
  if (childrenFiles === undefined) {
    try {
      readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, "utf8");
      childrenFiles = true;
    } catch {
      childrenFiles = false;
    }
  }
  return childrenFiles;
}

function childrenFromTaskFiles(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const tid of tasks) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").trim();
      if (text !== "") children.push(...text.split(/\s+/).map(Number));
    } catch {
      // The thread ended between readdir and read: it has no children any more.
    }
  }
  return children;
}

function scanParents(): Map<number, number[]> {
  const byParent = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited while scanning
    }
    // Fields after the command name, which is in parentheses and may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const parent = Number(fields[1]);
    const list = byParent.get(parent) ?? [];
    list.push(Number(entry));
    byParent.set(parent, list);
  }
  return byParent;
}
