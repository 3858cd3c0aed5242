// The IOS methods that are not servers, as a configuration's lists run them (aaa-clients.ts):
// `enable`, `line`, `none` and `if-needed`, none of which knows a user to call back; and
// `aaa authorization` asked for users the configuration itself let in.

import { test } from "node:test";
import assert from "node:assert/strict";
import { compileConfig } from "../../../host/config/compile.ts";
import { aaaPlan } from "../../../host/aaa/from-config.ts";
import { aaaClients } from "../../../host/aaa/aaa-clients.ts";
import type { AaaRequest } from "../../../host/aaa/radius-client.ts";
import { TacacsFixture } from "../../support/tacacs-fixture.ts";
import { TACACS_AUTHOR_STATUS_FAIL, TACACS_AUTHOR_STATUS_PASS_ADD } from "../../../host/aaa/tacacs-codec.ts";

function clientsOf(text: string) {
  const compiled = compileConfig(text, "methods.cfg");
  assert.deepEqual(compiled.diagnostics.filter((d) => d.severity === "error").map((d) => d.message), []);
  const m = compiled.model;
  const log: string[] = [];
  const clients = aaaClients(aaaPlan(m), { users: m.users, enable: m.enable, lines: m.lines }, { log: (l) => log.push(l) });
  return { clients, log };
}

const pw = (text: string) => Uint8Array.from(Buffer.from(text, "latin1"));
const login = (line: number, user: string, password: string): AaaRequest => ({ kind: "login", line, user, password: pw(password) });
const pap = (line: number, user: string, password: string): AaaRequest => ({ kind: "pap", line, user, password: pw(password) });

test("enable_and_line_check_their_passwords_and_give_no_callback_a_line_without_one_passes_on", async () => {
  const { clients } = clientsOf(
    "aaa new-model\nenable password 3nable\nusername ann callback-dialstring 5550001 password annpw\n" +
      "aaa authentication login default line enable local\nline 4\n password l1ne\nline 5\n",
  );
  const login4 = (u: string, p: string) => clients.login!.authenticate(login(4, u, p));
  const byLine = { verdict: "accept", callback: null, replyMessage: null, authority: "local" };
  assert.deepEqual(await login4("ann", "l1ne"), byLine, "line 4's password: in, and nobody to call back");
  assert.equal((await login4("ann", "3nable")).verdict, "reject", "a method that decides ends the list: line 4 has a password and this is not it");
  const line5 = await clients.login!.authenticate(login(5, "ann", "3nable"));
  assert.deepEqual(line5, byLine, "line 5 has no password: on to enable");
  const local = clientsOf("aaa new-model\nusername ann callback-dialstring 5550001 password annpw\naaa authentication login default enable local\nline 5\n");
  const ann = await local.clients.login!.authenticate(login(5, "ann", "annpw"));
  assert.equal(ann.verdict === "accept" ? ann.callback?.dialstring : ann.verdict, "5550001", "no enable password: on to local, which knows ann");
});

test("none_lets_anyone_in_with_no_callback", async () => {
  const { clients } = clientsOf("aaa new-model\nusername ann callback-dialstring 5550001 password annpw\naaa authentication ppp default none\n");
  const anyone = { verdict: "accept", callback: null, replyMessage: null, authority: "none" };
  assert.deepEqual(await clients.ppp!.authenticate(pap(7, "ann", "anything")), anyone);
});

test("if_needed_takes_the_exec_login_of_the_same_user_on_the_line_and_asks_anyone_else", async () => {
  const { clients } = clientsOf(
    "aaa new-model\nusername ann callback-dialstring 5550001 password annpw\nusername bob password bobpw\n" +
      "aaa authentication ppp default if-needed local\n",
  );
  const callback = { dialstring: "5550001", noCallbackVerify: false, callbackLine: null, callbackRotary: null };
  clients.logins.loggedIn(7, "ann", { verdict: "accept", callback, replyMessage: null });
  const ann = await clients.ppp!.authenticate(pap(7, "ann", "not-asked"));
  assert.equal(ann.verdict === "accept" ? ann.callback?.dialstring : ann.verdict, "5550001", "ann logged in on line 7: not asked again");
  assert.equal((await clients.ppp!.authenticate(pap(7, "bob", "wrong"))).verdict, "reject", "bob did not: local asks him");
  assert.equal((await clients.ppp!.authenticate(pap(8, "ann", "wrong"))).verdict, "reject", "another line: asked again");
  clients.logins.ended(7);
  assert.equal((await clients.ppp!.authenticate(pap(7, "ann", "wrong"))).verdict, "reject", "the call ended: asked again");
});

test("authorization_by_tacacs_plus_decides_the_callback_of_a_user_the_configuration_let_in", async () => {
  const fixture = await TacacsFixture.start({
    key: "tk",
    users: {},
    authorize: (r) =>
      Buffer.from(r.user).toString() === "ann"
        ? { status: TACACS_AUTHOR_STATUS_PASS_ADD, args: ["callback-dialstring=5559999"] }
        : { status: TACACS_AUTHOR_STATUS_FAIL },
  });
  const { clients, log } = clientsOf(
    "aaa new-model\nusername ann callback-dialstring 5550001 password annpw\nusername bob callback-dialstring 5550002 password bobpw\n" +
      `aaa authentication ppp default local\naaa authorization network default group tacacs+\ntacacs-server host 127.0.0.1 port ${fixture.port} key tk\n`,
  );
  try {
    const ann = await clients.ppp!.authenticate(pap(7, "ann", "annpw"));
    assert.equal(ann.verdict === "accept" ? ann.callback?.dialstring : ann.verdict, "5559999", "the server's number, not the configuration's");
    assert.equal(fixture.sessions.find((s) => s.authorization)?.user, "ann");
    assert.equal((await clients.ppp!.authenticate(pap(7, "bob", "bobpw"))).verdict, "reject", "the server refuses bob's authorization");
    assert.match(log.join("\n"), /authorization refused bob \(group tacacs\+\)/);
  } finally {
    clients.close();
    await fixture.close();
  }
});
