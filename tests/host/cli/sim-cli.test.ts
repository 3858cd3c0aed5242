import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dialbackSync } from "../../support/cli.ts";

function dialback(...args: string[]) {
  const r = dialbackSync(args, { timeoutMs: 30_000 });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

test("dialback sim refuses bad input with a clear message, exit 1 (2 for a malformed option)", () => {
  const dir = mkdtempSync(join(tmpdir(), "dialback-cli-"));
  try {
    const nothing = dialback("sim");
    assert.equal(nothing.code, 1);
    assert.match(nothing.err, /nothing to expose/);

    const behaviour = dialback("sim", "--expose", "1=tcp:4001", "--subscriber", "5550100=sings");
    assert.equal(behaviour.code, 2, "a malformed option is a usage error");
    assert.match(behaviour.err, /--subscriber 5550100=sings: expected NUMBER=answer\|no-answer\|busy\|dead/);

    const board = join(dir, "bad.json");
    writeFileSync(board, '{\n  "name": "x",\n  "lines": [ { "tty": 1, "driver": "sim", "number": "12a" } ]\n}\n');
    const profile = dialback("sim", "--board", board, "--expose", "1=tcp:4001");
    assert.equal(profile.code, 1);
    assert.equal(profile.err.trim(), `${board}:3:53: error: "number" must be a subscriber number (digits, * and #)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
