// Frame fixtures (tests/fixtures/windows/, tests/fixtures/mschap-v2/): one frame a line, "I"
// (to the side under test) or "O" (from it), then the protocol field (two octets, or one when
// compressed) and packet in hex, spaces free; "#" starts a comment line.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

export interface FixtureFrame {
  dir: "I" | "O";
  /** Protocol field (two octets) and packet. */
  bytes: number[];
}

export function frameFixture(file: URL): FixtureFrame[] {
  return readFileSync(file, "latin1")
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.startsWith("#"))
    .map((l) => {
      const [dir, ...hex] = l.trim().split(/\s+/);
      assert.ok(dir === "I" || dir === "O", `direction of ${l}`);
      const digits = hex.join("");
      assert.match(digits, /^([0-9a-f]{2})+$/, `hex of ${l}`);
      const bytes = Array.from(Buffer.from(digits, "hex"));
      // A control packet's Length field (RFC 1661 §5) must match what the line holds; a
      // datagram may come with its protocol field compressed to one odd octet (§6.5).
      if (bytes[0] & 0x80) assert.equal((bytes[4] << 8) | bytes[5], bytes.length - 2, `length field of ${l}`);
      return { dir, bytes };
    });
}
