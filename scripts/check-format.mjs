// Format check run by `npm run lint`: no tabs, trailing blanks or CRLF in source, a final
// newline, and no machine paths. Lists every problem as file:line and fails if any.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const ROOTS = ["assembly", "host", "tests", "bench", "scripts", "boards"];
const EXTENSIONS = [".ts", ".mjs", ".js", ".c", ".h", ".json", ".md"];
const MACHINE_PATH = new RegExp(["", "work", ""].join("/") + "(wt|main|shared)\\b");

function walk(dir, out) {
  let names;
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (name === "node_modules" || name === "build") continue;
    if (statSync(path).isDirectory()) walk(path, out);
    else if (EXTENSIONS.some((e) => name.endsWith(e))) out.push(path);
  }
  return out;
}

const problems = [];
for (const file of ROOTS.flatMap((r) => walk(r, []))) {
  const text = readFileSync(file, "utf8");
  if (text.length && !text.endsWith("\n")) problems.push(`${file}: no newline at end of file`);
  text.split("\n").forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    if (line.endsWith("\r")) problems.push(`${where}: CRLF line end`);
    else if (/[ \t]+$/.test(line)) problems.push(`${where}: trailing whitespace`);
    if (line.includes("\t") && !file.endsWith(".md")) problems.push(`${where}: tab`);
    if (MACHINE_PATH.test(line)) problems.push(`${where}: machine path`);
  });
}
for (const p of problems) console.error(`format: ${p}`);
process.exit(problems.length ? 1 : 0);
