import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CommanderError } from "commander";
import { reportError, EXIT_USAGE } from "../../../host/cli/errors.ts";
import { coreDiagnostics } from "../../../host/cli/core-check.ts";
import { Core, CoreError } from "../../../host/core/core.ts";
import { ImageStatus } from "../../../host/core/abi.ts";
import { compileConfig } from "../../../host/config/compile.ts";
import { compileImage } from "../../../host/config/image.ts";
import { ScenarioError } from "../../../host/scenario/scenario.ts";
import { dialbackSync } from "../../support/cli.ts";

const PPP = fileURLToPath(new URL("../../fixtures/config/ppp-client.cfg", import.meta.url));

function dialback(...args: string[]) {
  const r = dialbackSync(args);
  assert.doesNotMatch(r.stderr, /^\s+at /m, `a stack trace for dialback ${args.join(" ")}:\n${r.stderr}`);
  return { code: r.code, err: r.stderr };
}

const caller = (over: Record<string, unknown>) => ({ method: "rfc1570", username: "Ted", password: "Rhoda", phone: "1234567", dials: 7, ...over });

test("dialback_ends_on_bad_input_with_a_message_and_exit_1_or_2_never_a_stack_trace", () => {
  const dir = mkdtempSync(join(tmpdir(), "dialback-bad-"));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  try {
    const users = file("users.cfg", Array.from({ length: 70 }, (_, i) => `username u${i} password p`).join("\n") + "\nline 7\n");
    const chat = file("chat.cfg", "chat-script dial ABORT\nline 7\n script callback dial\n");
    const twice = file("twice.json", JSON.stringify({ callers: [caller({}), caller({ name: "again", username: "wanda", dials: 8 })] }));
    const ara = file("ara.json", JSON.stringify({ callers: [caller({ method: "ara" })] }));
    const board = file("board.json", '{ "name": "b", "lines": [ { "tty": 99, "driver": "sim", "number": "1" } ] }');
    const missing = join(dir, "missing.cfg");
    const cases: [string[], number, RegExp][] = [
      [["config", "check", users], 1, /users\.cfg:65:10: error: a local user past the 64 the core's user table holds \(70 configured\)/],
      [["config", "check", chat], 1, /chat\.cfg:1:18: error: chat-script dial: the core's chat engine refuses it: ABORT or TIMEOUT has no value/],
      [["config", "check", missing], 1, /^dialback: cannot read .*missing\.cfg/],
      [["simulate", "--config", PPP, "--scenario", twice], 1, /twice\.json: callers\[1\]\.phone: 1234567 is already the phone of callers\[0\] \(only calls/],
      [["simulate", "--config", PPP, "--scenario", ara], 1, /ara\.json: callers\[0\]\.method: expected one of .*arap/],
      [["simulate", "--config", missing, "--scenario", twice], 1, /twice\.json: callers\[1\]\.phone/],
      [["simulate", "--config", users, "--scenario", file("ok.json", JSON.stringify({ callers: [caller({})] }))], 1, /users\.cfg:65:10: error: a local/],
      [["simulate", "--config", missing, "--scenario", join(dir, "ok.json")], 1, /missing\.cfg: cannot read/],
      [["run", "--board", board], 1, /board\.json:1:\d+: error: "tty" must be a whole number from 0 to/],
      [["run", "--config", users, "--line", "7=sim"], 1, /users\.cfg:65:10: error: a local user past/],
      [["run", "--config", missing, "--line", "7=sim"], 1, /dialback run: .*missing\.cfg/],
      [["run", "--line", "7=bogus:1"], EXIT_USAGE, /unknown driver "bogus"/],
      [["bogus"], EXIT_USAGE, /unknown command 'bogus'/],
      [["config", "compile", PPP], EXIT_USAGE, /required option '-o, --output <image>' not specified/],
    ];
    for (const [args, code, why] of cases) {
      const r = dialback(...args);
      assert.equal(r.code, code, `dialback ${args.join(" ")}:\n${r.err}`);
      assert.match(r.err, why, `dialback ${args.join(" ")}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("report_error_prints_one_line_for_each_kind_of_error", () => {
  const said: string[] = [];
  const write = (s: string) => said.push(s);
  assert.equal(reportError(new CommanderError(1, "commander.unknownOption", "x"), write), EXIT_USAGE);
  assert.equal(reportError(new CommanderError(0, "commander.helpDisplayed", "x"), write), 0);
  assert.equal(reportError(new ScenarioError(["s.json: callers[0].phone: missing"]), write), 1);
  assert.equal(reportError(new CoreError("core refused the image: BadValue (...)"), write), 1);
  assert.equal(reportError(new TypeError("x is undefined"), write), 1);
  assert.equal(reportError("a string", write), 1);
  assert.deepEqual(said, [
    "s.json: callers[0].phone: missing\n",
    "dialback: core refused the image: BadValue (...)\n",
    "dialback: internal error: x is undefined (DIALBACK_DEBUG=1 shows where)\n",
    "dialback: a string\n",
  ]);
});

test("a_refused_image_says_what_the_status_means", async () => {
  const core = await Core.load();
  const image = compileImage(compileConfig("line 1\n").model);
  image[image.length - 1] ^= 0xff;
  assert.throws(() => core.init(image), (e: unknown) => {
    assert.ok(e instanceof CoreError);
    assert.equal(e.status, ImageStatus.BadChecksum);
    assert.equal(e.message, "core refused the image: BadChecksum (the image is damaged (checksum))");
    return true;
  });
});

test("a_core_refusal_the_compiler_missed_is_named_at_the_first_line_it_refuses_from", async () => {
  // A core that holds two users only: the compiler knows 64, so only the core can say.
  const real = await Core.load();
  const small = Object.create(real) as Core;
  small.tryInit = (image: Uint8Array) => {
    const users = compileUsersIn(image);
    return users > 2 ? ImageStatus.OutOfMemory : real.tryInit(image);
  };
  const text = "hostname gw\nusername a password x\nline 7\nusername b password y\n!\nusername c password z\nusername d password w\n";
  const found = coreDiagnostics(small, compileConfig(text, "c.cfg"), text);
  const full = "a fixed table of the core is full: local users, dial strings, secrets, lines or their buffers";
  assert.deepEqual(
    found.map((d) => `${d.severity} ${d.loc.line}:${d.loc.col}: ${d.message}`),
    [`error 6:1: the core refused the image: OutOfMemory (${full}), from this line on`],
  );
});

/** The user count of an image: its Users section's first u16 (boards/image.md). */
function compileUsersIn(image: Uint8Array): number {
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const sections = view.getUint16(16, true);
  for (let i = 0; i < sections; i++) {
    const entry = 24 + i * 12;
    if (view.getUint16(entry, true) === 3) return view.getUint16(view.getUint32(entry + 4, true), true);
  }
  return 0;
}
