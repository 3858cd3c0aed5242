export interface MutantEdit {
  file: string;
  find: string;
  replace: string;
}
export interface MutantRule {
  rule: string;
  edits: MutantEdit[];
  specs: string[];
  tests: [string, string][];
}
export const RULES: MutantRule[];
