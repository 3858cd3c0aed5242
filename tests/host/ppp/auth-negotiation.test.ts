// Authentication as IOS negotiates it, between two dialback cores: the server asks for the
// protocols of its `ppp authentication` order one after the other as the client Naks or
// Rejects them, every protocol of the four works end to end, an exhausted list closes the
// link saying so, a Nak loop is bounded, and MS-CHAPv2's Success is checked by the client.

import { test } from "node:test";
import assert from "node:assert/strict";
import { PppPair } from "../../support/ppp-pair.ts";
import { hdlcFrame } from "../../support/hdlc.ts";
import { Deframer } from "../../../host/trace/deframe.ts";
import { EventKind } from "../../../host/core/abi.ts";
import { Auth, AuthCode, authUserAdd, ChapAlgorithm, LinkDownReason, PppPhase, PROTOCOL_CHAP, PROTOCOL_PAP } from "../../../host/core/ppp.ts";

const SERVER = { ourAddress: "10.1.1.1", peerAddress: "10.1.1.2", name: "dialback", trace: true, capture: true };
const CLIENT = { user: "ted", secret: "rhoda", trace: true };

async function pair(): Promise<PppPair> {
  const p = await PppPair.create();
  assert.ok(authUserAdd(p.server, "ted", "rhoda") >= 0);
  return p;
}

function linkDown(p: PppPair, side: "server" | "client"): LinkDownReason | undefined {
  return p.find(side, "linkDown")[0]?.reason;
}

function traces(p: PppPair, side: "server" | "client"): string[] {
  return p.find(side, "trace").map((e) => e.text);
}

/** LCP option 3 of each Configure-Request the server sent, as hex ("c223 81", "c023"). */
function authAsked(p: PppPair): string[] {
  return p.frames
    .filter((f) => f.side === "server" && f.direction === "out")
    .map((f) => Buffer.from(f.frame).toString("hex"))
    .filter((hex) => /^(ff03)?c02101/.test(hex))
    .map((hex) => /0305c223(..)|0304(c023)/.exec(hex))
    .map((m) => (m ? (m[1] ? `c223 ${m[1]}` : "c023") : "none"));
}

const NAMES: Record<number, string> = { [AuthCode.PAP]: "PAP", [AuthCode.CHAP]: "CHAP", [AuthCode.MSCHAP]: "MS-CHAP", [AuthCode.MSCHAPV2]: "MS-CHAP-V2" };

for (const [code, protocol, algorithm] of [
  [AuthCode.PAP, PROTOCOL_PAP, 0],
  [AuthCode.CHAP, PROTOCOL_CHAP, ChapAlgorithm.MD5],
  [AuthCode.MSCHAP, PROTOCOL_CHAP, ChapAlgorithm.MSCHAP],
  [AuthCode.MSCHAPV2, PROTOCOL_CHAP, ChapAlgorithm.MSCHAPV2],
] as const) {
  test(`${NAMES[code]}_alone_authenticates_the_client_and_the_network_opens`, async () => {
    const p = await pair();
    p.open({ ...SERVER, authOrder: [code] }, CLIENT);
    p.run(() => p.find("server", "ipcpUp").length > 0 && p.find("client", "ipcpUp").length > 0);
    assert.deepEqual(p.find("server", "authSucceeded").map((e) => [e.direction, e.protocol, e.algorithm, e.name]), [["peer", protocol, algorithm, "ted"]]);
    assert.deepEqual(p.find("client", "authSucceeded").map((e) => [e.direction, e.protocol, e.algorithm]), [["self", protocol, algorithm]]);
    assert.equal(p.server.exports.pppPhase(1), PppPhase.Network);
  });

  test(`${NAMES[code]}_with_the_wrong_secret_fails_and_both_sides_close`, async () => {
    const p = await pair();
    p.open({ ...SERVER, authOrder: [code] }, { ...CLIENT, secret: "wrong" });
    p.run(() => linkDown(p, "server") !== undefined && linkDown(p, "client") !== undefined);
    assert.deepEqual(p.find("server", "authFailed").map((e) => [e.protocol, e.algorithm, e.name]), [[protocol, algorithm, "ted"]]);
    assert.equal(p.find("server", "ipcpUp").length, 0);
    assert.equal(linkDown(p, "server"), LinkDownReason.AuthFailed);
    assert.equal(linkDown(p, "client"), LinkDownReason.AuthFailed);
  });
}

test("a_client_that_does_only_pap_walks_the_server_down_its_list_one_protocol_per_nak", async () => {
  const p = await pair();
  p.open({ ...SERVER, authOrder: [AuthCode.MSCHAPV2, AuthCode.CHAP, AuthCode.MSCHAP, AuthCode.PAP] }, { ...CLIENT, auth: Auth.PAP });
  p.run(() => p.find("server", "ipcpUp").length > 0);
  assert.deepEqual(p.find("server", "authSucceeded").map((e) => e.protocol), [PROTOCOL_PAP]);
  // IOS order, whatever the Naks propose: MS-CHAPv2, CHAP, MS-CHAP, then PAP.
  assert.deepEqual(authAsked(p), ["c223 81", "c223 05", "c223 80", "c023"]);
  const t = traces(p, "server").filter((l) => l.includes("refused AuthProto"));
  assert.deepEqual(t, [
    "As1 LCP: peer refused AuthProto MS-CHAP-V2, asking for CHAP",
    "As1 LCP: peer refused AuthProto CHAP, asking for MS-CHAP",
    "As1 LCP: peer refused AuthProto MS-CHAP, asking for PAP",
  ]);
});

test("the_client_naks_with_its_own_preference_among_what_it_can_do", async () => {
  const p = await pair();
  p.open({ ...SERVER, authOrder: [AuthCode.PAP, AuthCode.MSCHAPV2] }, { ...CLIENT, auth: Auth.MSCHAPV2 | Auth.CHAP });
  p.run(() => p.find("server", "ipcpUp").length > 0);
  assert.deepEqual(p.find("server", "authSucceeded").map((e) => e.algorithm), [ChapAlgorithm.MSCHAPV2]);
  const naks = p.frames
    .filter((f) => f.side === "server" && f.direction === "in")
    .map((f) => Buffer.from(f.frame).toString("hex"))
    .filter((hex) => /^(ff03)?c02103/.test(hex));
  // MS-CHAPv2 first: the strongest the client may do.
  assert.ok(naks.length === 1 && naks[0].includes("0305c22381"), naks.join(" "));
});

test("a_list_the_client_refuses_entirely_closes_the_link_with_a_log_line_and_no_authentication", async () => {
  const p = await pair();
  p.open({ ...SERVER, authOrder: [AuthCode.CHAP, AuthCode.MSCHAPV2] }, { ...CLIENT, auth: Auth.PAP });
  const logs: string[] = [];
  p.onServerEvent = (e) => {
    if (e.kind === EventKind.Log) logs.push(Buffer.from(e.data).toString("latin1"));
  };
  p.run(() => linkDown(p, "server") !== undefined && linkDown(p, "client") !== undefined);
  assert.equal(linkDown(p, "server"), LinkDownReason.AuthRefused);
  assert.equal(p.find("server", "authSucceeded").length, 0);
  assert.deepEqual(authAsked(p), ["c223 05", "c223 81"]);
  assert.ok(traces(p, "server").includes("As1 LCP: peer refused AuthProto MS-CHAP-V2, no protocol of the list left: closing"), traces(p, "server").join("\n"));
  assert.deepEqual(logs, ["PPP: the caller refused every protocol of ppp authentication, link closed"]);
  // Closed with a Terminate-Request that says why, LCP never opened.
  const term = p.frames.filter((f) => f.side === "server" && f.direction === "out").map((f) => Buffer.from(f.frame).toString("latin1"));
  assert.ok(term.some((f) => f.includes("Authentication failed")), "TermReq text");
  assert.equal(p.find("server", "phase").some((e) => e.phase === PppPhase.Authenticate), false);
});

test("a_client_that_rejects_the_option_moves_the_server_to_the_next_protocol_too", async () => {
  const p = await pair();
  // A client with no credentials for anything Rejects option 3 outright (RFC 1661 §5.4).
  p.open({ ...SERVER, authOrder: [AuthCode.MSCHAPV2, AuthCode.PAP] }, { trace: true });
  p.run(() => linkDown(p, "server") !== undefined);
  assert.deepEqual(authAsked(p), ["c223 81", "c023"]);
  assert.equal(linkDown(p, "server"), LinkDownReason.AuthRefused);
});

/** Server→client bytes with `edit` applied to every CHAP Success frame, re-framed with a good FCS. */
function rewriteSuccess(p: PppPair, edit: (message: Buffer) => Buffer): void {
  const deframer = new Deframer();
  p.tamper = (from, bytes) => {
    if (from !== "server") return bytes;
    const out: Buffer[] = [];
    deframer.push(
      bytes,
      (frame) => {
        const f = Buffer.from(frame);
        const at = f[0] === 0xff ? 2 : 0;
        if (f.readUInt16BE(at) === PROTOCOL_CHAP && f[at + 2] === 3) {
          const message = edit(f.subarray(at + 6));
          const head = Buffer.from(f.subarray(0, at + 6));
          head.writeUInt16BE(4 + message.length, at + 4);
          out.push(hdlcFrame(Buffer.concat([head, message])));
        } else {
          out.push(hdlcFrame(f));
        }
      },
      () => {},
    );
    return Buffer.concat(out);
  };
}

test("mschapv2_client_refuses_a_success_whose_authenticator_response_is_forged", async () => {
  const p = await pair();
  // One hex digit of "S=<40 hex>" changed on the way: the client must not believe the server.
  rewriteSuccess(p, (m) => {
    const text = m.toString("latin1");
    return Buffer.from(`S=${text[2] === "0" ? "1" : "0"}${text.slice(3)}`, "latin1");
  });
  p.open({ ...SERVER, authOrder: [AuthCode.MSCHAPV2] }, CLIENT);
  p.run(() => linkDown(p, "client") !== undefined);
  assert.deepEqual(p.find("client", "authFailed").map((e) => [e.direction, e.algorithm]), [["self", ChapAlgorithm.MSCHAPV2]]);
  assert.equal(p.find("client", "authSucceeded").length, 0);
  assert.equal(p.find("client", "ipcpUp").length, 0);
  assert.equal(linkDown(p, "client"), LinkDownReason.AuthFailed);
  assert.ok(traces(p, "client").includes("As1 CHAP: MS-CHAP-V2 Success with a wrong authenticator response, closing"));
});

test("mschapv2_client_refuses_a_success_with_no_authenticator_response_at_all", async () => {
  const p = await pair();
  rewriteSuccess(p, () => Buffer.from("Welcome", "latin1"));
  p.open({ ...SERVER, authOrder: [AuthCode.MSCHAPV2] }, CLIENT);
  p.run(() => linkDown(p, "client") !== undefined);
  assert.equal(linkDown(p, "client"), LinkDownReason.AuthFailed);
  assert.equal(p.find("client", "ipcpUp").length, 0);
});

test("the_server_s_mschapv2_success_and_failure_texts_are_as_rfc_2759_writes_them", async () => {
  const ok = await pair();
  ok.open({ ...SERVER, authOrder: [AuthCode.MSCHAPV2] }, CLIENT);
  ok.run(() => ok.find("server", "ipcpUp").length > 0);
  const chapOut = (p: PppPair, code: number) =>
    p.frames
      .filter((f) => f.side === "server" && f.direction === "out")
      .map((f) => Buffer.from(f.frame))
      .map((f) => (f[0] === 0xff ? f.subarray(2) : f))
      .filter((f) => f.readUInt16BE(0) === PROTOCOL_CHAP && f[2] === code)
      .map((f) => f.subarray(6).toString("latin1"));
  assert.match(chapOut(ok, 3)[0], /^S=[0-9A-F]{40} M=Welcome$/);
  const bad = await pair();
  bad.open({ ...SERVER, authOrder: [AuthCode.MSCHAPV2] }, { ...CLIENT, secret: "nope" });
  bad.run(() => linkDown(bad, "server") !== undefined);
  assert.match(chapOut(bad, 4)[0], /^E=691 R=0 C=[0-9A-F]{32} V=3 M=Authentication failure$/);
});
