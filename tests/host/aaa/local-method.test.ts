import { test } from "node:test";
import assert from "node:assert/strict";
import { compileConfig } from "../../../host/config/compile.ts";
import { LocalMethod } from "../../../host/aaa/local-method.ts";
import { chapResponse } from "../../support/chap.ts";

// `local` after a server (aaa authentication ... group radius local): the configuration's own
// users answer, with their callback settings, when no server could.

const CONFIG = `username Ted callback-dialstring "" callback-rotary 77 password Rhoda
username Ted callback-allowed-pattern ^555
username lou callback-line tty 3 5 nocallback-verify password 7 0822455D0A16
username anne password s3cret
`;

const users = () => compileConfig(CONFIG, "local.cfg").model.users;
const bytes = (s: string) => Uint8Array.from(Buffer.from(s, "latin1"));

test("pap_and_login_check_the_password_and_bring_the_users_callback_settings", async () => {
  const local = new LocalMethod(users());
  assert.deepEqual(await local.authenticate({ kind: "pap", line: 1, user: "Ted", password: bytes("Rhoda") }), {
    verdict: "accept", replyMessage: null,
    callback: { dialstring: "", noCallbackVerify: false, callbackLine: null, callbackRotary: 77, callbackLines: null, allowedPattern: "^555" },
  });
  assert.deepEqual(await local.authenticate({ kind: "login", line: 1, user: "lou", password: bytes("cisco") }), {
    verdict: "accept", replyMessage: null,
    callback: null,
  }, "lou has callback lines but no callback-dialstring: no callback");
  const anne = await local.authenticate({ kind: "login", line: 1, user: "anne", password: bytes("s3cret") });
  assert.deepEqual(anne, { verdict: "accept", replyMessage: null, callback: null });
  for (const [user, password] of [["Ted", "rhoda"], ["Ted", "Rhoda "], ["ted", "Rhoda"], ["nobody", ""]]) {
    const answer = await local.authenticate({ kind: "pap", line: 1, user, password: bytes(password) });
    assert.deepEqual(answer, { verdict: "reject", replyMessage: null }, `${user}/${password}`);
  }
});

test("chap_checks_md5_of_id_secret_and_challenge", async () => {
  const local = new LocalMethod(users());
  const challenge = bytes("0123456789abcdef");
  const response = (id: number, secret: string) => Uint8Array.from(chapResponse(id, secret, challenge));
  const ask = (id: number, r: Uint8Array) => local.authenticate({ kind: "chap", line: 2, user: "anne", id, challenge, response: r });
  assert.equal((await ask(7, response(7, "s3cret"))).verdict, "accept");
  assert.equal((await ask(8, response(7, "s3cret"))).verdict, "reject");
  assert.equal((await ask(7, response(7, "s3cret!"))).verdict, "reject");
  assert.equal((await ask(7, response(7, "s3cret").subarray(0, 15))).verdict, "reject");
});
