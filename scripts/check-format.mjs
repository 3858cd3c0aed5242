// Format check over tracked source files: no tabs, no trailing blanks, no CR, a final newline,
// lines of at most 160 characters. Prints file:line:col for each finding; exit 1 if any.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const MAX = 160;
const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { encoding: "utf8" })
  .split("\n")
  .filter((f) => /\.(ts|mjs|js|c|h|json|md|sh)$/.test(f) && !f.startsWith("tests/fixtures/"));
let findings = 0;
const report = (file, line, col, message) => {
  findings++;
  console.error(`${file}:${line}:${col}: ${message}`);
};
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    continue; // deleted in the work tree
  }
  if (text.length && !text.endsWith("\n")) report(file, text.split("\n").length, 1, "no newline at end of file");
  text.split("\n").forEach((line, i) => {
    if (line.includes("\r")) report(file, i + 1, line.indexOf("\r") + 1, "carriage return");
    if (line.includes("\t") && !file.endsWith(".md")) report(file, i + 1, line.indexOf("\t") + 1, "tab");
    if (/[ \t]+$/.test(line) && !file.endsWith(".md")) report(file, i + 1, line.trimEnd().length + 1, "trailing blanks");
    if (line.length > MAX && !file.endsWith(".md") && !file.endsWith(".json")) report(file, i + 1, MAX + 1, `line longer than ${MAX}`);
  });
}
if (findings) {
  console.error(`check-format: ${findings} finding(s)`);
  process.exit(1);
}
