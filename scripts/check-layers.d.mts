// Types for check-layers.mjs, so TypeScript tests can run its checks on small trees.
export const LAYERS_FILE: string;
export interface ImportOf {
  spec: string;
  line: number;
  typeOnly: boolean;
}
export function importsOf(text: string): ImportOf[];
export function checkLayers(root: string): { findings: string[]; files: number; imports: number; layers: number };
