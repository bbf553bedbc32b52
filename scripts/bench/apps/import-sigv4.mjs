// Cold start breakdown: import only @smithy/signature-v4, as @org/runtime resolves it.
import { createRequire } from "node:module";
const require = createRequire(import.meta.resolve("@org/runtime"));
await import(require.resolve("@smithy/signature-v4"));
