// Arbitrary input never makes the simulator or the profile reader throw or hang.

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { isParseError, parseCommandLine } from "../../../host/sim/modem/at-parser.ts";
import { ModemMode } from "../../../host/sim/modem/modem.ts";
import { ProfileError, validateProfile } from "../../../host/boards/profile.ts";
import { world } from "./support.ts";

const atish = fc.string({ unit: fc.constantFrom(..."ATDTSEVQXHZO&CD0123456789=?+,;\r\n \b\x00\xff".split("")), maxLength: 60 });

test("the AT parser returns commands or one error for any text", () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), atish), (text) => {
      const r = parseCommandLine(text);
      assert.ok(isParseError(r) ? typeof r.at === "number" && r.at >= 0 : Array.isArray(r));
    }),
    { numRuns: 2000 },
  );
});

test("random bytes in every modem state leave two modems consistent and never throw", () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(atish, fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString("latin1"))), { maxLength: 8 }),
      fc.nat(1000), (chunks, seed) => {
      const w = world(seed, { noAnswerRings: 2 });
      const a = w.modem("100");
      const b = w.modem("200", { profile: { s: { 0: 1 } } });
      a.send("ATDT200\r");
      w.until(() => a.modem.mode === ModemMode.Online, 30_000);
      for (const c of chunks) {
        a.send(c);
        b.send(c);
        w.scheduler.runFor(1500);
      }
      w.scheduler.runFor(200_000);
      for (const m of [a.modem, b.modem]) {
        const call = m.activeCall;
        assert.ok(Object.values(ModemMode).includes(m.mode));
        if (m.mode === ModemMode.Command) assert.equal(call, null);
        if (m.mode === ModemMode.Online) assert.ok(call && call.active);
      }
    }),
    { numRuns: 200 },
  );
});

test("any text given as a board profile is read or refused with positioned errors", () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.json(), fc.constant('{"name":"x","lines":[{"tty":1}]}')), (text) => {
      try {
        validateProfile(text, "f.json");
      } catch (e) {
        assert.ok(e instanceof ProfileError, String(e));
        for (const m of e.messages) assert.match(m, /^f\.json:\d+:\d+: error: /);
      }
    }),
    { numRuns: 2000 },
  );
});
