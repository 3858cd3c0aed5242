// Types for cpio.mjs, so the TypeScript harness can build per-run archives with it.
export interface CpioEntry {
  name: string;
  type: "file" | "dir" | "symlink" | "chardev";
  mode?: number;
  data?: Uint8Array | string;
  target?: string;
  major?: number;
  minor?: number;
}
export function cpioArchive(entries: CpioEntry[]): Buffer;
