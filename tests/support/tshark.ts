// tshark as an independent judge of our pcap files (Debian tshark 4.0): no malformed
// packets, no expert errors, and one "number<TAB>Info" line per frame for golden checks.

import { spawnSync } from "node:child_process";
import assert from "node:assert/strict";

/** Runs tshark and returns its stdout; its "Running as user root" stderr line is ignored. */
export function tshark(args: string[]): string {
  const result = spawnSync("tshark", args, { encoding: "utf8", timeout: 60_000 });
  if (result.error) throw new Error(`tshark: ${result.error.message}`);
  const stderr = result.stderr.split("\n").filter((line) => line && !line.startsWith("Running as user")).join("\n");
  if (result.status !== 0) throw new Error(`tshark ${args.join(" ")} exited ${result.status}: ${stderr}`);
  return result.stdout;
}

/** Fails if tshark marks any packet of `file` malformed. */
export function assertNoMalformed(file: string): void {
  const found = tshark(["-r", file, "-Y", "_ws.malformed"]).trim();
  assert.equal(found, "", `tshark finds malformed packets in ${file}:\n${found}`);
}

/** Fails if tshark's expert info lists any error for `file`. */
export function assertNoExpertErrors(file: string): void {
  const report = tshark(["-r", file, "-q", "-z", "expert,error"]);
  assert.doesNotMatch(report, /Errors \(\d+\)/, `tshark reports expert errors in ${file}:\n${report}`);
}

/** "frame number<TAB>Info column" for every packet, e.g. "1\tConfiguration Request". */
export function tsharkSummary(file: string, extraFields: string[] = []): string[] {
  const fields = ["frame.number", "_ws.col.Info", ...extraFields].flatMap((f) => ["-e", f]);
  return tshark(["-r", file, "-T", "fields", ...fields]).split("\n").filter((line) => line.length > 0);
}
