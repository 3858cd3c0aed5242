// Lint beyond the type check: text hygiene in the files the project writes, and no
// machine-specific absolute paths in code.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const ROOTS = ["host", "tests", "boards", "scripts", "bench", "assembly"];
const TEXT = /\.(ts|mjs|js|json|md|c|h)$/;
const problems = [];

function walk(dir) {
  let names;
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (TEXT.test(name)) check(path);
  }
}

function check(path) {
  const text = readFileSync(path, "utf8");
  if (text.length && !text.endsWith("\n")) problems.push(`${path}: no newline at end of file`);
  text.split("\n").forEach((line, i) => {
    if (line.endsWith("\r")) problems.push(`${path}:${i + 1}: carriage return line ending`);
    if (/[ \t]+$/.test(line)) problems.push(`${path}:${i + 1}: trailing whitespace`);
    if (/\/work\/|\/home\/[a-z]/.test(line)) problems.push(`${path}:${i + 1}: machine-specific path`);
  });
}

for (const root of ROOTS) walk(root);
if (problems.length) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
