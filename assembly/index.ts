// The firmware module: the board ABI, the diagnostic codec exports and the PPP engine's ABI.
export * from "./abi/exports";
export * from "./abi/codec";
export * from "./abi/ppp";
