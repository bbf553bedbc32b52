export { x } from "@org/eventstream"; import { SignatureV4 } from "@smithy/signature-v4"; export const S = SignatureV4;
