import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadProfile, ProfileError, validateProfile } from "../../../host/boards/profile.ts";

const boards = fileURLToPath(new URL("../../../boards/", import.meta.url));

function errorsOf(text: string): string[] {
  try {
    validateProfile(text, "p.json");
  } catch (e) {
    if (e instanceof ProfileError) return e.messages;
    throw e;
  }
  assert.fail("expected the profile to be refused");
}

test("the shipped profiles load", () => {
  const sim = loadProfile(`${boards}sim/default.json`);
  assert.deepEqual(
    sim.lines.map((l) => [l.tty, l.driver]),
    [[1, "sim"], [2, "sim"], [3, "sim"], [4, "sim"]],
  );
  assert.equal(sim.subscribers.find((s) => s.number === "5550200")?.behaviour, "busy");
  assert.equal(sim.network.noAnswerRings, 8);
  for (const name of readdirSync(`${boards}rpi`).filter((n) => n.endsWith(".json"))) {
    const p = loadProfile(`${boards}rpi/${name}`);
    assert.ok(p.lines.length > 0, name);
    assert.ok(p.lines.every((l) => l.driver === "serial"), name);
  }
  const hat = loadProfile(`${boards}rpi/uart-hat.json`);
  const tty1 = hat.lines.find((l) => l.tty === 1);
  assert.ok(tty1 && tty1.driver === "serial" && tty1.device === "/dev/ttyAMA0" && tty1.wired.dcd === false && tty1.wired.cts === true);
});

test("syntax errors name the line and column", () => {
  assert.deepEqual(errorsOf('{\n  "name": "x",\n  "lines": [1,]\n}'), ["p.json:3:15: error: unexpected character \"]\""]);
  assert.deepEqual(errorsOf('{ "name": "a", "name": "b" }'), ['p.json:1:16: error: duplicate key "name"']);
  assert.deepEqual(errorsOf('{ "name": "unterminated }'), ["p.json:1:26: error: unterminated string"]);
  assert.deepEqual(errorsOf(""), ["p.json:1:1: error: unexpected end of file"]);
});

test("every problem of a profile is reported at once, in file order, at its value", () => {
  const text = [
    "{",
    '  "name": "broken",',
    '  "colour": "blue",',
    '  "network": { "ringCadenceMs": -1 },',
    '  "lines": [',
    '    { "tty": 1, "driver": "sim", "number": "555-1" },',
    '    { "tty": 1, "driver": "tcp", "port": 4001 },',
    '    { "tty": 64, "driver": "serial", "device": "ttyS0", "speed": 12345 },',
    '    { "tty": 5, "driver": "modem" },',
    '    { "tty": 6, "driver": "serial", "device": "/dev/ttyS1", "flow": "rtscts",' +
      ' "wired": { "dtr": true, "rts": false, "cts": true, "dcd": true, "dsr": true, "ri": false } },',
    '    { "tty": 7, "driver": "serial", "device": "/dev/ttyS1" },',
    '    { "tty": 8, "driver": "sim" }',
    "  ],",
    '  "subscribers": [ { "number": "1", "behaviour": "sings" } ]',
    "}",
  ].join("\n");
  assert.deepEqual(errorsOf(text), [
    'p.json:3:3: error: board profile: unknown key "colour" (allowed: name, description, seed, network, lines, subscribers, build, tun)',
    'p.json:4:33: error: "ringCadenceMs" must be a whole number from 0 to 600000',
    'p.json:6:44: error: "number" must be a subscriber number (digits, * and #)',
    "p.json:7:14: error: line 1 is already defined by line entry 0",
    'p.json:8:14: error: "tty" must be a whole number from 0 to 63',
    'p.json:8:48: error: "device" must be a device path under /dev',
    "p.json:8:66: error: speed 12345 is not a standard rate (300, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600)",
    'p.json:9:27: error: "driver" must be one of "sim", "serial", "tcp"',
    'p.json:10:69: error: "flow": "rtscts" needs RTS and CTS wired',
    "p.json:11:47: error: device /dev/ttyS1 is already used by line entry 4",
    'p.json:12:5: error: line entry 6: "number" is missing',
    'p.json:14:50: error: "behaviour" must be one of "answer", "no-answer", "busy", "dead"',
  ]);
});

test("a missing file and a wrong top-level shape are clear errors", () => {
  assert.throws(
    () => loadProfile("no/such/profile.json"),
    (e: Error) => e instanceof ProfileError && /^no\/such\/profile\.json: error: cannot read/.test(e.message),
  );
  assert.deepEqual(errorsOf("[]"), ["p.json:1:1: error: a board profile must be an object"]);
  assert.deepEqual(errorsOf('{ "name": "x", "lines": [] }'), ['p.json:1:25: error: "lines" must be a non-empty list']);
  assert.deepEqual(errorsOf('{ "lines": [ { "tty": 1, "driver": "tcp", "port": 4001 } ] }'), ['p.json:1:1: error: board profile: "name" is missing']);
});

test("a profile names the build its board runs", () => {
  const lines = '"lines": [ { "tty": 1, "driver": "tcp", "port": 4001 } ]';
  assert.equal(validateProfile(`{ "name": "small", "build": "build/dialback-l4.wasm", ${lines} }`, "p.json").build, "build/dialback-l4.wasm");
  assert.equal(validateProfile(`{ "name": "any", ${lines} }`, "p.json").build, undefined);
  assert.deepEqual(errorsOf(`{ "name": "x", "build": "dialback-l4", ${lines} }`), [
    'p.json:1:25: error: "build" must be the path of a firmware module, e.g. "build/dialback-l4.wasm"',
  ]);
  for (const name of readdirSync(`${boards}rpi`).filter((n) => n.endsWith(".json"))) {
    assert.equal(loadProfile(`${boards}rpi/${name}`).build, "build/dialback.wasm", name);
  }
});

test("a profile's tun gives the callers' network; a bad name, address or prefix is an error at its value", () => {
  const lines = '"lines": [ { "tty": 1, "driver": "tcp", "port": 4001 } ]';
  const tun = (t: string) => `{ "name": "t", "tun": ${t}, ${lines} }`;
  assert.deepEqual(validateProfile(tun('{ "name": "dialback0", "address": "10.1.1.254/24" }'), "p.json").tun, {
    name: "dialback0",
    address: "10.1.1.254",
    prefix: 24,
  });
  assert.equal(validateProfile(`{ "name": "t", ${lines} }`, "p.json").tun, undefined);
  const noPrefix = errorsOf(tun('{ "name": "dialback0", "address": "10.1.1.254" }')).join("\n");
  assert.match(noPrefix, /^p\.json:1:57: error: "address" must be an IPv4 address with its prefix length/);
  assert.match(errorsOf(tun('{ "name": "a/b", "address": "10.1.1.254/24" }')).join("\n"), /^p\.json:1:\d+: error: .*interface name "a\/b"/);
  assert.match(errorsOf(tun('{ "name": "dialback0", "address": "10.1.1.300/24" }')).join("\n"), /not an IPv4 address/);
  assert.match(errorsOf(tun('{ "name": "dialback0", "address": "10.1.1.1/31" }')).join("\n"), /prefix \/31/);
  assert.match(errorsOf(tun('{ "name": "dialback0", "adress": "10.1.1.1/24" }')).join("\n"), /adress/);
});
