// Keeps the structure boards/layers.md describes: no import cycle in assembly/ or host/, no
// assembly/ import of a higher layer, and the configuration compiler (host/config/) reaching
// neither the core loader (host/core/) nor the core. One line a finding; exit 1 if any.
// Usage: node scripts/check-layers.mjs [ROOT]   (ROOT holds assembly/, host/, boards/layers.md)
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix } from "node:path";
import { fileURLToPath } from "node:url";

export const LAYERS_FILE = "boards/layers.md";
const TREES = ["assembly", "host"];
const COMPILER = "host/config/";
const COMPILER_MAY_NOT_REACH = [
  ["host/core/", "the core loader (host/core/)"],
  ["assembly/", "the core (assembly/)"],
];

/** Every .ts file (not .d.ts) under the given folders of `root`, by path relative to it. */
export function readSources(root, folders = TREES) {
  const files = new Map();
  const walk = (rel) => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const path = posix.join(rel, name);
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) files.set(path, readFileSync(join(root, path), "utf8"));
    }
  };
  for (const folder of folders) if (existsSync(join(root, folder))) walk(folder);
  return files;
}

// Statements start a line, so commented-out imports (`//`, ` *`) are not read; the names between
// the keyword and `from` are only identifiers, braces, commas and `*`, so `function f(from: ...)`
// is not taken for one.
const STATIC = /^[ \t]*(import|export)(\s+type)?\s+([\w$\s{},*]*?)\s*from\s*(["'])([^"'\n]+)\4/gm;
const BARE = /^[ \t]*import\s*(["'])([^"'\n]+)\1/gm;
const DYNAMIC = /\bimport\(\s*(["'])([^"'\n]+)\1\s*\)/g;

/**
 * The relative imports of a source text: `typeOnly` for `import type`, `export type`, a list whose
 * every name is marked `type`, and `import("...")` (a type position or a lazy load): none of
 * these makes one module need the other while it loads.
 */
export function importsOf(text) {
  const found = [];
  const lineAt = (index) => text.slice(0, index).split("\n").length;
  for (const m of text.matchAll(STATIC)) {
    const names = m[3].replace(/[{}]/g, " ").split(",").map((n) => n.trim()).filter(Boolean);
    const everyNameTyped = m[3].includes("{") && names.length > 0 && names.every((n) => /^type\s/.test(n));
    found.push({ spec: m[5], line: lineAt(m.index), typeOnly: Boolean(m[2]) || everyNameTyped });
  }
  for (const m of text.matchAll(BARE)) found.push({ spec: m[2], line: lineAt(m.index), typeOnly: false });
  for (const m of text.matchAll(DYNAMIC)) found.push({ spec: m[2], line: lineAt(m.index), typeOnly: true });
  return found.filter((i) => i.spec.startsWith("./") || i.spec.startsWith("../"));
}

/** The file a relative import names (AssemblyScript leaves out `.ts`, the host writes it). */
export function resolveImport(files, from, spec) {
  const base = posix.normalize(posix.join(posix.dirname(from), spec));
  for (const candidate of [base, `${base}.ts`, base.replace(/\.js$/, ".ts"), `${base}/index.ts`]) if (files.has(candidate)) return candidate;
  return null;
}

/** Edges `{ from, to, line, typeOnly }` between the files read. */
export function importGraph(files) {
  const edges = [];
  for (const [from, text] of files) {
    for (const i of importsOf(text)) {
      const to = resolveImport(files, from, i.spec);
      if (to && to !== from) edges.push({ from, to, line: i.line, typeOnly: i.typeOnly });
    }
  }
  return edges;
}

/**
 * The table `| layer | folder | holds |` of boards/layers.md: `layers` maps a folder of assembly/
 * (`line`) to its layer number and row; `problems` are findings about the table itself.
 */
export function readLayers(root) {
  const path = join(root, LAYERS_FILE);
  const layers = new Map();
  const problems = [];
  if (!existsSync(path)) return { layers, problems: [`${LAYERS_FILE}: missing; the layer order is its table | layer | folder | holds |`] };
  const rows = readFileSync(path, "utf8").split("\n");
  const cells = (row) => row.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((c) => c.trim());
  const header = rows.findIndex((r) => r.trim().startsWith("|") && /^layer$/i.test(cells(r)[0] ?? "") && /^folder$/i.test(cells(r)[1] ?? ""));
  if (header < 0) return { layers, problems: [`${LAYERS_FILE}: no table with the columns | layer | folder | holds |`] };
  let previous = -Infinity;
  for (let n = header + 2; n < rows.length && rows[n].trim().startsWith("|"); n++) {
    const [layerCell, folderCell] = cells(rows[n]);
    const at = `${LAYERS_FILE}:${n + 1}`;
    const folder = (folderCell ?? "").replace(/`/g, "").replace(/^assembly\//, "").replace(/\/$/, "");
    if (!/^\d+$/.test(layerCell ?? "")) problems.push(`${at}: layer "${layerCell}" is not a number`);
    else if (!/^[\w.-]+$/.test(folder)) problems.push(`${at}: folder "${folderCell}" is not a folder of assembly/`);
    else if (layers.has(folder)) problems.push(`${at}: assembly/${folder}/ is listed twice`);
    else if (Number(layerCell) < previous) problems.push(`${at}: layer ${layerCell} comes after layer ${previous}; rows go lowest first`);
    else {
      layers.set(folder, { layer: Number(layerCell), row: n + 1 });
      previous = Number(layerCell);
    }
  }
  if (layers.size === 0 && problems.length === 0) problems.push(`${LAYERS_FILE}:${header + 1}: the layer table has no rows`);
  return { layers, problems };
}

/** Strongly connected sets of two or more files (Tarjan), each sorted. */
function knots(nodes, next) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const out = [];
  let counter = 0;
  const visit = (v) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const knot = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        knot.push(w);
      } while (w !== v);
      if (knot.length > 1) out.push(knot.sort());
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return out;
}

/** The shortest cycle through `start` inside `knot` (breadth first), as a list that ends where it starts. */
function shortestCycle(start, knot, next) {
  const parent = new Map([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const v = queue.shift();
    for (const w of [...(next.get(v) ?? [])].sort()) {
      if (!knot.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = parent.get(u)) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!parent.has(w)) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/** Every cycle of runtime imports: for each knot, the shortest cycle through each file not yet shown. */
export function cycleFindings(files, edges) {
  const next = new Map();
  for (const e of edges) if (!e.typeOnly) next.set(e.from, (next.get(e.from) ?? new Set()).add(e.to));
  const findings = [];
  for (const knot of knots([...files.keys()].sort(), next)) {
    const inKnot = new Set(knot);
    const shown = new Set();
    for (const file of knot) {
      if (shown.has(file)) continue;
      const cycle = shortestCycle(file, inKnot, next);
      cycle.forEach((f) => shown.add(f));
      findings.push(`cycle: ${cycle.join(" → ")}`);
    }
  }
  return findings;
}

const layerFolder = (file) => (file.startsWith("assembly/") ? (file.split("/").length > 2 ? file.split("/")[1] : "") : null);

/** assembly/ imports against the layer order (type-only or not: a lower layer may not know a higher one). */
export function layerFindings(files, edges, layers) {
  const findings = [];
  if (layers.size === 0) return findings; // the table's own finding says why
  const unlisted = new Set();
  for (const file of files.keys()) {
    const folder = layerFolder(file);
    if (folder && !layers.has(folder) && !unlisted.has(folder)) {
      unlisted.add(folder);
      findings.push(`assembly/${folder}/ is not in ${LAYERS_FILE}: every folder of assembly/ is a layer of its table`);
    }
  }
  const folders = new Set([...files.keys()].map(layerFolder).filter(Boolean));
  for (const [folder, { row }] of layers) {
    if (!folders.has(folder)) findings.push(`${LAYERS_FILE}:${row}: assembly/${folder}/ holds no source file`);
  }
  for (const e of edges) {
    const from = layerFolder(e.from);
    const to = layerFolder(e.to);
    if (from === null || to === null) continue;
    if (to === "") {
      findings.push(`${e.from}:${e.line} imports ${e.to}: the module's entry (assembly/*.ts) is imported by no layer`);
      continue;
    }
    if (from === "" || from === to || !layers.has(from) || !layers.has(to)) continue;
    const a = layers.get(from).layer;
    const b = layers.get(to).layer;
    if (b > a) findings.push(`${e.from}:${e.line} imports ${e.to}: ${from} (layer ${a}) may not import ${to} (layer ${b}), a higher layer in ${LAYERS_FILE}`);
  }
  return findings;
}

/** What the configuration compiler reaches, directly or through other host files, of the loader or the core. */
export function compilerFindings(files, edges) {
  const next = new Map();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e]);
  const sources = [...files.keys()].filter((f) => f.startsWith(COMPILER)).sort();
  // Breadth first from every compiler file at once; `reachedBy` keeps the import that first reached a file.
  const reachedBy = new Map(sources.map((f) => [f, null]));
  const queue = [...sources];
  const findings = [];
  while (queue.length) {
    for (const e of next.get(queue.shift()) ?? []) {
      if (reachedBy.has(e.to)) continue;
      reachedBy.set(e.to, e);
      const rule = COMPILER_MAY_NOT_REACH.find(([prefix]) => e.to.startsWith(prefix));
      if (!rule) {
        queue.push(e.to);
        continue;
      }
      const why = `the configuration compiler (${COMPILER}) may not import ${rule[1]}`;
      if (e.from.startsWith(COMPILER)) {
        findings.push(`${e.from}:${e.line} imports ${e.to}: ${why}`);
        continue;
      }
      const chain = [e.to];
      for (let u = e.from; u; u = reachedBy.get(u)?.from) chain.unshift(u);
      findings.push(`${chain[0]} reaches ${e.to} through ${chain.slice(1, -1).join(" → ")} (${e.from}:${e.line}): ${why}`);
    }
  }
  return findings;
}

/** Every finding for the tree at `root`, with the counts for the summary line. */
export function checkLayers(root) {
  const files = readSources(root);
  const edges = importGraph(files);
  const { layers, problems } = readLayers(root);
  const findings = [...problems, ...cycleFindings(files, edges), ...layerFindings(files, edges, layers), ...compilerFindings(files, edges)];
  return { findings, files: files.size, imports: edges.length, layers: layers.size };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = process.argv[2] ?? ".";
  const { findings, files, imports, layers } = checkLayers(root);
  for (const f of findings) console.error(f);
  if (findings.length) {
    console.error(`check-layers: ${findings.length} finding(s) in ${files} files, ${imports} imports`);
    process.exit(1);
  }
  console.log(`check-layers: ${files} files, ${imports} imports, ${layers} layers: no cycle, no import against ${LAYERS_FILE}`);
}
