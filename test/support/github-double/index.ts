export { loadGitHubDescription } from "./openapi.js";
export { type DoubleUser, GITHUB_ACTIONS_BOT } from "./resources.js";
export { type DoubleOptions, type Fault, GitHubDouble, type RecordedRequest } from "./server.js";
export type { Access, Permission, RepoState, TokenGrant } from "./state.js";
