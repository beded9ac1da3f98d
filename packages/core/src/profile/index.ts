export * from "./column-profile.js";
export * from "./dataset-profile.js";
export * from "./hyperloglog.js";
export * from "./log-bucket-sketch.js";
export * from "./memory-profile.js";
export * from "./moments.js";
export * from "./profile-json.js";
export * from "./top-categories.js";
