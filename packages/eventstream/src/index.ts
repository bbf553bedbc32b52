// Public API of @org/eventstream.
export * from "./crc32.js";
export * from "./errors.js";
export * from "./codec.js";
export * from "./decoder.js";
export * from "./events.js";
export * from "./encode-event.js";
export * from "./connection.js";
export * from "./response.js";
