// The firmware module: the board ABI, diagnostic codec exports, configuration queries, chat and PPP.
export * from "./abi/exports";
export * from "./abi/codec";
export * from "./abi/config-query";
export * from "./abi/chat";
export { engineHint } from "./abi/engine";
export * from "./abi/ppp";
export * from "./abi/arap";
export * from "./abi/dial";
export { poolUsage, poolCapacity } from "./abi/health";
export { linesServed } from "./mem/build-size";
