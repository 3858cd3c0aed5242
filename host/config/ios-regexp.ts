// The IOS regular-expression subset used to pick chat scripts by name (`script callback REGEXP`):
// literals, `.`, `*`, `+`, `?`, bracket sets with ranges and `^` negation, `^` and `$` anchors,
// `(...)` groups, `|` alternation and `\` to take the next character literally. Like IOS it
// matches anywhere in the name unless anchored. Not supported: `_` (the BGP path delimiter),
// `{m,n}` counts, back-references; `_`, `{` and `}` are taken as literal characters.

export type RegexpResult = { ok: true; regexp: RegExp } | { ok: false; offset: number; message: string };

const PASS = new Set([".", "*", "+", "?", "^", "$", "|"]);

export function compileIosRegexp(source: string): RegexpResult {
  let out = "";
  let depth = 0;
  const opens: number[] = [];
  let canRepeat = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === "\\") {
      if (i + 1 >= source.length) return { ok: false, offset: i, message: "regular expression ends with a backslash" };
      out += escapeLiteral(source[++i]);
      canRepeat = true;
    } else if (ch === "[") {
      const end = findSetEnd(source, i);
      if (end < 0) return { ok: false, offset: i, message: "unterminated [ in regular expression" };
      const body = source.slice(i + 1, end);
      out += "[" + body.replace(/[\\\]]/g, (c) => "\\" + c) + "]";
      i = end;
      canRepeat = true;
    } else if (ch === "(") {
      depth++;
      opens.push(i);
      out += "(?:";
      canRepeat = false;
    } else if (ch === ")") {
      if (depth === 0) return { ok: false, offset: i, message: "unbalanced ) in regular expression" };
      depth--;
      opens.pop();
      out += ")";
      canRepeat = true;
    } else if (ch === "*" || ch === "+" || ch === "?") {
      if (!canRepeat) return { ok: false, offset: i, message: `"${ch}" has nothing to repeat` };
      out += ch;
      canRepeat = false;
    } else if (PASS.has(ch)) {
      out += ch;
      canRepeat = ch === ".";
    } else {
      out += escapeLiteral(ch);
      canRepeat = true;
    }
  }
  if (depth > 0) return { ok: false, offset: opens[opens.length - 1], message: "unbalanced ( in regular expression" };
  try {
    return { ok: true, regexp: new RegExp(out) };
  } catch (e) {
    return { ok: false, offset: 0, message: `bad regular expression (${(e as Error).message})` };
  }
}

// A set runs to the first `]` that is not its first member.
function findSetEnd(source: string, open: number): number {
  let i = open + 1;
  if (source[i] === "^") i++;
  if (source[i] === "]") i++;
  while (i < source.length && source[i] !== "]") i++;
  return i < source.length ? i : -1;
}

function escapeLiteral(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? "\\" + ch : ch;
}
