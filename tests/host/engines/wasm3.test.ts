// The same release module, the same streams, two engines: V8 (host/core) and wasm3
// (boards/wasm3-gateway runner) must print identical transcripts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Core, RELEASE_MODULE } from "../../../host/core/core.ts";
import { EngineKind } from "../../../host/core/abi.ts";
import { transcript } from "../../../host/core/transcript.ts";
import { DEFAULT_SYSTEM, imageForLines } from "../../../host/image/writer.ts";
import { hdlcFrame } from "../../support/hdlc.ts";
import { seededBytes } from "../../support/random.ts";
import { requireProgram } from "../../support/external.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const LINE = 5;

const CONFREQ = Buffer.from("ff03c021010100140206000000000506c8035b3507020802", "hex");
const IPCP = Buffer.from("ff03802101010010030600000000810600000000", "hex");
// Address/control and protocol compressed (RFC 1661 §6.5-6.6): IP datagram, protocol 0x21.
const COMPRESSED_IP = Buffer.concat([Buffer.from([0x21]), seededBytes(40, 7)]);
// Payload full of 7E, 7D and control octets: every one escaped on the wire.
const BIG_IP = Buffer.concat([Buffer.from("ff030021", "hex"), seededBytes(1496, 11)]);
const NO_PROTOCOL = Buffer.from("ff03", "hex");

const bytes = (...parts: (Uint8Array | number[] | string)[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "hex") : Buffer.from(p))));

function withBadFcs(frame: Buffer): Buffer {
  const wire = Buffer.from(hdlcFrame(frame));
  const at = wire.indexOf(0xc0);
  wire[at] ^= 0x01;
  return wire;
}

function withControls(frame: Buffer): Buffer {
  const wire = hdlcFrame(frame);
  // XON/XOFF inserted by the link: the receive ACCM (all ones by default) deletes them.
  return bytes(wire.subarray(0, 6), [0x11], wire.subarray(6, 12), [0x13], wire.subarray(12));
}

// A shared flag between frames: drop each frame's opening flag after the first.
const shared = (...wires: Buffer[]): Buffer => bytes(...wires.map((w, i) => (i === 0 ? w : w.subarray(1))));

const FLAGLESS = bytes("7e", Buffer.alloc(65536, 0x41), hdlcFrame(CONFREQ));

interface Case {
  name: string;
  stream: Buffer;
  /** What the V8 transcript must show, so an empty or wrong run cannot pass. */
  expect: RegExp[];
  image?: Uint8Array;
  /** Whole windows at once overrun the event ring: rxRefused must count. */
  refusesAtLargestChunk?: boolean;
}

const cases: Case[] = [
  {
    name: "good_frames",
    stream: bytes(
      Buffer.from("CONNECT 115200\r\n"),
      hdlcFrame(CONFREQ),
      shared(hdlcFrame(IPCP), hdlcFrame(COMPRESSED_IP)),
      hdlcFrame(BIG_IP),
      hdlcFrame(NO_PROTOCOL),
    ),
    expect: [
      new RegExp(`frame line=${LINE} proto=c021 len=24 hex=${CONFREQ.toString("hex")}\n`),
      new RegExp(`proto=8021 len=${IPCP.length} hex=${IPCP.toString("hex")}\n`),
      new RegExp(`proto=0021 len=41 hex=${COMPRESSED_IP.toString("hex")}\n`),
      new RegExp(`proto=0021 len=1500 hex=${BIG_IP.toString("hex")}\n`),
      /proto=none len=2 hex=ff03\n/,
      / framesGood=5 /,
      / outsideBytes=16 /,
    ],
  },
  { name: "bad_fcs", stream: bytes(withBadFcs(CONFREQ), hdlcFrame(IPCP)), expect: [/ framesGood=1 badFcs=1 /] },
  { name: "runts", stream: bytes("7e41427e", "7eff7e", "7e4142437e", hdlcFrame(CONFREQ)), expect: [/ framesGood=1 badFcs=0 runts=3 /] },
  { name: "aborts", stream: bytes("7eff7d23c0217d7e", hdlcFrame(IPCP), "7e417d7e7e"), expect: [/ framesGood=1 .* aborts=2 /] },
  { name: "garbage", stream: bytes(seededBytes(4096, 99), hdlcFrame(CONFREQ), seededBytes(777, 5)), expect: [/proto=c021 len=24/] },
  {
    name: "flagless_64k_run",
    stream: FLAGLESS,
    expect: [/ framesGood=1 .* oversize=1 /, new RegExp(` rxBytes=${FLAGLESS.length} `)],
  },
  { name: "oversize_frame", stream: bytes(hdlcFrame(Buffer.alloc(1700, 0x55)), hdlcFrame(IPCP)), expect: [/ framesGood=1 .* oversize=1 /] },
  {
    name: "accm_deletion",
    stream: bytes(withControls(CONFREQ), withControls(IPCP)),
    expect: [/proto=c021 len=24/, / framesGood=2 .* deletedControls=4 /],
  },
  {
    name: "escape_at_every_split",
    stream: bytes(hdlcFrame(Buffer.from([0xff, 0x03, 0x7e, 0x7d, 0x7d, 0x7e, 0x00, 0x11, 0x13, 0x20]))),
    expect: [/proto=7e7d len=10 hex=ff037e7d7d7e00111320\n/],
  },
  {
    // 16 event slots: the core refuses input until the host drains, both hosts re-offer it.
    name: "event_ring_full_refuses_then_resumes",
    stream: bytes(...Array.from({ length: 300 }, () => hdlcFrame(CONFREQ))),
    image: imageForLines([LINE], { ...DEFAULT_SYSTEM, eventSlots: 16 }),
    expect: [/ framesGood=300 /],
    refusesAtLargestChunk: true,
  },
];

const CHUNKS = [1, 61, 4096];

function buildRunner(): string {
  const r = spawnSync(process.execPath, [join(ROOT, "boards/wasm3-gateway/build.mjs")], { cwd: ROOT, encoding: "utf8", timeout: 300_000 });
  assert.equal(r.status, 0, `building the wasm3 runner failed:\n${r.stderr}`);
  return r.stdout.trim().split("\n").pop()!;
}

function runWasm3(runner: string, args: string[], input?: Buffer) {
  return spawnSync(runner, ["--module", RELEASE_MODULE, ...args], { input, encoding: "utf8", timeout: 60_000, maxBuffer: 64 << 20 });
}

test("wasm3_and_v8_print_identical_transcripts_for_the_same_streams", async (t) => {
  if (!requireProgram(t, "cc", "gcc")) return;
  const runner = buildRunner();
  const dir = mkdtempSync(join(tmpdir(), "dialback-wasm3-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const core = await Core.load();
  for (const c of cases) {
    const image = c.image ?? imageForLines([1, LINE]);
    const imagePath = join(dir, `${c.name}.image`);
    const streamPath = join(dir, `${c.name}.stream`);
    writeFileSync(imagePath, image);
    writeFileSync(streamPath, c.stream);
    for (const chunk of CHUNKS) {
      const v8 = transcript(core, image, c.stream, { line: LINE, chunk });
      const summary = `${c.name} chunk ${chunk}: V8 transcript ends\n${v8.split("\n").slice(-3).join("\n")}`;
      for (const e of c.expect) assert.ok(e.test(v8), `${summary}\ndoes not match ${e}`);
      if (c.refusesAtLargestChunk && chunk === CHUNKS[CHUNKS.length - 1]) assert.ok(/ rxRefused=[1-9]/.test(v8), summary);
      const fromStdin = chunk === 61;
      const args = ["--line", String(LINE), "--chunk", String(chunk), imagePath, ...(fromStdin ? [] : [streamPath])];
      const w = runWasm3(runner, args, fromStdin ? c.stream : undefined);
      assert.equal(w.status, 0, `${c.name} chunk ${chunk}: runner failed: ${w.stderr}`);
      assert.equal(w.stdout, v8, `${c.name} chunk ${chunk}: wasm3 and V8 differ`);
    }
  }
});

test("wasm3_runner_refuses_a_bad_image_or_an_unknown_line_with_a_message", async (t) => {
  if (!requireProgram(t, "cc", "gcc")) return;
  const runner = buildRunner();
  const dir = mkdtempSync(join(tmpdir(), "dialback-wasm3-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const bad = Uint8Array.from(imageForLines([1]));
  bad[0] ^= 1;
  writeFileSync(join(dir, "bad.image"), bad);
  writeFileSync(join(dir, "good.image"), imageForLines([1]));
  const refused = runWasm3(runner, [join(dir, "bad.image"), "-"], Buffer.alloc(0));
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /core refused the image: status -1/);
  const noLine = runWasm3(runner, ["--line", "9", join(dir, "good.image"), "-"], Buffer.alloc(0));
  assert.equal(noLine.status, 1);
  assert.match(noLine.stderr, /line 9 is not in the image/);
  const missing = runWasm3(runner, [join(dir, "good.image"), join(dir, "absent.stream")]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /absent\.stream: No such file/);
});

test("the_interpreter_hint_changes_how_frames_are_computed_not_what_comes_out", async () => {
  const core = await Core.load();
  assert.equal(core.exports.engineHint(7), -1);
  for (const c of cases) {
    const image = c.image ?? imageForLines([1, LINE]);
    assert.equal(core.exports.engineHint(EngineKind.Compiler), 0);
    const compiled = transcript(core, image, c.stream, { line: LINE, chunk: 4096 });
    const arenaCompiled = core.exports.memoryArenaUsed();
    assert.equal(core.exports.engineHint(EngineKind.Interpreter), 0);
    const interpreted = transcript(core, image, c.stream, { line: LINE, chunk: 4096 });
    assert.equal(interpreted, compiled, `${c.name}: the hint changed the transcript`);
    // The two-octet FCS-16 table (128 KiB) and framing tables (576 KiB) come out of the
    // arena only for an interpreter.
    assert.equal(core.exports.memoryArenaUsed() - arenaCompiled, 65536 * 2 + 65536 * 9, c.name);
  }
});

test("an_image_too_large_for_the_framing_tables_still_loads_under_the_interpreter_hint", async () => {
  const core = await Core.load();
  // 63 lines with 16 KiB transmit rings fill the arena: the framing tables (576 KiB) are left
  // out, not the image.
  const image = imageForLines(Array.from({ length: 63 }, (_, i) => i + 1), { ...DEFAULT_SYSTEM, txRingBytes: 16384 });
  const stream = bytes(hdlcFrame(BIG_IP), withControls(CONFREQ), withBadFcs(CONFREQ));
  assert.equal(core.exports.engineHint(EngineKind.Compiler), 0);
  const compiled = transcript(core, image, stream, { line: LINE, chunk: 4096 });
  const arenaCompiled = core.exports.memoryArenaUsed();
  assert.equal(core.exports.engineHint(EngineKind.Interpreter), 0);
  const interpreted = transcript(core, image, stream, { line: LINE, chunk: 4096 });
  assert.equal(interpreted, compiled);
  assert.match(interpreted, / framesGood=2 badFcs=1 /);
  assert.equal(core.exports.memoryArenaUsed() - arenaCompiled, 65536 * 2);
  assert.equal(core.exports.engineHint(EngineKind.Compiler), 0);
});
