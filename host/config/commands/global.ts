// Global configuration commands (ios-reference.md, "Global"), one descriptor each.

import { ApplyContext, Command, ifname, ipv4, kw, num, opt, rest, Value, word } from "../grammar.ts";
import { ipv4Number } from "./address.ts";
import { ConfigModel, LineKind, LINE_RANGES } from "../model.ts";
import type { Token } from "../tokens.ts";
import { allowedPatternProblem } from "../allowed-pattern.ts";
import { claimUserAttribute, readSecret, userFor } from "./shared.ts";
import { fitsBytes, fitsImage, LIMITS } from "../limits.ts";
import { checkDialNumber, dialProblemText, dialRulesOf, DIAL_MAX_LENGTH, DIAL_MODIFIERS } from "../dial-number.ts";
import { pppCallbackLines, warnCallbackLegs } from "../callback-legs.ts";
import { hasCallback, warnNoCallbackScript, noteNoDialstring, warnNoExecCallback } from "../late-checks.ts";
import { parseModemcapEntry } from "../modemcap.ts";

const g = (words: string[], args: Command["args"], apply: Command["apply"], extra: Partial<Command> = {}): Command => ({
  mode: "global",
  words,
  args,
  apply,
  ...extra,
});

export const FORCED_WAIT_MAX = 120;
export const ROTARY_MAX = 100;
/** Failures `login block-for` can count: the core remembers that many (IOS takes up to 65535). */
export const LOGIN_ATTEMPTS_MAX = 255;

function lineRange(ctx: ApplyContext, kind: LineKind, first: Value, last: Value | undefined): [number, number] | null {
  const [lo, hi] = LINE_RANGES[kind];
  for (const v of [first, last]) {
    if (v && (v.num < lo || v.num > hi)) {
      ctx.diags.error(v.tok.loc, `${kind} line ${v.num} does not exist: ${kind} lines are ${lo}-${hi}`);
      return null;
    }
  }
  if (last && last.num < first.num) {
    ctx.diags.error(last.tok.loc, `line range ${first.num} ${last.num} ends before it starts`);
    return null;
  }
  return [first.num, last ? last.num : first.num];
}

function noteDialExtension(ctx: ApplyContext): void {
  const note = '"callback dialstring" is a dialback extension against dial-string injection, not an IOS command';
  ctx.diags.noteOnce("extension:callback dialstring", ctx.first.loc, note);
}

// `, W P T` in any grouping (`,W` is one word), or `none`; null (the default kept) after an error.
function readModifiers(ctx: ApplyContext, words: Token[]): string | null {
  if (words.length === 1 && words[0].text.toLowerCase() === "none") return "";
  const chosen = new Set<string>();
  for (const w of words) {
    for (let k = 0; k < w.text.length; k++) {
      const c = w.text[k].toUpperCase();
      if (!(DIAL_MODIFIERS as readonly string[]).includes(c)) {
        const at = { ...w.loc, col: w.loc.col + k + (w.quoted ? 1 : 0), width: 1 };
        ctx.diags.error(at, `"${w.text[k]}" is not a dial modifier: expected , W P T, or none`);
        return null;
      }
      chosen.add(c);
    }
  }
  return DIAL_MODIFIERS.filter((c) => chosen.has(c)).join("");
}

// A configured number meets the dial alphabet the core applies before dialling (checked once
// the whole file, with its `callback dialstring` rules, is read).
function checkConfiguredNumber(ctx: ApplyContext, d: Value, m: ConfigModel): void {
  const rules = dialRulesOf(m);
  const check = checkDialNumber(d.text, rules);
  if (check.ok) return;
  const at = check.problem === "empty" ? d.tok.loc : { ...d.tok.loc, col: d.tok.loc.col + check.offset + (d.tok.quoted ? 1 : 0), width: 1 };
  ctx.diags.error(at, dialProblemText(d.text, check, rules));
}

export const globalCommands: Command[] = [
  g(["hostname"], [word("name", "a host name")], (ctx, v) => {
    if (!ctx.negated && !fitsImage(ctx, v.name as Value, "a host name")) return;
    ctx.model.hostname = ctx.negated ? null : (v.name as Value).text;
  }),
  g(["service", "exec-callback"], [], (ctx) => {
    ctx.model.service.execCallback = !ctx.negated;
  }),
  g(["service", "password-encryption"], [], (ctx) => {
    ctx.model.service.passwordEncryption = !ctx.negated;
  }),
  g(
    ["username"],
    [
      word("name", "a user name"),
      {
        kind: "options",
        options: [
          { keyword: "privilege", args: [num("privilege", "a privilege level", 0, 15)] },
          { keyword: "callback-dialstring", args: [word("dialstring", 'a dial string ("" = the user gives it)')] },
          { keyword: "callback-rotary", args: [num("rotary", "a rotary group", 1, ROTARY_MAX)] },
          {
            keyword: "callback-line",
            args: [opt(kw("lineKind", "tty", "aux")), num("lineFirst", "a line number", 0, 63), opt(num("lineLast", "a line number", 0, 63))],
          },
          { keyword: "nocallback-verify", args: [] },
          { keyword: "callback-allowed-pattern", args: [word("pattern", "a regular expression over dial strings")], extension: true },
          { keyword: "autocommand", args: [rest("autocommand", "a command")] },
          { keyword: "password", args: [opt(kw("passwordType", "0", "7")), rest("password", "a password")] },
        ],
      },
    ],
    (ctx, v) => {
      const name = (v.name as Value).text;
      if (ctx.negated) {
        ctx.model.users = ctx.model.users.filter((u) => u.name !== name);
        return;
      }
      if (name === "") {
        ctx.diags.error((v.name as Value).tok.loc, "a user name cannot be empty");
        return;
      }
      if (!fitsBytes(ctx, v.name as Value, LIMITS.userNameBytes, "a user name", "the core's user table")) return;
      const user = userFor(ctx, name, v.name as Value);
      // Each value must fit the core's user table (limits.ts); one that does not is reported and left out.
      const fits = (key: string, max: number, what: string) => fitsBytes(ctx, v[key] as Value, max, what, "the core's user table");
      const claim = (attribute: string, key: string) => v[key] !== undefined && claimUserAttribute(ctx, name, attribute, v[key] as Value);
      if (claim("privilege", "privilege")) user.privilege = (v.privilege as Value).num;
      if (claim("callback-dialstring", "callback-dialstring") && fits("dialstring", LIMITS.dialstringBytes, "a callback dial string")) {
        const d = v.dialstring as Value;
        user.callbackDialstring = d.text;
        if (d.text !== "") ctx.later((m) => checkConfiguredNumber(ctx, d, m));
      }
      if (claim("callback-rotary", "callback-rotary")) {
        const r = v.rotary as Value;
        user.callbackRotary = r.num;
        ctx.later((m) => {
          // Only TTY lines dial, so only they make a rotary group the core knows.
          const members = m.lines.filter((l) => l.kind === "tty" && l.rotary === r.num).map((l) => l.number);
          if (members.length === 0) ctx.diags.error(r.tok.loc, `rotary group ${r.num} has no lines (no TTY line has "rotary ${r.num}")`);
          else warnCallbackLegs(m, ctx.diags, r.tok.loc, members, pppCallbackLines(m));
        });
      }
      if (claim("callback-line", "callback-line")) {
        const kind = (v.lineKind?.text ?? "tty") as "tty" | "aux";
        const range = lineRange(ctx, kind, v.lineFirst as Value, v.lineLast);
        // The core dials only on TTY lines (the aux line has no port in the image): refused rather than
        // accepted and ignored (the callback would leave on the incoming line).
        if (range && kind === "aux") {
          const note = "the core dials callbacks on TTY lines only (the aux line has no port here): use \"callback-line N\" or \"callback-rotary R\"";
          ctx.diags.error((v.lineKind as Value).tok.loc, `callback-line aux ${range[0]}: ${note}`);
        } else if (range) {
          user.callbackLine = { kind, first: range[0], last: range[1] };
          const at = v.lineFirst as Value;
          ctx.later((m) => {
            for (let n = range[0]; n <= range[1]; n++) {
              if (!m.lines.some((l) => l.kind === kind && l.number === n)) {
                const name = `${kind === "tty" ? "" : "aux "}${n}`;
                ctx.diags.error(at.tok.loc, `callback line ${name} is not configured (no "line ${name}")`);
                return;
              }
            }
            const ttys = [...Array(range[1] - range[0] + 1).keys()].map((k) => range[0] + k);
            if (kind === "tty") warnCallbackLegs(m, ctx.diags, at.tok.loc, ttys, pppCallbackLines(m));
          });
        }
      }
      // Accepted now, failing when the user calls: no callback script on its lines, EXEC callback off.
      const callbackWord = v["callback-dialstring"] ?? v["callback-rotary"] ?? v["callback-line"];
      if (callbackWord && !ctx.memo.has(`user:${name}:late`)) {
        ctx.memo.set(`user:${name}:late`, true);
        const said = (ctx.memo.get("late:no-script") as Set<string> | undefined) ?? new Set<string>();
        ctx.memo.set("late:no-script", said);
        ctx.later((m) => {
          const u = m.users.find((x) => x.name === name);
          if (u && hasCallback(u)) warnNoCallbackScript(m, ctx.diags, callbackWord.tok.loc, u, said);
          if (u) noteNoDialstring(ctx.diags, callbackWord.tok.loc, u);
        });
      }
      const dialWord = v["callback-dialstring"];
      if (dialWord && !ctx.memo.has("late:exec-callback")) {
        ctx.memo.set("late:exec-callback", true);
        ctx.later((m) => warnNoExecCallback(m, ctx.diags, dialWord.tok.loc));
      }
      if (claim("nocallback-verify", "nocallback-verify")) user.nocallbackVerify = true;
      if (claim("callback-allowed-pattern", "callback-allowed-pattern")) {
        const p = v.pattern as Value;
        const r = allowedPatternProblem(p.text);
        if (r) ctx.diags.error({ ...p.tok.loc, col: p.tok.loc.col + r.offset + (p.tok.quoted ? 1 : 0), width: 1 }, r.message);
        else if (fits("pattern", LIMITS.patternBytes, "a callback-allowed-pattern")) user.callbackAllowedPattern = p.text;
        ctx.diags.noteOnce("extension:callback-allowed-pattern", p.tok.loc, '"callback-allowed-pattern" is a dialback extension, not an IOS keyword');
      }
      if (claim("autocommand", "autocommand") && fitsImage(ctx, v.autocommand as Value, "an autocommand")) user.autocommand = (v.autocommand as Value).text;
      if (claim("password", "password")) {
        const secret = readSecret(ctx, v, "passwordType", "password");
        // PAP and CHAP check the clear text, so its length counts (a type 7 form is longer).
        const clear = { ...(v.password as Value), text: secret?.text ?? "" };
        if (secret && fitsBytes(ctx, clear, LIMITS.secretBytes, "a password", "the core's user table")) user.password = secret;
      }
    },
    { noArgs: 1, wraps: "options" },
  ),
  // Kept as written (show running-config prints it, modemcapTable reads it); checked here so a typo is named at its line.
  g(["modemcap", "entry"], [rest("entry", "NAME:ATTRIBUTE=VALUE...")], (ctx, v) => {
    const text = ((v.entry as Value).words ?? []).map((w) => w.text).join(" ");
    const parsed = parseModemcapEntry(text);
    if ("error" in parsed) {
      if (!ctx.negated) ctx.diags.error((v.entry as Value).tok.loc, `modemcap entry ${text}: ${parsed.error}`);
      if (!ctx.negated) return;
    }
    const name = "name" in parsed ? parsed.name : text.split(":")[0];
    const same = (e: { text: string }) => /^modemcap\s+entry\s+/i.test(e.text) && e.text.replace(/^modemcap\s+entry\s+/i, "").split(":")[0] === name;
    ctx.model.extras = ctx.model.extras.filter((e) => !same(e));
    if (!ctx.negated) ctx.model.extras.push({ text: ctx.raw, opensBlock: false, block: [] });
  }, { noArgs: 1 }),
  g(["chat-script"], [word("name", "a script name"), rest("script", "expect-send words")], (ctx, v) => {
    const name = v.name as Value;
    if (ctx.negated) {
      ctx.model.chatScripts = ctx.model.chatScripts.filter((s) => s.name !== name.text);
      return;
    }
    const key = `chat:${name.text}`;
    const earlier = ctx.memo.get(key);
    if (earlier !== undefined) {
      ctx.diags.error(name.tok.loc, `duplicate chat-script "${name.text}" (first defined on line ${earlier})`);
      return;
    }
    if (!/^[\x21-\x7e]{1,255}$/.test(name.text)) {
      ctx.diags.error(name.tok.loc, "a chat-script name is 1-255 printable ASCII characters without spaces");
      return;
    }
    if (!fitsBytes(ctx, name, LIMITS.chatScriptNameBytes, "a chat-script name", "the core's chat engine")) return;
    const words = (v.script as Value).words ?? [];
    if (words.length > LIMITS.chatScriptWords) {
      const most = LIMITS.chatScriptWords;
      ctx.diags.error(words[most].loc, `a chat-script of ${words.length} words; the configuration image holds at most ${most}`);
      return;
    }
    ctx.memo.set(key, name.tok.loc.line);
    ctx.model.chatScripts.push({ name: name.text, tokens: ((v.script as Value).words ?? []).map((t) => t.text) });
  }, { noArgs: 1, wraps: "words" }),
  g(["ip", "local", "pool"], [word("name", "a pool name"), opt(ipv4("first", "the first address"), opt(ipv4("last", "the last address")))], (ctx, v) => {
    const name = (v.name as Value).text;
    const pools = ctx.model.pools;
    if (ctx.negated) {
      if (!v.first) ctx.model.pools = pools.filter((p) => p.name !== name);
      else {
        const pool = pools.find((p) => p.name === name);
        if (pool) pool.ranges = pool.ranges.filter((r) => r.first !== v.first?.text);
        ctx.model.pools = ctx.model.pools.filter((p) => p.ranges.length > 0);
      }
      return;
    }
    const first = v.first;
    if (!first) {
      const at = (v.name as Value).tok.loc;
      ctx.diags.error({ line: at.line, col: at.col + at.width + 1, width: 1 }, 'incomplete command "ip local pool": expected the first address');
      return;
    }
    if (!fitsImage(ctx, v.name as Value, "a pool name")) return;
    if (name === "") {
      ctx.diags.error((v.name as Value).tok.loc, "a pool name cannot be empty");
      return;
    }
    const last = v.last ?? first;
    if (ipv4Number(last.text) < ipv4Number(first.text)) {
      ctx.diags.error(last.tok.loc, `pool range ${first.text} ${last.text} ends before it starts`);
      return;
    }
    let pool = pools.find((p) => p.name === name);
    if (!pool) {
      pool = { name, ranges: [] };
      pools.push(pool);
    }
    // Image section 11 counts a pool's ranges in one octet.
    if (pool.ranges.length >= 255) {
      ctx.diags.error(first.tok.loc, `pool ${name} has 255 ranges already (the most the image holds)`);
      return;
    }
    pool.ranges.push({ first: first.text, last: last.text });
  }, { noArgs: 1 }),
  g(["appletalk", "routing"], [], (ctx) => {
    ctx.model.appletalkRouting = !ctx.negated;
  }),
  g(["arap", "callback"], [], (ctx) => {
    ctx.model.arap.callback = !ctx.negated;
  }),
  g(["arap", "network"], [num("network", "an AppleTalk network number", 1, 65279), rest("zone", "a zone name")], (ctx, v) => {
    if (!ctx.negated && !fitsImage(ctx, v.zone as Value, "a zone name")) return;
    ctx.model.arap.network = ctx.negated ? null : { number: (v.network as Value).num, zone: (v.zone as Value).text };
  }),
  g(
    ["arap", "key-layout"],
    [kw("layout", "as-is", "shifted")],
    (ctx, v) => {
      ctx.model.arap.keyLayout = ctx.negated || v.layout?.text === "as-is" ? "as-is" : "shifted";
      ctx.diags.noteOnce(
        "extension:arap key-layout",
        ctx.first.loc,
        '"arap key-layout" is a dialback extension: how ARAP passwords become DES keys is not publicly documented',
      );
    },
    { extension: true, noArgs: 1 },
  ),
  g(["callback", "forced-wait"], [num("seconds", "seconds", 0, FORCED_WAIT_MAX)], (ctx, v) => {
    ctx.model.callback.forcedWait = ctx.negated ? null : (v.seconds as Value).num;
  }),
  g(["callback", "nodsr-wait"], [num("ms", "milliseconds", 0, 65535)], (ctx, v) => {
    ctx.model.callback.nodsrWait = ctx.negated ? null : (v.ms as Value).num;
  }),
  g(
    ["callback", "retry"],
    [num("count", "retries", 1, 10), num("gap", "seconds between attempts", 1, 3600)],
    (ctx, v) => {
      ctx.model.callback.retry = ctx.negated ? null : { count: (v.count as Value).num, gapSeconds: (v.gap as Value).num };
      ctx.diags.noteOnce("extension:callback retry", ctx.first.loc, '"callback retry" is a dialback extension, not an IOS command (IOS never retries)');
    },
    { extension: true },
  ),
  g(
    ["callback", "limit"],
    [num("count", "callbacks", 1, 16), num("minutes", "minutes", 1, 1440)],
    (ctx, v) => {
      ctx.model.callback.limit = ctx.negated ? null : { count: (v.count as Value).num, minutes: (v.minutes as Value).num };
      ctx.diags.noteOnce("extension:callback limit", ctx.first.loc, '"callback limit" is a dialback extension against toll fraud, not an IOS command');
    },
    { extension: true },
  ),
  g(
    ["callback", "dialstring", "modifiers"],
    [rest("modifiers", "dial modifiers (, W P T) or none")],
    (ctx, v) => {
      noteDialExtension(ctx);
      ctx.model.callback.dialstring.modifiers = ctx.negated ? null : readModifiers(ctx, (v.modifiers as Value).words ?? []);
    },
    { extension: true },
  ),
  g(
    ["callback", "dialstring", "max-length"],
    [num("length", "a length in characters", 1, DIAL_MAX_LENGTH)],
    (ctx, v) => {
      noteDialExtension(ctx);
      ctx.model.callback.dialstring.maxLength = ctx.negated ? null : (v.length as Value).num;
    },
    { extension: true },
  ),
  g(
    ["login", "block-for"],
    [
      num("seconds", "seconds of quiet mode", 1, 65535),
      kw("attemptsWord", "attempts"),
      num("attempts", "failed attempts", 1, LOGIN_ATTEMPTS_MAX),
      kw("withinWord", "within"),
      num("within", "seconds", 1, 65535),
    ],
    (ctx, v) => {
      const [seconds, attempts, within] = [v.seconds, v.attempts, v.within].map((x) => x?.num ?? 0);
      ctx.model.login.blockFor = ctx.negated ? null : { seconds, attempts, within };
    },
  ),
  g(["login", "delay"], [num("seconds", "seconds", 1, 10)], (ctx, v) => {
    ctx.model.login.delay = ctx.negated ? null : (v.seconds as Value).num;
  }),
  g(["login", "on-failure"], [kw("action", "log")], (ctx) => {
    ctx.model.login.onFailureLog = !ctx.negated;
  }),
  g(["login", "on-success"], [kw("action", "log")], (ctx) => {
    ctx.model.login.onSuccessLog = !ctx.negated;
  }),
  g(
    ["interface"],
    [ifname("name"), opt(kw("subtype", "point-to-point", "multipoint"))],
    (ctx, v) => {
      const name = v.name as Value;
      const type = (v["name.type"] as Value).text;
      if (type === "Group-Async" && name.num >= 0 && name.num <= 63 && !v.subtype) {
        if (ctx.negated) ctx.model.asyncGroups = ctx.model.asyncGroups.filter((g) => g.number !== name.num);
        else ctx.enterAsyncGroup(name.num);
        return;
      }
      if (type !== "Async") {
        ctx.enterBlock(`interface ${name.text}${v.subtype ? " " + v.subtype.text : ""}`, true);
        ctx.noteNoEffect(`interface ${type}`);
        return;
      }
      const [lo, hi] = LINE_RANGES.tty;
      if (!(name.num >= lo && name.num <= hi)) {
        ctx.diags.error(name.tok.loc, `interface ${name.text}: async interfaces are numbered like their TTY lines, ${lo}-${hi}`);
        ctx.enterBlock(`interface ${name.text}`, true);
        return;
      }
      if (ctx.negated) {
        ctx.model.interfaces = ctx.model.interfaces.filter((i) => i.number !== name.num);
        return;
      }
      ctx.enterInterface(name.num);
    },
    { noArgs: 1 },
  ),
  g(["line"], [opt(kw("kind", "tty", "aux", "console", "vty")), num("first", "a line number", 0, 999), opt(num("last", "a line number", 0, 999))], (ctx, v) => {
    const kind = (v.kind ? (v.kind.text === "console" ? "con" : v.kind.text) : "tty") as LineKind;
    const range = lineRange(ctx, kind, v.first as Value, v.last);
    if (!range) {
      ctx.enterBlock(ctx.raw, false);
      return;
    }
    if (ctx.negated) {
      ctx.model.lines = ctx.model.lines.filter((l) => !(l.kind === kind && l.number >= range[0] && l.number <= range[1]));
      return;
    }
    ctx.enterLines(kind, range[0], range[1]);
  }, { noArgs: 2 }),
];

