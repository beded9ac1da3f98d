/**
 * The local forge: the same semantics as GitHub, kept in files so `mlci report --post` (and drift
 * issues) work on a laptop. Each issue or pull-request thread is one JSON file, and a markdown file
 * beside it shows the thread as a person would read it:
 *
 *   .mlci/forge/issues/12.json   {number, title, body, state, labels, author, pull_request, comments: [...]}
 *   .mlci/forge/issues/12.md     the thread rendered
 *
 * Commenting on a number that has no thread yet starts one (pull requests exist only on GitHub).
 */
import { mkdir, readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import writeFileAtomic from "write-file-atomic";
import type { CommentRef, Forge, ForgeComment, ForgeIssue, UpsertCommentInput, UpsertResult } from "./forge.js";
import { hasMarker, withMarker } from "./marker.js";
import { LocalReleaseForge } from "./releases/local-release-forge.js";

/** Where the local forge keeps its files unless told otherwise (relative to the working directory). */
export const DEFAULT_LOCAL_FORGE_DIR = ".mlci/forge";

/** The author of everything the local forge writes. */
export const LOCAL_AUTHOR = "mlci-local";

interface StoredComment {
  id: number;
  author: string;
  body: string;
  created_at: string;
  updated_at: string;
}

interface StoredThread {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  labels: string[];
  author: string;
  pull_request: boolean;
  comments: StoredComment[];
}

export interface LocalForgeOptions {
  readonly dir?: string;
  /** The git repository whose tags hold model versions and stages. Default: the working directory. */
  readonly repoDir?: string;
  /** The clock (injected so tests are repeatable). */
  readonly now?: () => Date;
}

export class LocalForge implements Forge {
  readonly kind = "local" as const;
  readonly dir: string;
  readonly releases: LocalReleaseForge;
  private readonly now: () => Date;

  constructor(options: LocalForgeOptions = {}) {
    this.dir = resolve(options.dir ?? DEFAULT_LOCAL_FORGE_DIR);
    this.now = options.now ?? (() => new Date());
    this.releases = new LocalReleaseForge({ repoDir: resolve(options.repoDir ?? ".") });
  }

  private issuesDir(): string {
    return join(this.dir, "issues");
  }

  private threadFile(number: number): string {
    return join(this.issuesDir(), `${number}.json`);
  }

  private async readThread(number: number): Promise<StoredThread | undefined> {
    try {
      return JSON.parse(await readFile(this.threadFile(number), "utf8")) as StoredThread;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  private async allThreads(): Promise<StoredThread[]> {
    let names: string[];
    try {
      names = await readdir(this.issuesDir());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const numbers = names
      .filter((n) => /^\d+\.json$/.test(n))
      .map((n) => Number.parseInt(n, 10))
      .sort((a, b) => a - b);
    const threads: StoredThread[] = [];
    for (const n of numbers) {
      const thread = await this.readThread(n);
      if (thread) threads.push(thread);
    }
    return threads;
  }

  private async writeThread(thread: StoredThread): Promise<void> {
    await mkdir(this.issuesDir(), { recursive: true });
    await writeFileAtomic(this.threadFile(thread.number), `${JSON.stringify(thread, null, 2)}\n`);
    await writeFileAtomic(join(this.issuesDir(), `${thread.number}.md`), renderThread(thread));
  }

  /** Ids are unique across all threads, like GitHub's comment ids. */
  private async nextCommentId(): Promise<number> {
    const threads = await this.allThreads();
    return threads.flatMap((t) => t.comments.map((c) => c.id)).reduce((max, id) => Math.max(max, id), 0) + 1;
  }

  private async threadOrNew(number: number): Promise<StoredThread> {
    return (
      (await this.readThread(number)) ?? {
        number,
        title: `#${number}`,
        body: "",
        state: "open",
        labels: [],
        author: LOCAL_AUTHOR,
        pull_request: true,
        comments: [],
      }
    );
  }

  private commentUrl(number: number, id: number): string {
    return `${join(this.issuesDir(), `${number}.md`)}#comment-${id}`;
  }

  /** Local threads have no commits, so there is no head to check a pull request against. */
  async pullRequestHead(_number: number): Promise<undefined> {
    return undefined;
  }

  async listIssueComments(issue: number): Promise<ForgeComment[]> {
    const thread = await this.readThread(issue);
    return (thread?.comments ?? []).map((c) => ({
      id: c.id,
      url: this.commentUrl(issue, c.id),
      body: c.body,
      author: c.author,
      createdAt: c.created_at,
      updatedAt: c.updated_at,
    }));
  }

  async upsertComment(input: UpsertCommentInput): Promise<UpsertResult> {
    const body = withMarker(input.body, input.marker);
    const thread = await this.threadOrNew(input.issue);
    const now = this.now().toISOString();
    const ours = thread.comments.find((c) => c.author === LOCAL_AUTHOR && hasMarker(c.body, input.marker));
    if (ours) {
      ours.body = body;
      ours.updated_at = now;
      await this.writeThread(thread);
      return { id: ours.id, url: this.commentUrl(input.issue, ours.id), action: "updated" };
    }
    const id = await this.nextCommentId();
    thread.comments.push({ id, author: LOCAL_AUTHOR, body, created_at: now, updated_at: now });
    await this.writeThread(thread);
    return { id, url: this.commentUrl(input.issue, id), action: "created" };
  }

  async findOpenIssue(input: { label: string; marker: string }): Promise<ForgeIssue | undefined> {
    const found = (await this.allThreads()).find(
      (t) =>
        !t.pull_request &&
        t.state === "open" &&
        t.author === LOCAL_AUTHOR &&
        t.labels.includes(input.label) &&
        hasMarker(t.body, input.marker),
    );
    return found ? this.toIssue(found) : undefined;
  }

  async createIssue(input: { title: string; body: string; labels?: readonly string[] }): Promise<ForgeIssue> {
    const threads = await this.allThreads();
    const number = threads.reduce((max, t) => Math.max(max, t.number), 0) + 1;
    const thread: StoredThread = {
      number,
      title: input.title,
      body: input.body,
      state: "open",
      labels: [...(input.labels ?? [])],
      author: LOCAL_AUTHOR,
      pull_request: false,
      comments: [],
    };
    await this.writeThread(thread);
    return this.toIssue(thread);
  }

  async updateIssue(input: { issue: number; title?: string; body?: string }): Promise<ForgeIssue> {
    const thread = await this.existing(input.issue);
    if (input.title !== undefined) thread.title = input.title;
    if (input.body !== undefined) thread.body = input.body;
    await this.writeThread(thread);
    return this.toIssue(thread);
  }

  async commentIssue(input: { issue: number; body: string }): Promise<CommentRef> {
    const thread = await this.threadOrNew(input.issue);
    const id = await this.nextCommentId();
    const now = this.now().toISOString();
    thread.comments.push({ id, author: LOCAL_AUTHOR, body: input.body, created_at: now, updated_at: now });
    await this.writeThread(thread);
    return { id, url: this.commentUrl(input.issue, id) };
  }

  async closeIssue(input: { issue: number; comment?: string }): Promise<void> {
    if (input.comment !== undefined) await this.commentIssue({ issue: input.issue, body: input.comment });
    const thread = await this.existing(input.issue);
    thread.state = "closed";
    await this.writeThread(thread);
  }

  private async existing(number: number): Promise<StoredThread> {
    const thread = await this.readThread(number);
    if (!thread) throw new Error(`local forge: no issue #${number} under ${this.issuesDir()}`);
    return thread;
  }

  private toIssue(thread: StoredThread): ForgeIssue {
    return {
      number: thread.number,
      title: thread.title,
      body: thread.body,
      url: join(this.issuesDir(), `${thread.number}.md`),
      state: thread.state,
      labels: [...thread.labels],
      author: thread.author,
    };
  }
}

function renderThread(thread: StoredThread): string {
  const head = `# ${thread.title} (#${thread.number}, ${thread.state})\n\n${thread.labels.length ? `Labels: ${thread.labels.join(", ")}\n\n` : ""}${thread.body}\n`;
  const comments = thread.comments.map(
    (c) => `\n---\n<a id="comment-${c.id}"></a>**${c.author}** commented (${c.updated_at}):\n\n${c.body}\n`,
  );
  return head + comments.join("");
}
