/**
 * What the double does for each operation it knows, keyed by the description's operationId. Each
 * handler reads and changes the in-memory state and answers like GitHub (status, body, headers). The
 * table is one mutable object so tests can wrap entries (release-behaviour.ts does).
 */
import { gitHandlers } from "./handlers-git.js";
import { issueHandlers } from "./handlers-issues.js";
import { releaseHandlers } from "./handlers-releases.js";
import { repoHandlers } from "./handlers-repo.js";
import type { Handler } from "./reply.js";

export {
  forbidden,
  type Handler,
  type HandlerContext,
  notFound,
  type Reply,
  ReplyError,
} from "./reply.js";

export const handlers: Record<string, Handler> = {
  ...repoHandlers,
  ...issueHandlers,
  ...releaseHandlers,
  ...gitHandlers,
};
