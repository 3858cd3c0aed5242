// The host's copies of the core's enums, written from the core's own sources: each enum is
// found by name anywhere under assembly/ (a move between files changes nothing), its members,
// numbers and comments copied. `npm run build` writes the files; `--check` (in `npm run lint`)
// fails while a written file differs from what the core says.
// Usage: node scripts/core-enums.mjs [--check] [ROOT]
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, posix } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * What is written where. `core` is the enum's name in assembly/ when the host names it otherwise;
 * `skip` lists members the core keeps for itself (sizes of its tables, not values the host reads).
 * The image enums stay apart from the loader's so the compiler (host/config/) needs no host/core/.
 */
export const OUTPUTS = [
  {
    file: "host/image/image-enums.ts",
    about: "the configuration image's section types and flag bits (boards/image.md)",
    enums: [
      { name: "SectionType" }, { name: "LineFlag" }, { name: "UserFlag" }, { name: "LoginFlag" }, { name: "DialModifier" }, { name: "InterfaceFlag" },
      { name: "GlobalFlag" }, { name: "InterfaceExtraFlag" },
    ],
  },
  {
    file: "host/core/core-enums.ts",
    about: "the board ABI's events, statuses, states and counters (boards/abi.md, boards/ppp-abi.md)",
    enums: [
      { name: "UserString" },
      { name: "EngineKind" },
      { name: "ImageStatus" },
      { name: "EventKind" },
      { name: "ChatResult" },
      { name: "ChatTraceKind" },
      { name: "ChatError" },
      { name: "LineEvent" },
      { name: "LoginFailure" },
      { name: "LoginBlock" },
      { name: "LineState" },
      { name: "CallbackEvent" },
      { name: "CallbackMethod" },
      { name: "CallbackOutcome" },
      { name: "DialSource" },
      { name: "DialProblem" },
      { name: "GlobalCounter", skip: ["Count"] },
      { name: "LineCounter", skip: ["Count"] },
      { name: "PoolId" },
      { name: "AuthMode" },
      { name: "PppRole", core: "Role" },
      { name: "PppPhase", core: "Phase" },
      { name: "LinkDownReason" },
      { name: "ArapEvent" },
      { name: "ArapState" },
      { name: "ArapCloseReason" },
      { name: "MnpDownReason" },
      { name: "MnpState" },
      { name: "LineFault" },
    ],
  },
];

class EnumProblem extends Error {}

function sources(root) {
  const files = [];
  const walk = (rel) => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const path = posix.join(rel, name);
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (name.endsWith(".ts")) files.push(path);
    }
  };
  walk("assembly");
  return files;
}

const isComment = (line) => /^\s*(\/\/|\/\*|\*)/.test(line);

/** Plain numbers, `1 << n`, or nothing (one more than the member before, as TypeScript counts). */
function valueOf(text, previous, where) {
  if (text === undefined) {
    if (previous === null) throw new EnumProblem(`${where}: the first member needs a number`);
    return previous + 1;
  }
  const plain = /^-?(0x[0-9a-fA-F]+|\d+)$/.exec(text);
  if (plain) return Number(text);
  const shift = /^(\d+)\s*<<\s*(\d+)$/.exec(text);
  if (shift) return Number(shift[1]) * 2 ** Number(shift[2]);
  throw new EnumProblem(`${where}: "${text}" is not a number the enum generator reads (a literal or 1 << n)`);
}

/**
 * The enum `name` as declared once under assembly/: its file, the comment before it, and its
 * body as lines (comments kept, each member as `Name = value,` with its trailing comment) and
 * its members' numbers.
 */
export function readCoreEnum(root, name, files = sources(root)) {
  const head = new RegExp(`^export const enum ${name} \\{\\s*$`, "m");
  const found = files.filter((f) => head.test(readFileSync(join(root, f), "utf8")));
  if (found.length === 0) throw new EnumProblem(`enum ${name}: not declared in assembly/ (renamed? name it in scripts/core-enums.mjs)`);
  if (found.length > 1) throw new EnumProblem(`enum ${name}: declared in ${found.join(" and ")}`);
  const file = found[0];
  const lines = readFileSync(join(root, file), "utf8").split("\n");
  const start = lines.findIndex((l) => head.test(l));
  const doc = [];
  for (let i = start - 1; i >= 0 && isComment(lines[i]); i--) doc.unshift(lines[i].trim());
  const body = [];
  const members = new Map();
  let previous = null;
  for (let i = start + 1; ; i++) {
    if (i >= lines.length) throw new EnumProblem(`${file}: enum ${name} has no closing brace`);
    const line = lines[i];
    if (/^}/.test(line)) break;
    if (line.trim() === "" || isComment(line)) {
      body.push(line.trimEnd());
      continue;
    }
    const m = /^\s*([A-Za-z_]\w*)\s*(?:=\s*([^,/]+?))?\s*,?\s*(\/\/.*|\/\*.*\*\/)?$/.exec(line);
    if (!m) throw new EnumProblem(`${file}:${i + 1}: enum ${name}: one member a line is all the enum generator reads`);
    const value = valueOf(m[2], previous, `${file}:${i + 1}: enum ${name}.${m[1]}`);
    previous = value;
    members.set(m[1], value);
    body.push({ member: m[1], value: m[2] ?? String(value), comment: m[3] ?? "" });
  }
  return { file, doc, body, members };
}

/** The text of one output file. */
export function renderOutput(root, output, files = sources(root)) {
  const out = [
    `// Generated by scripts/core-enums.mjs from the core's own enums: ${output.about}.`,
    "// Do not edit: change the enum in assembly/, then `npm run build` writes this file again.",
  ];
  for (const e of output.enums) {
    const core = readCoreEnum(root, e.core ?? e.name, files);
    const skip = new Set(e.skip ?? []);
    for (const s of skip) if (!core.members.has(s)) throw new EnumProblem(`enum ${e.core ?? e.name}: no member ${s} to leave out`);
    out.push("", `// ${core.file} ${e.core ?? e.name}`, ...core.doc, `export enum ${e.name} {`);
    for (const line of core.body) {
      if (typeof line === "string") out.push(line);
      else if (!skip.has(line.member)) out.push(`  ${line.member} = ${line.value},${line.comment ? ` ${line.comment}` : ""}`);
    }
    out.push("}");
  }
  return out.join("\n") + "\n";
}

/** Writes (or with `check`, compares) every output; returns the files that differ and the problems. */
export function coreEnums(root, check) {
  const files = sources(root);
  const stale = [];
  const problems = [];
  for (const output of OUTPUTS) {
    let text;
    try {
      text = renderOutput(root, output, files);
    } catch (e) {
      if (!(e instanceof EnumProblem)) throw e;
      problems.push(`${output.file}: ${e.message}`);
      continue;
    }
    const path = join(root, output.file);
    if (existsSync(path) && readFileSync(path, "utf8") === text) continue;
    stale.push(output.file);
    if (!check) writeFileSync(path, text);
  }
  return { stale, problems };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const check = args.includes("--check");
  const root = args.find((a) => a !== "--check") ?? ".";
  const { stale, problems } = coreEnums(root, check);
  for (const p of problems) console.error(`core-enums: ${p}`);
  if (check) for (const f of stale) console.error(`core-enums: ${f} differs from the core's enums: \`npm run build\` writes it again`);
  else for (const f of stale) console.log(`core-enums: wrote ${f}`);
  if (problems.length || (check && stale.length)) process.exit(1);
}
