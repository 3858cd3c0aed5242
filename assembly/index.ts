// The firmware module: the board ABI and the diagnostic codec exports.
export * from "./abi/exports";
export * from "./abi/codec";
export { engineHint } from "./abi/engine";
