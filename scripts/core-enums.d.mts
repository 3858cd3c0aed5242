// Types for core-enums.mjs, so TypeScript tests can check what it writes.
export interface EnumOutput {
  file: string;
  about: string;
  enums: { name: string; core?: string; skip?: string[] }[];
}
export const OUTPUTS: EnumOutput[];
export function readCoreEnum(root: string, name: string): { file: string; doc: string[]; members: Map<string, number> };
export function coreEnums(root: string, check: boolean): { stale: string[]; problems: string[] };
