// The IOS regular expressions that pick chat scripts by name (`script callback REGEXP`): literals,
// `.`, `*`, `+`, `?`, bracket sets with ranges, `^` negation and `\` quoting, `^` and `$`
// anchors, `(...)` groups, `|` alternation, `\` to take the next character literally, and `_`:
// a comma, brace, parenthesis or space, or the start or end of the name (Cisco's "Regular
// Expressions" appendix). Like IOS it matches anywhere in the name unless anchored. Not
// supported: `{m,n}` counts and back-references; `{` and `}` are literal characters.
//
// The choice is made here, at compile time: the image names the chosen script. The expression
// runs as a Pike VM (every alternative in step, no backtracking), so `(a*)*b` takes time in
// proportion to the name, not exponential in it.

export interface IosRegexp {
  /** Whether the expression matches anywhere in `name`. */
  test(name: string): boolean;
}

export type RegexpResult = { ok: true; regexp: IosRegexp } | { ok: false; offset: number; message: string };

/** What `_` matches besides the start and the end of the name. */
const DELIMITERS = new Set([",", "{", "}", "(", ")", " "]);

type Instruction =
  | { op: "char"; accepts: (c: string) => boolean }
  | { op: "split"; to: number; alt: number }
  | { op: "jump"; to: number }
  | { op: "start" } // zero width: the start of the name
  | { op: "end" } // zero width: the end of the name
  | { op: "edge" } // zero width: either end (the zero-width half of `_`)
  | { op: "match" };

class SyntaxProblem extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** Compiles `source` or says what is wrong with it and at which character (0-based). */
export function compileIosRegexp(source: string): RegexpResult {
  try {
    const code = new Parser(source).program();
    return { ok: true, regexp: { test: (name) => runs(code, name) } };
  } catch (e) {
    if (e instanceof SyntaxProblem) return { ok: false, offset: e.offset, message: e.message };
    throw e;
  }
}

// Recursive descent straight to code: alternation > concatenation > repetition > atom.
class Parser {
  private pos = 0;
  private readonly code: Instruction[] = [];
  private readonly opens: number[] = [];

  constructor(private readonly src: string) {}

  program(): Instruction[] {
    this.alternation();
    if (this.pos < this.src.length) throw new SyntaxProblem(this.pos, "unbalanced ) in regular expression");
    this.code.push({ op: "match" });
    return this.code;
  }

  private alternation(): void {
    const start = this.code.length;
    this.concatenation();
    if (this.src[this.pos] !== "|") return;
    this.pos++;
    // start: split start+1, rest ; first ; jump end ; rest: (itself an alternation)
    this.insert(start, { op: "split", to: 1, alt: 0 });
    const jump = this.code.length;
    this.code.push({ op: "jump", to: 0 });
    const rest = this.code.length;
    this.alternation();
    this.code[start] = { op: "split", to: start + 1, alt: rest };
    this.code[jump] = { op: "jump", to: this.code.length };
  }

  private concatenation(): void {
    while (this.pos < this.src.length && this.src[this.pos] !== "|" && this.src[this.pos] !== ")") this.repetition();
  }

  private repetition(): void {
    const start = this.code.length;
    const repeatable = this.atom();
    const q = this.src[this.pos];
    if (q !== "*" && q !== "+" && q !== "?") return;
    if (!repeatable) throw new SyntaxProblem(this.pos, `"${q}" has nothing to repeat`);
    this.pos++;
    if (q === "*") {
      // start: split body, out ; body ; jump start ; out:
      this.insert(start, { op: "split", to: 0, alt: 0 });
      this.code.push({ op: "jump", to: start });
      this.code[start] = { op: "split", to: start + 1, alt: this.code.length };
    } else if (q === "+") {
      this.code.push({ op: "split", to: start, alt: this.code.length + 1 });
    } else {
      this.insert(start, { op: "split", to: 0, alt: 0 });
      this.code[start] = { op: "split", to: start + 1, alt: this.code.length };
    }
    const again = this.src[this.pos];
    if (again === "*" || again === "+" || again === "?") throw new SyntaxProblem(this.pos, `"${again}" has nothing to repeat`);
  }

  /** Emits one atom; false for an anchor, which nothing may repeat. */
  private atom(): boolean {
    const at = this.pos;
    const c = this.src[this.pos++];
    switch (c) {
      case "(": {
        this.opens.push(at);
        this.alternation();
        if (this.src[this.pos] !== ")") throw new SyntaxProblem(this.opens[this.opens.length - 1], "unbalanced ( in regular expression");
        this.opens.pop();
        this.pos++;
        return true;
      }
      case ")":
        throw new SyntaxProblem(at, "unbalanced ) in regular expression");
      case "*":
      case "+":
      case "?":
        throw new SyntaxProblem(at, `"${c}" has nothing to repeat`);
      case "[":
        this.code.push({ op: "char", accepts: this.set(at) });
        return true;
      case ".":
        this.code.push({ op: "char", accepts: () => true });
        return true;
      case "^":
        this.code.push({ op: "start" });
        return false;
      case "$":
        this.code.push({ op: "end" });
        return false;
      case "_": {
        // split delimiter, edge ; delimiter ; jump out ; edge ; out:
        const split = this.code.length;
        this.code.push({ op: "split", to: split + 1, alt: split + 3 });
        this.code.push({ op: "char", accepts: (ch) => DELIMITERS.has(ch) });
        this.code.push({ op: "jump", to: split + 4 });
        this.code.push({ op: "edge" });
        return true;
      }
      case "\\": {
        if (this.pos >= this.src.length) throw new SyntaxProblem(at, "regular expression ends with a backslash");
        const literal = this.src[this.pos++];
        this.code.push({ op: "char", accepts: (ch) => ch === literal });
        return true;
      }
      default:
        this.code.push({ op: "char", accepts: (ch) => ch === c });
        return true;
    }
  }

  // A set after its `[`: `^` first negates, `]` first (after `^`) is a member, `\` quotes the next
  // character, `a-z` is a range unless `-` comes first or last.
  private set(open: number): (c: string) => boolean {
    const ranges: [string, string][] = [];
    const negate = this.src[this.pos] === "^";
    if (negate) this.pos++;
    for (let first = true; ; first = false) {
      if (this.pos >= this.src.length) throw new SyntaxProblem(open, "unterminated [ in regular expression");
      const from = this.pos;
      let lo = this.src[this.pos++];
      if (lo === "]" && !first) break;
      if (lo === "\\") {
        if (this.pos >= this.src.length) throw new SyntaxProblem(open, "unterminated [ in regular expression");
        lo = this.src[this.pos++];
      }
      let hi = lo;
      if (this.src[this.pos] === "-" && this.pos + 1 < this.src.length && this.src[this.pos + 1] !== "]") {
        this.pos++;
        hi = this.src[this.pos++];
        if (hi === "\\") {
          if (this.pos >= this.src.length) throw new SyntaxProblem(open, "unterminated [ in regular expression");
          hi = this.src[this.pos++];
        }
        if (hi < lo) throw new SyntaxProblem(from, `range ${lo}-${hi} is backwards in regular expression`);
      }
      ranges.push([lo, hi]);
    }
    return (c) => ranges.some(([lo, hi]) => c >= lo && c <= hi) !== negate;
  }

  // Opens a slot at `at` for the instruction that leads into the code from `at` on, which moves
  // down one. A target past `at` moves with it; a target of `at` itself moves when it is aimed
  // from inside the moved code (a loop back to its own start) and stays, to lead in, from before.
  private insert(at: number, ins: Instruction): void {
    const moved = (target: number, from: number) => (target > at || (target === at && from >= at) ? target + 1 : target);
    this.code.forEach((i, from) => {
      if (i.op === "split") {
        i.to = moved(i.to, from);
        i.alt = moved(i.alt, from);
      } else if (i.op === "jump") i.to = moved(i.to, from);
    });
    this.code.splice(at, 0, ins);
  }
}

/** Runs the program over `name`, a new attempt starting at every position (the search is unanchored). */
function runs(code: Instruction[], name: string): boolean {
  const mark = new Int32Array(code.length).fill(-1);
  let current: number[] = [];
  // Adds the thread at `pc` and everything it reaches without reading a character at `at`.
  const add = (list: number[], pc: number, at: number, step: number): boolean => {
    const stack = [pc];
    while (stack.length) {
      const p = stack.pop() as number;
      if (mark[p] === step) continue;
      mark[p] = step;
      const ins = code[p];
      if (ins.op === "match") return true;
      if (ins.op === "jump") stack.push(ins.to);
      else if (ins.op === "split") stack.push(ins.alt, ins.to);
      else if (ins.op === "start") {
        if (at === 0) stack.push(p + 1);
      } else if (ins.op === "end") {
        if (at === name.length) stack.push(p + 1);
      } else if (ins.op === "edge") {
        if (at === 0 || at === name.length) stack.push(p + 1);
      } else list.push(p);
    }
    return false;
  };
  for (let at = 0; at <= name.length; at++) {
    if (add(current, 0, at, at)) return true;
    if (at === name.length) break;
    const next: number[] = [];
    for (const p of current) {
      const ins = code[p];
      if (ins.op === "char" && ins.accepts(name[at]) && add(next, p + 1, at + 1, at + 1)) return true;
    }
    current = next;
  }
  return false;
}
