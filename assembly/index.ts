// The firmware module: the board ABI, the diagnostic codec exports, the chat-script exports.
export * from "./abi/exports";
export * from "./abi/codec";
export * from "./abi/config-query";
export * from "./abi/chat";
export { engineHint } from "./abi/engine";
