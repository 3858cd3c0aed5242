import { test } from "node:test";
import assert from "node:assert/strict";
import { compileConfig } from "../../../host/config/compile.ts";
import { showRunningConfig } from "../../../host/config/show.ts";
import { aaaPlan } from "../../../host/aaa/from-config.ts";

// `aaa authentication ppp default ...` and `radius-server` become the core's authentication
// mode and the RADIUS client's servers.

function plan(text: string) {
  const r = compileConfig(text, "aaa.cfg");
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === "error"), []);
  return { plan: aaaPlan(r.model), model: r.model };
}

const SERVERS = "radius-server host 10.0.0.5 auth-port 1812 key s3cret\nradius-server host 10.0.0.6\nradius-server key 7 0822455D0A16\n";

test("server_first_local_first_and_no_radius_give_the_three_modes", () => {
  const server = plan(`aaa new-model\naaa authentication ppp default group radius local\n${SERVERS}`).plan;
  assert.equal(server.mode, 2);
  assert.deepEqual(server.radius?.servers, [
    { host: "10.0.0.5", port: 1812, secret: "s3cret" },
    { host: "10.0.0.6", port: 1645, secret: "cisco" },
  ]);
  assert.deepEqual([server.radius?.timeoutMs, server.radius?.retries], [5000, 3]);
  assert.equal(plan(`aaa new-model\naaa authentication ppp default local group radius\n${SERVERS}`).plan.mode, 1);
  const local = plan("aaa new-model\naaa authentication ppp default local\n" + SERVERS).plan;
  assert.deepEqual([local.mode, local.radius, local.warnings], [0, null, []], "local only: nothing to warn about");
  // EXEC logins have their own list.
  const both = plan(`aaa new-model\naaa authentication ppp default local\naaa authentication login default local group radius\n${SERVERS}`).plan;
  assert.deepEqual([both.mode, both.loginMode, both.radius?.servers.length], [0, 1, 2]);
  assert.equal(server.loginMode, 0);
  // Without aaa new-model IOS has no method lists at all.
  assert.equal(plan(`aaa authentication ppp default group radius\n${SERVERS}`).plan.mode, 0);
});

test("radius_without_a_usable_server_falls_back_to_local_users_and_says_why", () => {
  const p = plan("aaa new-model\naaa authentication ppp default group radius\nradius-server host 10.0.0.5\n").plan;
  assert.deepEqual([p.mode, p.radius], [0, null]);
  assert.equal(p.warnings.length, 2);
  assert.match(p.warnings.join("\n"), /10\.0\.0\.5 has no key/);
  assert.match(p.warnings.join("\n"), /names servers but none is usable: local users only/);
  assert.equal(p.warnings.join("\n").includes("s3cret"), false);
  // Methods are tried in order; a server kind with no usable host drops out of the list.
  const both = plan(
    "aaa new-model\naaa authentication ppp default group tacacs+ group radius\nradius-server host h key k\ntacacs-server host t port 4949 key tk\n",
  ).plan;
  assert.deepEqual([both.mode, both.ppp, both.login], [2, ["tacacs+", "radius"], []]);
  assert.deepEqual(both.tacacs, { servers: [{ host: "t", port: 4949, key: "tk" }], timeoutMs: 5000 });
  const noTacacsHost = plan("aaa new-model\naaa authentication ppp default group tacacs+ group radius\nradius-server host h key k\n").plan;
  assert.deepEqual([noTacacsHost.ppp, noTacacsHost.tacacs], [["radius"], null]);
  // `local` after a server: the configuration's users answer when every server before it could not.
  const localAfter = plan(`aaa new-model\naaa authentication ppp default group radius local\n${SERVERS}`).plan;
  assert.deepEqual([localAfter.mode, localAfter.ppp, localAfter.warnings], [2, ["radius", "local"], []]);
  // `none` after a server: when no server answers, the caller gets in (and, knowing nobody, is never called back).
  const none = plan(`aaa new-model\naaa authentication ppp default group radius none\n${SERVERS}`).plan;
  assert.deepEqual([none.ppp, none.warnings], [["radius", "none"], []]);
});

test("auth_port_is_read_and_printed_back", () => {
  const { model } = plan(SERVERS);
  assert.deepEqual(model.radius.hosts.map((h) => h.port ?? null), [1812, null]);
  const shown = showRunningConfig(model);
  assert.match(shown, /^radius-server host 10\.0\.0\.5 auth-port 1812 key s3cret$/m);
  assert.match(shown, /^radius-server host 10\.0\.0\.6$/m);
  assert.deepEqual(compileConfig(shown, "again.cfg").model.radius, model.radius, "show running-config compiles back to the same servers");
  const tacacs = compileConfig("tacacs-server host 10.0.0.7 port 4949 key 0 tk\n", "t.cfg").model;
  assert.match(showRunningConfig(tacacs), /^tacacs-server host 10\.0\.0\.7 port 4949 key tk$/m);
  const bad = compileConfig("radius-server host 10.0.0.5 auth-port 70000 key k\n", "bad.cfg");
  assert.ok(bad.diagnostics.some((d) => d.severity === "error" && d.loc.line === 1), "a port out of range is an error with its place");
});

test("message_authenticator_policy_per_radius_server_reaches_the_client_and_prints_back", () => {
  const text =
    "aaa new-model\naaa authentication ppp default group radius\n" +
    "radius-server host 10.0.0.5 auth-port 1812 message-authenticator optional key s3cret\n" +
    "radius-server host 10.0.0.6 message-auth req key k2\nradius-server host 10.0.0.7 key k3\n";
  const r = compileConfig(text, "ma.cfg");
  assert.deepEqual(r.diagnostics.filter((d) => d.severity !== "note"), []);
  const note = r.diagnostics.find((d) => d.severity === "note" && /message-authenticator" is a dialback extension/.test(d.message));
  assert.deepEqual([note?.loc.line, note?.loc.col], [3, 44], "the extension is named once, where it is first used");
  assert.deepEqual(aaaPlan(r.model).radius?.servers, [
    { host: "10.0.0.5", port: 1812, secret: "s3cret", messageAuthenticator: "optional" },
    { host: "10.0.0.6", port: 1645, secret: "k2", messageAuthenticator: "required" },
    { host: "10.0.0.7", port: 1645, secret: "k3" },
  ]);
  const shown = showRunningConfig(r.model);
  assert.match(shown, /^radius-server host 10\.0\.0\.5 auth-port 1812 message-authenticator optional key s3cret$/m);
  assert.match(shown, /^radius-server host 10\.0\.0\.6 message-authenticator required key k2$/m);
  assert.deepEqual(compileConfig(shown, "again.cfg").model.radius, r.model.radius);
  const bad = compileConfig("radius-server host 10.0.0.5 message-authenticator sometimes key k\n", "bad.cfg");
  const error = bad.diagnostics.find((d) => d.severity === "error");
  assert.deepEqual([error?.loc.line, error?.loc.col], [1, 51], error?.message);
  assert.match(error?.message ?? "", /expected required \| optional/);
});
