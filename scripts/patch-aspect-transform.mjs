// as-pect 8.1's transform was compiled against AssemblyScript 0.27 with `const enum`
// inlining; AS 0.28 inserted NodeKind.TupleType, shifting every later kind by one.
// Rewrite each inlined `N /* NodeKind.Name */` literal to the installed compiler's value.
import { readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";

const libDir = join("node_modules", "@as-pect", "transform", "lib");
if (!existsSync(libDir)) {
  console.log("patch-aspect-transform: @as-pect/transform not installed, nothing to do");
  process.exit(0);
}
const { NodeKind } = await import("assemblyscript/dist/assemblyscript.js");
let literals = 0;
for (const file of readdirSync(libDir).filter((f) => f.endsWith(".js"))) {
  const path = join(libDir, file);
  const before = readFileSync(path, "utf8");
  const after = before.replace(/\b\d+(\s*\/\*\s*NodeKind\.(\w+)\s*\*\/)/g, (_m, comment, name) => {
    if (!(name in NodeKind)) throw new Error(`patch-aspect-transform: NodeKind.${name} unknown in ${path}`);
    literals++;
    return `${NodeKind[name]}${comment}`;
  });
  if (after !== before) writeFileSync(path, after);
}
console.log(`patch-aspect-transform: ${literals} NodeKind literals set from the installed compiler`);
