// The guest's archives: newc headers the kernel accepts, checked against GNU cpio.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpioArchive } from "../../../scripts/vm/cpio.mjs";
import { requireProgram } from "../../support/external.ts";

const ENTRIES = [
  { name: "etc", type: "dir" as const },
  { name: "etc/ppp", type: "dir" as const },
  { name: "/etc/ppp/pap-secrets", type: "file" as const, mode: 0o600, data: 'cli srv "s3cret" *\n' },
  { name: "bin/sh", type: "symlink" as const, target: "busybox" },
  { name: "dev/console", type: "chardev" as const, mode: 0o600, major: 5, minor: 1 },
  { name: "cmd.sh", type: "file" as const, mode: 0o755, data: "exit 0\n" },
];

test("every_entry_starts_4_byte_aligned_and_the_archive_ends_with_the_trailer", () => {
  const archive = cpioArchive(ENTRIES);
  assert.equal(archive.length % 4, 0);
  let at = 0;
  const names: string[] = [];
  while (at < archive.length) {
    assert.equal(archive.toString("ascii", at, at + 6), "070701", `header at ${at}`);
    const field = (i: number) => parseInt(archive.toString("ascii", at + 6 + i * 8, at + 14 + i * 8), 16);
    const nameSize = field(11);
    const fileSize = field(6);
    names.push(archive.toString("utf8", at + 110, at + 110 + nameSize - 1));
    at += 110 + nameSize;
    at += (4 - (at % 4)) % 4;
    at += fileSize;
    at += (4 - (at % 4)) % 4;
    if (names.at(-1) === "TRAILER!!!") break;
  }
  assert.equal(at, archive.length);
  assert.deepEqual(names, ["etc", "etc/ppp", "etc/ppp/pap-secrets", "bin/sh", "dev/console", "cmd.sh", "TRAILER!!!"]);
});

test("gnu_cpio_lists_the_archive_with_types_modes_and_targets", (t) => {
  if (!requireProgram(t, "cpio", "cpio")) return;
  const listing = spawnSync("cpio", ["-itv", "--quiet"], { input: cpioArchive(ENTRIES), encoding: "utf8", timeout: 10_000 });
  assert.equal(listing.status, 0, listing.stderr);
  const lines = listing.stdout.trim().split("\n");
  assert.match(lines[2], /^-rw------- .* etc\/ppp\/pap-secrets$/);
  assert.match(lines[3], /^lrwxrwxrwx .* bin\/sh -> busybox$/);
  assert.match(lines[4], /^crw------- .* 5,\s*1 .* dev\/console$/);
  assert.match(lines[5], /^-rwxr-xr-x .* 7 .* cmd\.sh$/);
});

test("bad_entries_are_refused_with_a_message", () => {
  assert.throws(() => cpioArchive([{ name: "", type: "file" }]), /empty entry name/);
  assert.throws(() => cpioArchive([{ name: "x", type: "fifo" as "file" }]), /x: unknown type fifo/);
  assert.throws(() => cpioArchive([{ name: "a\0b", type: "file" }]), /NUL/);
});
