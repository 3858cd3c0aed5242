// Parses the body of one Hayes command line (the text after "AT") into commands.
// Pure: no modem state. A malformed line is one error and nothing of it runs (V.250 §5.2.4).

export type AtCommand =
  | { kind: "basic"; letter: string; value: number | null }
  | { kind: "ampersand"; letter: string; value: number | null }
  | { kind: "sSet"; register: number; value: number }
  | { kind: "sQuery"; register: number }
  | { kind: "dial"; number: string; modifiers: string; returnToCommand: boolean; pulse: boolean | null }
  | { kind: "ignored"; text: string };

export interface ParseError {
  error: string;
  at: number;
}

// Letters that take an optional decimal argument.
const BASIC = new Set(["A", "E", "H", "I", "L", "M", "N", "O", "P", "Q", "T", "V", "W", "X", "Y", "Z", "B", "C"]);
// &H, &I, &N, &U and &A are US Robotics' (flow control, rate limits, ARQ codes): in their init strings.
const AMPERSAND = new Set(["F", "C", "D", "S", "K", "W", "V", "Y", "G", "Q", "B", "M", "T", "P", "R", "H", "I", "N", "U", "A", "E", "L", "X"]);
const DIAL_DIGITS = /[0-9*#A-D]/;

export function parseCommandLine(body: string): AtCommand[] | ParseError {
  const out: AtCommand[] = [];
  let i = 0;
  const up = body.toUpperCase();
  const skipSpaces = () => {
    while (i < up.length && up[i] === " ") i++;
  };
  const number = (): number | null => {
    skipSpaces();
    const start = i;
    while (i < up.length && up[i] >= "0" && up[i] <= "9") i++;
    return i > start ? Number(up.slice(start, i)) : null;
  };
  for (;;) {
    skipSpaces();
    if (i >= up.length) return out;
    const c = up[i++];
    if (c === "D") {
      const dial = parseDial(up.slice(i));
      if ("error" in dial) return { error: dial.error, at: i + dial.at };
      out.push(dial);
      return out; // the dial string runs to the end of the line
    }
    if (c === "S") {
      const register = number();
      if (register === null || register > 255) return { error: "S register number", at: i };
      skipSpaces();
      if (up[i] === "?") {
        i++;
        out.push({ kind: "sQuery", register });
        continue;
      }
      if (up[i] !== "=") return { error: "expected = or ? after S register", at: i };
      i++;
      const value = number();
      if (value === null || value > 255) return { error: "S register value 0-255", at: i };
      out.push({ kind: "sSet", register, value });
      continue;
    }
    if (c === "&") {
      skipSpaces();
      const letter = up[i++];
      if (letter === undefined || !AMPERSAND.has(letter)) return { error: `unknown &${letter ?? ""}`, at: i - 1 };
      out.push({ kind: "ampersand", letter, value: number() });
      continue;
    }
    if (c === "\\" || c === "%") {
      // Vendor extensions seen in init strings (\N3, %C0): accepted, no effect here.
      skipSpaces();
      const letter = up[i++];
      if (letter === undefined || !/[A-Z]/.test(letter)) return { error: `bad ${c} command`, at: i - 1 };
      const value = number();
      out.push({ kind: "ignored", text: `${c}${letter}${value ?? ""}` });
      continue;
    }
    if (c === "+") {
      // Extended-syntax commands (V.250 §5.4): accepted up to the next ';'.
      const end = up.indexOf(";", i);
      const text = up.slice(i - 1, end < 0 ? up.length : end);
      i = end < 0 ? up.length : end + 1;
      out.push({ kind: "ignored", text });
      continue;
    }
    if (BASIC.has(c)) {
      out.push({ kind: "basic", letter: c, value: number() });
      continue;
    }
    return { error: `unknown command ${c}`, at: i - 1 };
  }
}

/** Dial string: digits, T/P (tone/pulse), W and ',' (wait), '@', '!', trailing ';'. */
function parseDial(text: string): Extract<AtCommand, { kind: "dial" }> | ParseError {
  let digits = "";
  let modifiers = "";
  let pulse: boolean | null = null;
  let returnToCommand = false;
  for (let j = 0; j < text.length; j++) {
    const ch = text[j];
    if (DIAL_DIGITS.test(ch)) digits += ch;
    else if (ch === "T") pulse = false;
    else if (ch === "P") pulse = true;
    else if (ch === ";" && j === text.trimEnd().length - 1) returnToCommand = true;
    else if (",W@!R".includes(ch)) modifiers += ch;
    else if (" -()./".includes(ch)) continue; // punctuation people write in numbers
    else return { error: `bad dial character ${ch}`, at: j };
  }
  return { kind: "dial", number: digits, modifiers, returnToCommand, pulse };
}

export function isParseError(x: AtCommand[] | ParseError): x is ParseError {
  return !Array.isArray(x);
}
