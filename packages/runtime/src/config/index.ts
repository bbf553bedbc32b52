export * from "./profile.js";
export * from "./region.js";
export * from "./credentials.js";
