export * from "./sigv4.js";
export * from "./bearer.js";
