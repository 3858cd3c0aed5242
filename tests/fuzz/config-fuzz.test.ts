// Configuration fuzz: mutated configurations (lines and words deleted, duplicated, swapped,
// commands of the grammar inserted with odd arguments, huge numbers, control characters,
// long words) must give only located diagnostics, and every configuration `config check`
// accepts must be accepted by the core's `init` and read back from its `show running-config`. Seeded and reproducible: a failure prints
// the seed, the case number and the configuration. CONFIG_FUZZ_COUNT and CONFIG_FUZZ_SEED
// change the run.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileConfig, formatDiagnostics } from "../../host/config/compile.ts";
import { compileImage } from "../../host/config/image.ts";
import { showRunningConfig } from "../../host/config/show.ts";
import { ALL_COMMANDS } from "../../host/config/reader.ts";
import type { Arg, Command } from "../../host/config/grammar.ts";
import { demoConfigText } from "../../host/simulate/demo.ts";
import { Core } from "../../host/core/core.ts";
import { ImageStatus } from "../../host/core/abi.ts";

const COUNT = Number(process.env.CONFIG_FUZZ_COUNT ?? 10_000);
const SEED = Number(process.env.CONFIG_FUZZ_SEED ?? 0x5eed_c0f1);
const FILE = "fuzz.cfg";

/** Small seeded generator (mulberry32): the same seed gives the same run on every machine. */
class Rng {
  constructor(private state: number) {}
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
}

const FIXTURES = fileURLToPath(new URL("../fixtures/config/", import.meta.url));
const SEEDS: string[] = [
  ...readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".cfg"))
    .sort()
    .map((f) => readFileSync(FIXTURES + f, "utf8")),
  // The access-server corpus: the IOS commands real configurations carry, in every mode.
  ...readdirSync(FIXTURES + "corpus/")
    .filter((f) => f.endsWith(".cfg"))
    .sort()
    .map((f) => readFileSync(FIXTURES + "corpus/" + f, "utf8")),
  demoConfigText(),
];

const long = (n: number, c = "x") => c.repeat(n);
// Values at and around every limit the compiler and the core know, and the odd ones.
const NUMBERS = ["0", "1", "7", "15", "16", "63", "64", "65", "100", "101", "120", "121", "255", "256", "999", "65535", "65536",
  "4294967295", "4294967296", "99999999999999999999999", "-1", "1.5", "0x10", "007"];
const WORDS = ["Ted", "wanda", "dial", "usr", "77", "Rhoda", "default", "local", "ppp", "pap", "chap", "tty", "aux", "vty", "con",
  "1234567", "555-CALL-ME;rm", "W,P,T", "\"\"", "\"a b\"", "\u201c1234567\u201c", "\\T", "\\c", "ATDT", "ABORT", "TIMEOUT",
  "10.1.1.1", "255.255.255.0", "1.2.3.256", "Async7", "Ethernet0", "^dial$", "(", "*x", "[a-", "ü", "日本", "\ud800",
  long(31), long(32), long(33), long(47), long(48), long(49), long(63), long(64), long(65), long(255, "y"), long(256, "y"), long(300, "z"), long(5000, "w")];
const CONTROLS = ["\0", "\x1b[2J", "\t", "\x7f", "\u2028", "\ufeff", "\r", "\x03", "\\", "!", "\u0085", "\x07"];

/** Words of the grammar: command keywords, keyword arguments, option keywords. */
function grammarWords(): string[] {
  const out = new Set<string>(["no", "exit", "end", "interface", "line"]);
  const walk = (a: Arg) => {
    if (a.kind === "keyword") a.choices.forEach((c) => out.add(c));
    if (a.kind === "optional") a.args.forEach(walk);
    if (a.kind === "options") a.options.forEach((o) => (out.add(o.keyword), o.args.forEach(walk)));
  };
  for (const c of ALL_COMMANDS) {
    c.words.forEach((w) => out.add(w));
    c.args.forEach(walk);
  }
  return [...out];
}
const GRAMMAR = grammarWords();

/** Arguments for `arg`, usually valid, now and then at or past a limit. */
function fill(rng: Rng, arg: Arg): string[] {
  switch (arg.kind) {
    case "keyword":
      return [rng.chance(0.9) ? rng.pick(arg.choices) : rng.pick(GRAMMAR)];
    case "number":
      return [String(rng.chance(0.8) ? rng.int(arg.min, Math.min(arg.max, arg.min + 70)) : rng.pick([arg.min - 1, arg.max, arg.max + 1, 1e12]))];
    case "word":
      return [rng.pick(WORDS)];
    case "ipv4":
      return [rng.chance(0.9) ? `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(0, 255)}` : rng.pick(WORDS)];
    case "ifname":
      return [rng.pick(["Async7", "async 3", "Group-Async1", "Ethernet0", "Serial0/0", "Loopback0", "Async99", "Bogus1"])];
    case "rest":
      return Array.from({ length: rng.int(1, 4) }, () => (rng.chance(0.3) ? rng.pick(GRAMMAR) : rng.pick(WORDS)));
    case "optional":
      return rng.chance(0.5) ? arg.args.flatMap((a) => fill(rng, a)) : [];
    case "options": {
      const out: string[] = [];
      for (const o of arg.options) if (rng.chance(0.35)) out.push(o.keyword, ...o.args.flatMap((a) => fill(rng, a)));
      return out;
    }
  }
}

// Commands dialback acts on come up four times as often as those it only keeps.
const WEIGHTED = ALL_COMMANDS.flatMap((c) => (c.noEffect ? [c] : [c, c, c, c]));

/** One command of the grammar as a line, indented when it belongs to a sub-mode. */
function commandLine(rng: Rng): string[] {
  const c: Command = rng.pick(WEIGHTED);
  const words = [...(rng.chance(0.1) ? ["no"] : []), ...c.words, ...c.args.flatMap((a) => fill(rng, a))];
  const text = (c.mode === "global" ? "" : " ") + words.join(" ");
  // A sub-mode command usually comes with a mode to live in.
  if (c.mode === "interface" && rng.chance(0.7)) return [`interface Async${rng.int(1, 12)}`, text];
  if (c.mode === "line" && rng.chance(0.7)) return [`line ${rng.int(1, 12)}`, text];
  return [text];
}

function mutateLine(rng: Rng, line: string): string {
  const words = line.split(" ");
  const i = rng.int(0, Math.max(0, words.length - 1));
  switch (rng.int(0, 6)) {
    case 0:
      words.splice(i, 1);
      break;
    case 1:
      words.splice(i, 0, words[i] ?? "");
      break;
    case 2: {
      const j = rng.int(0, words.length - 1);
      [words[i], words[j]] = [words[j], words[i]];
      break;
    }
    case 3:
      words.splice(i, 0, rng.pick(GRAMMAR));
      break;
    case 4:
      words[i] = rng.pick(rng.chance(0.5) ? NUMBERS : WORDS);
      break;
    case 5: {
      const at = rng.int(0, line.length);
      return line.slice(0, at) + rng.pick(CONTROLS) + line.slice(at);
    }
    default:
      return rng.chance(0.5) ? line.trimStart() : "  " + line;
  }
  return words.join(" ");
}

/** A word of the line grown to a length at or around a limit (31-33, 47-49, 63-65, 254-256 ...), quotes kept. */
function growWord(rng: Rng, line: string): string {
  const words = line.split(" ");
  const i = rng.int(1, Math.max(1, words.length - 1));
  const w = words[i] ?? "x";
  const target = rng.pick([31, 32, 33, 47, 48, 49, 63, 64, 65, 254, 255, 256, 300, 4100]) + rng.int(-1, 1);
  const quoted = /^["“”].*["“”]$/.test(w) && w.length >= 2;
  const body = quoted ? w.slice(1, -1) : w;
  const grown = (body || "9").repeat(Math.ceil(target / Math.max(1, body.length))).slice(0, target);
  words[i] = quoted ? `${w[0]}${grown}${w[w.length - 1]}` : grown;
  return words.join(" ");
}

/** One mutation of the whole text; returns its name for the failure report. */
function mutate(rng: Rng, lines: string[]): string {
  if (lines.length === 0) {
    lines.push(...commandLine(rng));
    return "insert a command into the empty file";
  }
  const i = rng.int(0, lines.length - 1);
  switch (rng.int(0, 10)) {
    case 10:
      lines[i] = growWord(rng, lines[i]);
      return `grow a word of line ${i + 1}`;
    case 0:
      lines.splice(i, 1);
      return `delete line ${i + 1}`;
    case 1:
      lines.splice(i, 0, lines[i] ?? "");
      return `duplicate line ${i + 1}`;
    case 2: {
      const j = rng.int(0, lines.length - 1);
      [lines[i], lines[j]] = [lines[j], lines[i]];
      return `swap lines ${i + 1} ${j + 1}`;
    }
    case 3:
    case 4:
      lines.splice(i, 0, ...commandLine(rng));
      return `insert a command at ${i + 1}`;
    case 5:
    case 6:
      if (lines.length) lines[i] = mutateLine(rng, lines[i]);
      return `mutate line ${i + 1}`;
    case 7: {
      // Many copies with a counter: user tables, line ranges and the image size run out.
      const n = rng.int(2, 90);
      const copies = Array.from({ length: n }, (_, k) => (lines[i] ?? "").replace(/^(\s*\S+\s+)(\S+)/, `$1$2${k}`));
      lines.splice(i, 1, ...copies);
      return `${n} numbered copies of line ${i + 1}`;
    }
    case 8: {
      const other = rng.pick(SEEDS).split("\n");
      const from = rng.int(0, other.length - 1);
      lines.splice(i, 0, ...other.slice(from, from + rng.int(1, 8)));
      return `splice another configuration at ${i + 1}`;
    }
    default: {
      const text = lines.join("\n");
      const at = rng.int(0, text.length);
      lines.splice(0, lines.length, ...text.slice(0, at).split("\n"));
      return `truncate at character ${at}`;
    }
  }
}

const HEAD = /^fuzz\.cfg:(\d+):(\d+): (error|warning|note): \S/;

test("mutated_configurations_give_only_located_errors_and_what_config_check_accepts_the_core_accepts", async (t) => {
  const core = await Core.load();
  const rng = new Rng(SEED);
  const started = performance.now();
  let accepted = 0;
  for (let n = 0; n < COUNT; n++) {
    const lines = rng.pick(SEEDS).split("\n");
    const done: string[] = [];
    for (let k = rng.int(1, 4); k > 0; k--) done.push(mutate(rng, lines));
    const text = lines.join("\n");
    const shown = JSON.stringify(text.length > 20000 ? text.slice(0, 20000) + "…" : text);
    const fail = (why: string): never => assert.fail(`config fuzz seed ${SEED} case ${n} (${done.join("; ")}): ${why}\n--- configuration ---\n${shown}`);
    let result: ReturnType<typeof compileConfig> | undefined;
    try {
      result = compileConfig(text, FILE);
      showRunningConfig(result.model);
    } catch (e) {
      fail(`the compiler threw ${(e as Error).stack}`);
    }
    const r = result!;
    const lineCount = Math.max(1, text.split(/\r\n|\r|\n/).length);
    for (const [k, d] of formatDiagnostics(r).entries()) {
      const m = HEAD.exec(d);
      if (!m) fail(`diagnostic not in FILE:LINE:COL form: ${JSON.stringify(d.slice(0, 300))}`);
      if (Number(m![1]) > lineCount || r.diagnostics[k].loc.col < 1) fail(`diagnostic outside the file: ${d.split("\n")[0]}`);
    }
    if (!r.ok) continue;
    accepted++;
    // What config check accepts, show running-config prints so that it reads back to the same model.
    const shownText = showRunningConfig(r.model);
    const back = compileConfig(shownText, "shown.cfg");
    if (!back.ok) fail(`show running-config does not read back: ${formatDiagnostics(back).join("\n")}\n--- shown ---\n${shownText}`);
    try {
      assert.deepEqual(back.model, r.model);
    } catch (e) {
      fail(`show running-config reads back to another model: ${(e as Error).message.slice(0, 3000)}\n--- shown ---\n${shownText}`);
    }
    let image: Uint8Array;
    try {
      image = compileImage(r.model);
    } catch (e) {
      fail(`config check accepted it, the image writer refused: ${(e as Error).message}`);
    }
    const status = core.tryInit(image!);
    if (status !== ImageStatus.Ok) fail(`config check accepted it, the core refused the image: ${ImageStatus[status] ?? status}`);
  }
  const seconds = (performance.now() - started) / 1000;
  const rate = Math.round(COUNT / seconds);
  const report =
    `config fuzz: ${COUNT} configurations in ${seconds.toFixed(1)} s (${rate}/s), ` +
    `${accepted} accepted by config check and by the core, seed ${SEED}`;
  t.diagnostic(report);
  process.stdout.write(`# ${report}\n`);
  // The run must still reach the core: mutations that always break the file would test nothing.
  assert.ok(accepted >= COUNT / 10, `only ${accepted} of ${COUNT} configurations were accepted`);
});
