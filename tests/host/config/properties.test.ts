import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { compileConfig } from "../../../host/config/compile.ts";
import { showRunningConfig } from "../../../host/config/show.ts";
import { compileImage } from "../../../host/config/image.ts";
import { SPEEDS } from "../../../host/config/commands/line.ts";

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,7}$/);
const secretWord = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,9}$/);
// Keywords as a person might type them: any case, sometimes abbreviated to a unique prefix.
const spell = (word: string, shortest: number) =>
  fc.tuple(fc.integer({ min: shortest, max: word.length }), fc.boolean()).map(([n, upper]) => (upper ? word.slice(0, n).toUpperCase() : word.slice(0, n)));
const chatWord = fc.oneof(
  fc.constantFrom("ABORT", "BUSY", "OK", "CONNECT", "\\c", "TIMEOUT", "30", "ATZ"),
  fc.constantFrom('""', '"ATDT \\T"', "\u201cATZ\u201d"),
);

const configText = fc
  .record({
    execCallback: fc.boolean(),
    encryption: fc.boolean(),
    hostname: fc.option(name, { nil: undefined }),
    forcedWait: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
    scripts: fc
      .uniqueArray(name, { maxLength: 3 })
      .chain((names) => fc.tuple(...names.map((n) => fc.tuple(fc.constant(n), fc.array(chatWord, { minLength: 1, maxLength: 6 }))))),
    lines: fc.uniqueArray(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 6 }),
    lineSettings: fc.array(
      fc.record({
        login: fc.constantFrom(null, "local", "line"),
        modem: fc.constantFrom(null, "InOut", "Dialin"),
        rotary: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
        ppp: fc.boolean(),
        arap: fc.boolean(),
        forcedWait: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
        speed: fc.option(fc.constantFrom(...SPEEDS), { nil: null }),
        flush: fc.boolean(),
        script: fc.boolean(),
        timeout: fc.option(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 59 })), { nil: null }),
      }),
      { minLength: 6, maxLength: 6 },
    ),
    users: fc.uniqueArray(fc.tuple(name, secretWord, fc.option(fc.stringMatching(/^[0-9]{0,8}$/), { nil: null }), fc.boolean(), fc.boolean(), fc.boolean()), {
      maxLength: 4,
      selector: (u) => u[0],
    }),
    kw: fc.record({ iface: spell("interface", 3), encap: spell("encapsulation", 3), line: spell("line", 4), user: spell("username", 5) }),
  })
  .map((c) => {
    const out: string[] = [];
    if (c.execCallback) out.push("service exec-callback");
    if (c.encryption) out.push("service password-encryption");
    if (c.hostname) out.push(`hostname ${c.hostname}`);
    if (c.forcedWait !== undefined) out.push(`callback forced-wait ${c.forcedWait}`);
    if (c.lineSettings.some((s) => s.arap)) out.push("arap callback");
    for (const [n, words] of c.scripts) out.push(`chat-script ${n} ${words.join(" ")}`);
    const rotaries = new Set<number>();
    c.lines.forEach((tty, i) => {
      const s = c.lineSettings[i];
      if (s.ppp) {
        out.push(`${c.kw.iface} async ${tty}`, ` ${c.kw.encap} ppp`, " ppp callback accept", " ppp authentication chap pap");
        out.push(` peer default ip address 10.0.0.${tty}`);
      }
      out.push(`${c.kw.line} ${tty}`);
      if (s.login) out.push(...(s.login === "local" ? [" login local"] : [" login", ` password ${c.users[0]?.[1] ?? "h0me"}`]));
      if (s.modem) out.push(` modem ${s.modem}`);
      if (s.rotary !== null) {
        out.push(` rotary ${s.rotary}`);
        rotaries.add(s.rotary);
      }
      if (s.ppp) out.push(" autoselect ppp");
      if (s.arap) out.push(" autoselect arap", " arap enable");
      if (s.forcedWait !== null) out.push(` callback forced-wait ${s.forcedWait}`);
      if (s.speed !== null) out.push(` speed ${s.speed}`);
      if (!s.flush) out.push(" no flush-at-activation");
      if (s.script && c.scripts.length) out.push(` script callback ^${c.scripts[0][0]}$`);
      if (s.timeout) out.push(` exec-timeout ${s.timeout[0]} ${s.timeout[1]}`);
    });
    for (const [n, pw, dial, useRotary, useLine, verify] of c.users) {
      const parts = [`${c.kw.user} ${n}`];
      if (dial !== null) parts.push(`callback-dialstring ${dial === "" ? "\u201c\u201c" : dial}`);
      if (useRotary && rotaries.size) parts.push(`callback-rotary ${[...rotaries][0]}`);
      if (useLine) parts.push(`callback-line ${c.lines[0]}`);
      if (verify) parts.push("nocallback-verify");
      parts.push(`password ${pw}`);
      out.push(parts.join(" "));
    }
    return out.join("\n") + "\n";
  });

test("generated_valid_configs_read_cleanly_and_round_trip_through_show_running_config", () => {
  fc.assert(
    fc.property(configText, (text) => {
      const first = compileConfig(text, "gen.cfg");
      assert.deepEqual(first.diagnostics.filter((d) => d.severity === "error"), [], text);
      const shown = showRunningConfig(first.model);
      const again = compileConfig(shown, "shown.cfg");
      // What the shown text warns about, the original warned about too (no new problem, no error).
      const said = (r: typeof first, severity: string) => r.diagnostics.filter((d) => d.severity === severity).map((d) => d.message);
      assert.deepEqual(said(again, "error"), [], shown);
      for (const w of said(again, "warning")) assert.ok(said(first, "warning").includes(w), `${w}\n${shown}`);
      assert.deepEqual(again.model, first.model);
      assert.equal(showRunningConfig(again.model), shown);
      assert.ok(compileImage(first.model).length > 0);
    }),
    { numRuns: 150 },
  );
});

const vocabulary = fc.constantFrom(
  "interface", "int", "async", "line", "username", "password", "7", "0", "callback-dialstring", "callback-rotary", "callback-line", "rotary",
  "autoselect", "ppp", "script", "callback", "forced-wait", "chat-script", "no", "exit", "end", "\"", "\u201c", "\u201d", "\"\"", "!", "aaa",
  "new-model", "authentication", "login", "local", "modem", "InOut", "encapsulation", "peer", "default", "ip", "address", "10.1.1.1", "(",
  "[", "*", "-1", "99999999999999999999", "router", "version", "\t", "  ", "tty", "aux", "vty", "1", "64", "x", "Group-Async", "group-range",
  "hostname", "tacacs-server", "host", "key", "authorization", "exec", "arap", "network", "service", "exec-callback", "interface Ethernet0",
  "speed", "9600", "exec-timeout", "transport", "input", "all", "line 7", "ip unnumbered", "ethernet", "banner", "motd", "^C", "#",
);
const arbitraryText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc
    .array(fc.tuple(fc.boolean(), fc.array(vocabulary, { maxLength: 8 })), { maxLength: 25 })
    .map((ls) => ls.map(([indent, ws]) => (indent ? " " : "") + ws.join(" ")).join("\n")),
);

test("arbitrary_text_never_throws_and_every_diagnostic_points_into_the_file", () => {
  fc.assert(
    fc.property(arbitraryText, (text) => {
      const r = compileConfig(text, "fuzz.cfg");
      // A lone CR ends a line too (old Macintosh files).
      const lineCount = Math.max(1, text.split(/\r\n|\r|\n/).length);
      for (const d of r.diagnostics) {
        assert.ok(d.loc.line >= 1 && d.loc.line <= lineCount, `${d.loc.line} of ${lineCount}: ${d.message}`);
        assert.ok(d.loc.col >= 1);
        assert.ok(d.message.length > 0);
      }
      const shown = showRunningConfig(r.model);
      if (r.ok) {
        const again = compileConfig(shown, "shown.cfg");
        assert.deepEqual(again.diagnostics.filter((d) => d.severity === "error"), [], shown);
        assert.deepEqual(again.model, r.model, shown);
      }
    }),
    { numRuns: 1000 },
  );
});

test("every_no_form_without_arguments_is_reported_never_thrown", async () => {
  const { ALL_COMMANDS } = await import("../../../host/config/reader.ts");
  const prefix: Record<string, string> = { global: "", interface: "interface async 7\n", line: "line 7\n" };
  for (const c of ALL_COMMANDS) {
    const text = (prefix[c.mode] ?? "") + "no " + c.words.join(" ");
    assert.doesNotThrow(() => compileConfig(text, "no.cfg"), text);
  }
  const named = compileConfig("no interface\nno line\nno username\n", "no.cfg");
  assert.deepEqual(named.diagnostics.filter((d) => d.severity === "error").map((d) => d.loc.line), [1, 2, 3]);
});
