// Types for module-check.mjs, so TypeScript tests can use its checks.
export function checkModule(bytes: Uint8Array): string[];
export function checkModuleMvp(bytes: Uint8Array): Promise<string[]>;
