// RadiusClient against a real FreeRADIUS 3.2 (Debian `freeradius`), set up as
// interop.md §5 describes: a throw-away copy of the stock raddb in a temp
// dir, one auth listener on 127.0.0.1 at a free high port (never 1812), run in the foreground
// with -X and stopped at the end. Checks PAP, CHAP and login and the callback reply mapping.
// The client entry has `require_message_authenticator = yes` (FreeRADIUS drops any request
// without a valid one), and the server signs its replies with one (3.2.1 does not by itself).

import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { createSocket, type Socket } from "node:dgram";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RadiusClient, type AaaAnswer } from "../../host/aaa/radius-client.ts";
import { AaaResponder } from "../../host/aaa/responder.ts";
import {
  radiusDecode,
  radiusEncode,
  radiusEncodeResponse,
  radiusHidePassword,
  radiusText,
  RADIUS_ACCESS_ACCEPT,
  RADIUS_ACCESS_REQUEST,
  RADIUS_CALLBACK_NUMBER,
  RADIUS_MESSAGE_AUTHENTICATOR,
  RADIUS_NAS_IDENTIFIER,
  RADIUS_USER_NAME,
  RADIUS_USER_PASSWORD,
} from "../../host/aaa/radius-codec.ts";
import { requireProgram } from "../support/external.ts";
import { FREERADIUS_SECRET, freeUdpPort, startFreeradius, stopFreeradius, waitForLog, writeRaddb } from "./support/freeradius.ts";
import { CallbackBench, runUntilAnswered } from "../support/callback-bench.ts";
import { CallbackEvent, outcomeName } from "../../host/trace/describe.ts";
import { Auth, CallbackRequest, decodePppEvent } from "../../host/core/ppp.ts";
import { EventKind, PoolId } from "../../host/core/abi.ts";
import { Core } from "../../host/core/core.ts";
import { compileConfig } from "../../host/config/compile.ts";
import { compileImage } from "../../host/config/image.ts";
import { Terminal } from "../support/terminal.ts";
import { ScriptedModem } from "../support/scripted-modem.ts";
import { chapResponse } from "../support/chap.ts";

const SECRET = FREERADIUS_SECRET;

const USERS = `cbuser  Cleartext-Password := "s3cret"
        Service-Type = Callback-Framed-User,
        Framed-Protocol = PPP,
        Callback-Number = "5551234",
        Cisco-AVPair = "lcp:callback-dialstring=5551234"

plain   Cleartext-Password := "pl4in-pass"
        Reply-Message = "Hello plain"

fixedip Cleartext-Password := "f1xed-pass"
        Service-Type = Framed-User,
        Framed-Protocol = PPP,
        Framed-IP-Address = 192.0.2.77

`;

/** Sends one datagram to the server and returns its answer, or null after `limitMs` of silence. */
async function rawExchange(port: number, datagram: Uint8Array, limitMs: number): Promise<Uint8Array | null> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  try {
    return await new Promise<Uint8Array | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), limitMs);
      socket.once("message", (reply) => {
        clearTimeout(timer);
        resolve(Uint8Array.from(reply));
      });
      socket.send(datagram, port, "127.0.0.1");
    });
  } finally {
    socket.close();
  }
}

/** A man in the middle between the client and FreeRADIUS that rewrites each reply with `forge` (null: passes it through). */
class ForgingRelay {
  forged = 0;
  private readonly waiting = new Map<number, { port: number; authenticator: Uint8Array }>();

  private constructor(
    private readonly socket: Socket,
    readonly port: number,
    upstream: number,
    public forge: ((reply: Uint8Array, requestAuthenticator: Uint8Array) => Uint8Array) | null,
  ) {
    socket.on("message", (datagram, from) => {
      if (from.port !== upstream) {
        this.waiting.set(datagram[1], { port: from.port, authenticator: Uint8Array.from(datagram.subarray(4, 20)) });
        socket.send(datagram, upstream, "127.0.0.1");
        return;
      }
      const asked = this.waiting.get(datagram[1]);
      if (!asked) return;
      const reply = this.forge ? this.forge(Uint8Array.from(datagram), asked.authenticator) : datagram;
      if (this.forge) this.forged++;
      socket.send(reply, asked.port, "127.0.0.1");
    });
  }

  static async start(upstream: number, forge: ForgingRelay["forge"]): Promise<ForgingRelay> {
    const socket = createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    return new ForgingRelay(socket, socket.address().port, upstream, forge);
  }

  close(): void {
    this.socket.close();
  }
}

const bytes = (text: string) => Uint8Array.from(Buffer.from(text, "utf8"));

test("freeradius_3_2_answers_pap_chap_and_login_and_its_callback_reply_maps", async (t: TestContext) => {
  if (!requireProgram(t, "freeradius", "freeradius freeradius-utils")) return;
  const dir = mkdtempSync(join(tmpdir(), "dialback-freeradius-"));
  const port = await freeUdpPort();
  const server = await startFreeradius(writeRaddb(dir, { authPort: port, users: USERS }));
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
    await t.test("freeradius_framed_ip_address_is_the_peers_address_and_a_user_without_one_gets_a_pool_lease", async () => {
      // RFC 2865 §5.8: the server's Framed-IP-Address wins over `peer default ip address pool`.
      const cfg = [
        "ip local pool dialin 192.0.2.10 192.0.2.11", "interface Ethernet0", " ip address 192.0.2.1 255.255.255.0",
        "interface Async3", " ip unnumbered Ethernet0", " encapsulation ppp", " peer default ip address pool dialin", " ppp authentication pap",
        "line 3", " autoselect ppp", " modem InOut", "",
      ].join("\n");
      const peers: string[] = [];
      for (const [user, secret] of [["fixedip", "f1xed-pass"], ["plain", "pl4in-pass"]]) {
        const b = await CallbackBench.create(cfg, [3]);
        b.server.exports.authModeSet(2);
        const responder = new AaaResponder(b.server, client, () => {});
        b.onServerEvent = (e) => void responder.handle(e);
        const up = () => b.serverEvents.map(decodePppEvent).flatMap((p) => (p?.type === "ipcpUp" ? [p] : []));
        b.dialIn(3, { auth: Auth.PAP, user, secret });
        assert.ok(await runUntilAnswered(b, () => responder.pending(), () => up().length > 0, 30_000), server.log().slice(-3000));
        assert.equal(up()[0].ourAddress, "192.0.2.1");
        peers.push(up()[0].peerAddress);
        assert.equal(b.server.exports.poolUsage(PoolId.AddressLeases), user === "plain" ? 1 : 0, `${user}: leases held`);
      }
      assert.deepEqual(peers, ["192.0.2.77", "192.0.2.10"]);
    });
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
      // The request's Message-Authenticator tells FreeRADIUS the secret is wrong: it drops the request and answers nothing.
      const wrong = new RadiusClient({ servers: [{ host: "127.0.0.1", port, secret: "not-testing123" }], timeoutMs: 1500, retries: 0 });
      try {
        const answer = await wrong.authenticate({ kind: "pap", line: 4, user: "cbuser", password: bytes("s3cret") });
        assert.equal(answer.verdict, "error", explain(answer));
        assert.match(answer.verdict === "error" ? answer.reason : "", /no answer after 1 transmission/);
        await waitForLog(server, /with invalid Message-Authenticator! +\(Shared secret is incorrect\.\)/);
      } finally {
        wrong.close();
      }
    });
    await t.test("freeradius_drops_a_request_without_message_authenticator_as_configured", async () => {
      // The setting is in force: the same request as ours, less its Message-Authenticator, gets no answer.
      const authenticator = Uint8Array.from(randomBytes(16));
      const request = radiusEncode({
        code: RADIUS_ACCESS_REQUEST,
        identifier: 77,
        authenticator,
        attributes: [
          radiusText(RADIUS_USER_NAME, "plain"),
          { type: RADIUS_USER_PASSWORD, value: radiusHidePassword(bytes("pl4in-pass"), SECRET, authenticator) },
          radiusText(RADIUS_NAS_IDENTIFIER, "dialback"),
        ],
      });
      assert.equal(await rawExchange(port, request, 1500), null, server.log().slice(-3000));
      await waitForLog(server, /Packet does not contain required Message-Authenticator attribute/);
    });
    await t.test("a_forged_accept_without_message_authenticator_is_refused", async () => {
      // A man in the middle with the BlastRADIUS collision turns FreeRADIUS's Reject into an Accept: valid Response
      // Authenticator, no Message-Authenticator. Simulated with the secret; the client must refuse it.
      const logs: string[] = [];
      const relay = await ForgingRelay.start(port, (reply, requestAuthenticator) => {
        const packet = radiusDecode(reply);
        assert.ok(typeof packet !== "string", String(packet));
        const attributes = packet.attributes.filter((a) => a.type !== RADIUS_MESSAGE_AUTHENTICATOR);
        attributes.push(radiusText(RADIUS_CALLBACK_NUMBER, "0900666"));
        return radiusEncodeResponse({ code: RADIUS_ACCESS_ACCEPT, identifier: packet.identifier, attributes }, requestAuthenticator, SECRET, false);
      });
      const servers = [{ host: "127.0.0.1", port: relay.port, secret: SECRET }];
      const forged = new RadiusClient({ servers, timeoutMs: 2500, retries: 0, log: (l) => logs.push(l) });
      try {
        const answer = await forged.authenticate({ kind: "pap", line: 4, user: "cbuser", password: bytes("wrong-password") });
        assert.equal(answer.verdict, "error", explain(answer));
        assert.match(answer.verdict === "error" ? answer.reason : "", /without the Message-Authenticator this server must send \(Access-Accept\): 1/);
        assert.equal(relay.forged, 1, "FreeRADIUS answered and the relay forged its answer");
        assert.match(logs.join("\n"), /RADIUS: dropped a reply without the Message-Authenticator/);
        // The same relay passing FreeRADIUS's signed Reject through unchanged gives the true verdict.
        relay.forge = null;
        assert.equal((await forged.authenticate({ kind: "pap", line: 4, user: "cbuser", password: bytes("wrong-password") })).verdict, "reject");
      } finally {
        forged.close();
        relay.close();
      }
    });
  } finally {
    client.close();
    await stopFreeradius(server);
    rmSync(dir, { recursive: true, force: true });
  }
});
