// RadiusClient against a real FreeRADIUS 3.2 (Debian `freeradius`), set up as
// interop.md §5 describes: a throw-away copy of the stock raddb in a temp
// dir, one auth listener on 127.0.0.1 at a free high port (never 1812), run in the foreground
// with -X and stopped at the end. Checks PAP, CHAP and login and the callback reply mapping.

import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createSocket } from "node:dgram";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RadiusClient, type AaaAnswer } from "../../host/aaa/radius-client.ts";
import { AaaResponder } from "../../host/aaa/responder.ts";
import { requireProgram } from "../support/external.ts";
import { CallbackBench, runUntilAnswered } from "../support/callback-bench.ts";
import { CallbackEvent, outcomeName } from "../../host/trace/describe.ts";
import { Auth, CallbackRequest } from "../../host/core/ppp.ts";
import { EventKind } from "../../host/core/abi.ts";
import { Core } from "../../host/core/core.ts";
import { compileConfig } from "../../host/config/compile.ts";
import { compileImage } from "../../host/config/image.ts";
import { Terminal } from "../support/terminal.ts";
import { ScriptedModem } from "../support/scripted-modem.ts";

const STOCK_RADDB = "/etc/freeradius/3.0";
// The stock clients.conf gives localhost this secret.
const SECRET = "testing123";

const USERS = `cbuser  Cleartext-Password := "s3cret"
        Service-Type = Callback-Framed-User,
        Framed-Protocol = PPP,
        Callback-Number = "5551234",
        Cisco-AVPair = "lcp:callback-dialstring=5551234"

plain   Cleartext-Password := "pl4in-pass"
        Reply-Message = "Hello plain"

`;

function site(port: number): string {
  return [
    "server default {",
    "  listen {",
    "    type = auth",
    "    ipaddr = 127.0.0.1",
    `    port = ${port}`,
    "  }",
    "  authorize {",
    "    preprocess",
    "    chap",
    "    files",
    "    pap",
    "  }",
    "  authenticate {",
    "    Auth-Type PAP {",
    "      pap",
    "    }",
    "    Auth-Type CHAP {",
    "      chap",
    "    }",
    "  }",
    "  post-auth {",
    "  }",
    "}",
    "",
  ].join("\n");
}

/** interop.md §5 steps 1-4 in `dir`; returns the raddb path. */
function writeRaddb(dir: string, port: number): string {
  const raddb = join(dir, "raddb");
  cpSync(STOCK_RADDB, raddb, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
  rmSync(join(raddb, "sites-enabled"), { recursive: true });
  mkdirSync(join(raddb, "sites-enabled"));
  rmSync(join(raddb, "mods-enabled", "eap"));
  const conf = join(raddb, "radiusd.conf");
  // Not in interop.md: the temp dir is private (mode 0700), so the server must stay the user who started it, not switch to freerad.
  const radiusd = readFileSync(conf, "utf8")
    .replace(/^proxy_requests\s*=.*$/m, "proxy_requests = no")
    .replace(/^(\s*)(user|group)\s*=\s*freerad\s*$/gm, "$1#$2 = freerad");
  writeFileSync(conf, radiusd);
  writeFileSync(join(raddb, "sites-enabled", "test"), site(port));
  const authorize = join(raddb, "mods-config", "files", "authorize");
  writeFileSync(authorize, USERS + readFileSync(authorize, "utf8"));
  return raddb;
}

async function freeUdpPort(): Promise<number> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const port = socket.address().port;
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

interface Server {
  child: ChildProcess;
  log: () => string;
}

/** Step 5: `timeout` bounds the server should this process die without stopping it. */
async function startFreeradius(raddb: string): Promise<Server> {
  const child = spawn("timeout", ["120", "freeradius", "-X", "-d", raddb], { stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  const log = () => text;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`FreeRADIUS not ready within 20 s:\n${text.slice(-3000)}`)), 20_000);
    const take = (chunk: Buffer) => {
      text += chunk.toString("utf8");
      if (text.includes("Ready to process requests")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", take);
    child.stderr!.on("data", take);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`FreeRADIUS exited with ${code} before it was ready:\n${text.slice(-3000)}`));
    });
  });
  return { child, log };
}

async function stopFreeradius(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.child.once("exit", () => resolve()));
  server.child.kill("SIGTERM");
  await exited;
}

function chapResponse(id: number, secret: string, challenge: Uint8Array): Uint8Array {
  return createHash("md5").update(Uint8Array.of(id)).update(Buffer.from(secret)).update(challenge).digest();
}

const bytes = (text: string) => Uint8Array.from(Buffer.from(text, "utf8"));

test("freeradius_3_2_answers_pap_chap_and_login_and_its_callback_reply_maps", async (t: TestContext) => {
  if (!requireProgram(t, "freeradius", "freeradius freeradius-utils")) return;
  const dir = mkdtempSync(join(tmpdir(), "dialback-freeradius-"));
  const port = await freeUdpPort();
  const server = await startFreeradius(writeRaddb(dir, port));
  const client = new RadiusClient({ servers: [{ host: "127.0.0.1", port, secret: SECRET }], timeoutMs: 2000, retries: 1, nasIdentifier: "dialback" });
  const explain = (answer: AaaAnswer) => `${JSON.stringify(answer)}\n--- FreeRADIUS log tail ---\n${server.log().slice(-4000)}`;
  try {
    await t.test("pap_accept_maps_callback_framed_user_number_and_avpair", async () => {
      const answer = await client.authenticate({ kind: "pap", line: 4, user: "cbuser", password: bytes("s3cret") });
      assert.deepEqual(
        answer,
        { verdict: "accept", callback: { dialstring: "5551234", noCallbackVerify: false, callbackLine: null, callbackRotary: null }, replyMessage: null },
        explain(answer),
      );
    });
    await t.test("pap_wrong_password_is_rejected", async () => {
      const answer = await client.authenticate({ kind: "pap", line: 4, user: "cbuser", password: bytes("s3cret!") });
      assert.equal(answer.verdict, "reject", explain(answer));
    });
    await t.test("pap_plain_user_accepts_without_callback_and_with_reply_message", async () => {
      const answer = await client.authenticate({ kind: "pap", line: 1, user: "plain", password: bytes("pl4in-pass") });
      assert.deepEqual(answer, { verdict: "accept", callback: null, replyMessage: "Hello plain" }, explain(answer));
    });
    await t.test("chap_accept_and_a_wrong_response_rejected", async () => {
      const challenge = Uint8Array.from(Buffer.from("0123456789abcdef0011", "hex"));
      const good = await client.authenticate({ kind: "chap", line: 2, user: "cbuser", id: 9, challenge, response: chapResponse(9, "s3cret", challenge) });
      assert.equal(good.verdict, "accept", explain(good));
      assert.equal(good.verdict === "accept" ? good.callback?.dialstring : undefined, "5551234");
      const bad = await client.authenticate({ kind: "chap", line: 2, user: "cbuser", id: 9, challenge, response: chapResponse(10, "s3cret", challenge) });
      assert.equal(bad.verdict, "reject", explain(bad));
    });
    await t.test("login_accept_for_the_plain_user", async () => {
      const answer = await client.authenticate({ kind: "login", line: 0, user: "plain", password: bytes("pl4in-pass") });
      assert.deepEqual(answer, { verdict: "accept", callback: null, replyMessage: "Hello plain" }, explain(answer));
      // The lcp: AV pair is for PPP; a login still gets Callback-Number from the same entry.
      const callbackUser = await client.authenticate({ kind: "login", line: 0, user: "cbuser", password: bytes("s3cret") });
      assert.equal(callbackUser.verdict === "accept" ? callbackUser.callback?.dialstring : callbackUser.verdict, "5551234", explain(callbackUser));
    });
    for (const auth of [Auth.PAP, Auth.CHAP]) {
      const name = auth === Auth.PAP ? "pap" : "chap";
      await t.test(`the_core_calls_a_freeradius_${name}_user_back_at_the_number_freeradius_gives`, async () => {
        // The reference's PPP example (its local Ted is called back at 1234567); cbuser exists
        // only on the server, which says 5551234.
        const cfg = readFileSync("tests/fixtures/config/ppp-client.cfg", "utf8").replaceAll("ppp authentication pap", `ppp authentication ${name}`) +
          '\nchat-script dial ABORT ERROR ABORT BUSY "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c\nline 7 9\n script callback dial\n';
        const b = await CallbackBench.create(cfg, [7, 8, 9]);
        b.server.exports.authModeSet(2);
        const responder = new AaaResponder(b.server, client, () => {});
        b.onServerEvent = (e) => responder.handle(e);
        b.answerOptions = { auth, user: "cbuser", secret: "s3cret" };
        b.dialIn(7, { auth, user: "cbuser", secret: "s3cret", callback: CallbackRequest.RFC1570, callbackOperation: 0 });
        const finished = () => b.serverKinds(CallbackEvent.Finished);
        assert.ok(await runUntilAnswered(b, () => responder.pending(), () => finished().length > 0, 120_000), server.log().slice(-3000));
        assert.equal(outcomeName(finished()[0].args[1]), "ok");
        assert.deepEqual(b.dialled.map((d) => d.number), ["5551234"]);
        const asked = b.serverKinds(EventKind.AuthRequest).map((e) => e.args[0]);
        assert.deepEqual(asked, [auth === Auth.PAP ? 0xc023 : 0xc223, auth === Auth.PAP ? 0xc023 : 0xc223], "asked on the way in and on the callback leg");
      });
    }
    await t.test("an_exec_login_freeradius_accepts_is_called_back_at_its_number", async () => {
      const cfg = 'service exec-callback\nchat-script dial ABORT ERROR "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c\n' +
        "line 4\n login local\n modem InOut\n script callback dial\n";
      const core = await Core.load();
      core.init(compileImage(compileConfig(cfg, "login.cfg").model));
      core.exports.authLoginModeSet(2);
      const term = new Terminal(core, 4);
      const modem = new ScriptedModem(term);
      const responder = new AaaResponder(core, client, () => {});
      term.carrier(true);
      term.wait(1000);
      term.type("cbuser\rs3cret\r");
      for (const e of term.events) responder.handle(e);
      assert.equal(responder.pending(), 1, "the login was asked of the server");
      while (responder.pending() > 0) await new Promise((r) => setImmediate(r));
      term.wait(0);
      assert.match(term.read(), /Callback initiated - line is disconnected\r\n$/, server.log().slice(-3000));
      term.wait(50);
      term.carrier(false);
      term.wait(10);
      modem.service();
      term.wait(1000);
      modem.service();
      assert.deepEqual(modem.dialled, ["5551234"]);
    });
    await t.test("a_wrong_shared_secret_gives_error_not_a_verdict", async () => {
      // FreeRADIUS cannot tell (no Message-Authenticator): it rejects, after its 1 s reject_delay, and signs with its own secret.
      const wrong = new RadiusClient({ servers: [{ host: "127.0.0.1", port, secret: "not-testing123" }], timeoutMs: 3000, retries: 0 });
      try {
        const answer = await wrong.authenticate({ kind: "pap", line: 4, user: "cbuser", password: bytes("s3cret") });
        assert.equal(answer.verdict, "error", explain(answer));
        assert.match(answer.verdict === "error" ? answer.reason : "", /replies failing the Response Authenticator check: 1/);
      } finally {
        wrong.close();
      }
    });
  } finally {
    client.close();
    await stopFreeradius(server);
    rmSync(dir, { recursive: true, force: true });
  }
});
