// Hostile AAA servers: thousands of garbage, truncated, replayed and forged RADIUS and TACACS+
// replies from a seeded mutator. Each one must be refused and logged, the verdict is never
// "accept", nothing throws, and through the core no callback is ever asked for.
//
// What a forger aims at is always an Accept (or PASS) granting a callback to 0900666; the true
// answer for the user asked about is a Reject (FAIL). TACACS+ bodies are only obfuscated (RFC
// 8907 §10: no integrity), so an on-path change of an authentic body cannot be detected and is
// left out; every reply not made with the key for this very session is in.
//
// AAA_FUZZ_SEED=n replays another run.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server, type Socket } from "node:net";
import { Rng } from "../../../host/sim/rng.ts";
import { RadiusClient, type AaaAnswer, type AaaRequest } from "../../../host/aaa/radius-client.ts";
import { TacacsClient } from "../../../host/aaa/tacacs-client.ts";
import { AaaResponder, type AaaClient } from "../../../host/aaa/responder.ts";
import {
  radiusDecode,
  radiusEncodeResponse,
  radiusText,
  RADIUS_ACCESS_ACCEPT,
  RADIUS_ACCESS_REJECT,
  RADIUS_CALLBACK_NUMBER,
  RADIUS_MESSAGE_AUTHENTICATOR,
  type RadiusPacket,
} from "../../../host/aaa/radius-codec.ts";
import {
  TACACS_AUTHEN_STATUS_FAIL,
  TACACS_AUTHEN_STATUS_PASS,
  TACACS_AUTHENTICATION,
  TACACS_AUTHOR_STATUS_FAIL,
  TACACS_AUTHOR_STATUS_PASS_ADD,
  TACACS_FLAG_UNENCRYPTED,
  TACACS_HEADER_LENGTH,
  tacacsAuthenReplyEncode,
  tacacsAuthorResponseEncode,
  tacacsHeaderDecode,
  tacacsPacketEncode,
  type TacacsHeader,
} from "../../../host/aaa/tacacs-codec.ts";
import { FakeRadiusServer } from "../../support/radius-fixture.ts";
import { CallbackBench, runUntilAnswered } from "../../support/callback-bench.ts";
import { CallbackEvent } from "../../../host/trace/describe.ts";
import { Auth, CallbackRequest } from "../../../host/core/ppp.ts";
import { EventKind } from "../../../host/core/abi.ts";

const SEED = Number(process.env.AAA_FUZZ_SEED ?? 0x5eed1);
const SECRET = "Fuzz-Radius-Secret-77";
const KEY = "Fuzz-Tacacs-Key-19";
const PASSWORD = "mallory-Passw0rd";
const FORGED_NUMBER = "0900666";
const bytes = (text: string) => Uint8Array.from(Buffer.from(text, "latin1"));
const pap = (user: string, password: string): AaaRequest => ({ kind: "pap", line: 7, user, password: bytes(password) });

/** Nothing a server or forger sends may put a secret of ours into a log or a reason. */
function assertNoSecret(text: string): void {
  for (const secret of [SECRET, KEY, PASSWORD]) assert.ok(!text.includes(secret), `leaks a secret: ${text}`);
}

/** `data` with 1 to 8 distinct bits of octets from..to-1 flipped (never the same bit twice: that would give `data` back). */
function flipBits(rng: Rng, data: Uint8Array, from: number, to: number): Uint8Array {
  const out = Uint8Array.from(data);
  const bits = new Set<number>();
  for (let n = Math.min(rng.int(1, 8), (to - from) * 8); bits.size < n; ) bits.add(rng.int(from * 8, to * 8 - 1));
  for (const bit of bits) out[bit >> 3] ^= 1 << (bit & 7);
  return out;
}

// ---- RADIUS ----

/** What a forger can send in place of the server's answer to `request`; `past` are authentic Accepts to earlier requests. */
function radiusMutant(rng: Rng, server: FakeRadiusServer, request: RadiusPacket, past: Uint8Array[]): { kind: string; datagram: Uint8Array } {
  const callback = [radiusText(RADIUS_CALLBACK_NUMBER, FORGED_NUMBER)];
  const accept = server.reply(request, RADIUS_ACCESS_ACCEPT, callback);
  const signed = (attributes: RadiusPacket["attributes"], secret = SECRET, withOne = true) =>
    radiusEncodeResponse({ code: RADIUS_ACCESS_ACCEPT, identifier: request.identifier, attributes }, request.authenticator, secret, withOne);
  const withId = (datagram: Uint8Array, identifier: number) => {
    const out = Uint8Array.from(datagram);
    out[1] = identifier;
    return out;
  };
  switch (rng.int(0, 12)) {
    case 0: {
      const noise = rng.bytes(rng.int(0, 300));
      if (noise.length >= 4 && rng.next() < 0.5) {
        noise[0] = RADIUS_ACCESS_ACCEPT;
        noise[1] = request.identifier;
        noise[2] = noise.length >> 8;
        noise[3] = noise.length & 0xff;
      }
      return { kind: "garbage", datagram: noise };
    }
    case 1:
      return { kind: "truncated", datagram: accept.slice(0, rng.int(0, accept.length - 1)) };
    case 2: {
      const cut = Uint8Array.from(accept.slice(0, rng.int(20, accept.length - 1)));
      cut[2] = cut.length >> 8;
      cut[3] = cut.length & 0xff;
      return { kind: "truncated, Length fixed", datagram: cut };
    }
    case 3:
      if (past.length) return { kind: "replayed", datagram: past[rng.int(0, past.length - 1)] };
      return { kind: "replayed", datagram: accept.slice(0, 19) };
    case 4:
      if (past.length) return { kind: "replayed, identifier ours", datagram: withId(past[rng.int(0, past.length - 1)], request.identifier) };
      return { kind: "replayed, identifier ours", datagram: withId(accept.slice(0, 19), request.identifier) };
    case 5:
      return { kind: "forged, wrong secret", datagram: signed(callback, "guessed-secret") };
    case 6: {
      const out = Uint8Array.from(accept);
      out.set(rng.bytes(16), 4);
      return { kind: "forged, random Response Authenticator", datagram: out };
    }
    case 7: {
      // Signed with the secret over a spoiled Message-Authenticator: only that check can refuse it.
      const packet = radiusDecode(accept) as RadiusPacket;
      const value = flipBits(rng, packet.attributes[0].value, 0, 16);
      return { kind: "forged, bad Message-Authenticator", datagram: signed([{ type: RADIUS_MESSAGE_AUTHENTICATOR, value }, ...callback], SECRET, false) };
    }
    case 8:
      return { kind: "forged, BlastRADIUS (no Message-Authenticator)", datagram: signed(callback, SECRET, false) };
    case 9: {
      const turned = Uint8Array.from(server.reply(request, RADIUS_ACCESS_REJECT));
      turned[0] = RADIUS_ACCESS_ACCEPT;
      return { kind: "forged, Reject turned Accept", datagram: turned };
    }
    case 10:
      return { kind: "forged, wrong identifier", datagram: withId(accept, (request.identifier + rng.int(1, 255)) & 0xff) };
    case 11:
      // Signed over both, the first one right: RFC 3579 §3.3 allows at most one.
      return { kind: "forged, two Message-Authenticators", datagram: signed([...callback, { type: RADIUS_MESSAGE_AUTHENTICATOR, value: new Uint8Array(16) }]) };
    default:
      return { kind: "forged, bits flipped", datagram: flipBits(rng, accept, 0, accept.length) };
  }
}

test("radius: thousands of garbage, truncated, replayed and forged replies are dropped and logged; only the true Reject counts", async () => {
  const rng = new Rng(SEED);
  const REQUESTS = 150;
  const PER_REQUEST = 20;
  const kinds = new Map<string, number>();
  const past: Uint8Array[] = [];
  const server = await FakeRadiusServer.start((request, s) => {
    const out: Uint8Array[] = [];
    for (let i = 0; i < PER_REQUEST; i++) {
      const m = radiusMutant(rng, s, request, past);
      kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
      out.push(m.datagram);
    }
    past.push(s.reply(request, RADIUS_ACCESS_ACCEPT, [radiusText(RADIUS_CALLBACK_NUMBER, FORGED_NUMBER)]));
    return [...out, s.reply(request, RADIUS_ACCESS_REJECT)];
  }, SECRET);
  const logs: string[] = [];
  const servers = [{ host: "127.0.0.1", port: server.port, secret: SECRET }];
  const client = new RadiusClient({ servers, timeoutMs: 5000, retries: 0, log: (l) => logs.push(l) });
  try {
    for (let i = 0; i < REQUESTS; i++) {
      const answer = await client.authenticate(pap("mallory", PASSWORD));
      assert.deepEqual(answer, { verdict: "reject", replyMessage: null }, `request ${i} (AAA_FUZZ_SEED=${SEED})`);
    }
    await new Promise((r) => setTimeout(r, 50)); // stragglers of the last request
  } finally {
    client.close();
    server.close();
  }
  assert.equal(server.received.length, REQUESTS, "no retransmission: every request was answered");
  assert.equal(client.dropped, REQUESTS * PER_REQUEST, "every mutated reply dropped");
  assert.equal(logs.length, REQUESTS * PER_REQUEST, "every drop logged");
  for (const line of logs) assert.match(line, /^RADIUS: dropped a /);
  assertNoSecret(logs.join("\n"));
  assert.equal(kinds.size, 13, `every kind of reply was tried: ${[...kinds.keys()].join(", ")}`);
});

// ---- TACACS+ ----

interface TacacsPlan {
  /** Answers an authentication START (null: the genuine FAIL or PASS as `passAuthentication` says). */
  authentication: ((header: TacacsHeader) => Uint8Array) | null;
  authorization: ((header: TacacsHeader) => Uint8Array) | null;
  passAuthentication: boolean;
}

/** A TACACS+ server that answers the first packet of each connection as `plan()` says, then closes. */
class MutatingTacacs {
  connections = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly plan: () => TacacsPlan,
  ) {
    server.on("connection", (socket) => this.accept(socket));
  }

  static async start(plan: () => TacacsPlan): Promise<MutatingTacacs> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (!address || typeof address === "string") throw new Error("no TCP address");
    return new MutatingTacacs(server, address.port, plan);
  }

  private accept(socket: Socket): void {
    this.connections++;
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    socket.on("error", () => {});
    let buffer = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const header = tacacsHeaderDecode(buffer);
      if (typeof header === "string" || buffer.length < TACACS_HEADER_LENGTH + header.length) return;
      const plan = this.plan();
      const answer = header.type === TACACS_AUTHENTICATION ? plan.authentication : plan.authorization;
      socket.end(answer ? answer(header) : genuine(header, header.type === TACACS_AUTHENTICATION && plan.passAuthentication));
      buffer = Buffer.alloc(0);
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

// RFC 8907 §4.1: a reply keeps version, type and session_id and takes the next seq_no.
const replyHeader = (request: TacacsHeader) => ({
  version: request.version,
  type: request.type,
  seqNo: request.seqNo + 1,
  flags: 0,
  sessionId: request.sessionId,
});

/** The body a real server would send: PASS or FAIL, for authentication or authorization. */
function body(type: number, pass: boolean): Uint8Array {
  if (type === TACACS_AUTHENTICATION) {
    const status = pass ? TACACS_AUTHEN_STATUS_PASS : TACACS_AUTHEN_STATUS_FAIL;
    return tacacsAuthenReplyEncode({ status, flags: 0, serverMsg: new Uint8Array(), data: new Uint8Array() });
  }
  const args = pass ? [`callback-dialstring=${FORGED_NUMBER}`] : [];
  const status = pass ? TACACS_AUTHOR_STATUS_PASS_ADD : TACACS_AUTHOR_STATUS_FAIL;
  return tacacsAuthorResponseEncode({ status, serverMsg: new Uint8Array(), data: new Uint8Array(), args });
}

function genuine(request: TacacsHeader, pass: boolean): Uint8Array {
  return tacacsPacketEncode(replyHeader(request), body(request.type, pass), KEY);
}

/** What a forger can send in place of the server's answer; `past` holds authentic PASS replies of earlier sessions. */
function tacacsMutant(rng: Rng, request: TacacsHeader, past: Uint8Array[]): { kind: string; packet: Uint8Array } {
  const header = replyHeader(request);
  const pass = body(request.type, true);
  const fail = genuine(request, false);
  const encode = (changes: Partial<typeof header>, key = KEY) => tacacsPacketEncode({ ...header, ...changes }, pass, key);
  switch (rng.int(0, 11)) {
    case 0:
      return { kind: "garbage", packet: rng.bytes(rng.int(0, 200)) };
    case 1: {
      // A header that passes every check, then a body of random octets.
      const noise = rng.bytes(rng.int(0, 120));
      return { kind: "garbage body", packet: Uint8Array.from([...encode({}).subarray(0, 8), 0, 0, noise.length >> 8, noise.length & 0xff, ...noise]) };
    }
    case 2:
      return { kind: "truncated", packet: fail.slice(0, rng.int(0, fail.length - 1)) };
    case 3:
      return { kind: "replayed", packet: past.length ? past[rng.int(0, past.length - 1)] : encode({ sessionId: request.sessionId ^ 1 }) };
    case 4: {
      const old = Uint8Array.from(past.length ? past[rng.int(0, past.length - 1)] : encode({}, "x"));
      new DataView(old.buffer).setUint32(4, request.sessionId);
      return { kind: "replayed, session_id ours", packet: old };
    }
    case 5:
      return { kind: "forged, wrong key", packet: encode({}, "guessed-key") };
    case 6:
      return { kind: "forged, unobfuscated", packet: tacacsPacketEncode({ ...header, flags: TACACS_FLAG_UNENCRYPTED }, pass, KEY) };
    case 7:
      return { kind: "forged, wrong seq_no", packet: encode({ seqNo: (header.seqNo + rng.int(1, 250)) & 0xff }) };
    case 8:
      return { kind: "forged, wrong version", packet: encode({ version: header.version ^ rng.int(1, 15) }) };
    case 9:
      return { kind: "forged, wrong type", packet: encode({ type: header.type ^ rng.int(1, 7) }) };
    case 10:
      return { kind: "forged, wrong session_id", packet: encode({ sessionId: (request.sessionId ^ (rng.nextU32() | 1)) >>> 0 }) };
    default:
      // The true FAIL with its header damaged: refused, or still the true FAIL.
      return { kind: "header bits flipped", packet: flipBits(rng, fail, 0, TACACS_HEADER_LENGTH) };
  }
}

test("tacacs+: garbage, truncated, replayed and forged replies never give a PASS, in authentication or authorization", async () => {
  const rng = new Rng(SEED ^ 0x7acac5);
  const past: Uint8Array[] = [];
  const kinds = new Map<string, number>();
  let phase: "authentication" | "authorization" = "authentication";
  const mutate = (request: TacacsHeader) => {
    past.push(genuine(request, true));
    const m = tacacsMutant(rng, request, past.slice(0, -1));
    kinds.set(`${phase}: ${m.kind}`, (kinds.get(`${phase}: ${m.kind}`) ?? 0) + 1);
    return m.packet;
  };
  const server = await MutatingTacacs.start(() =>
    phase === "authentication"
      ? { authentication: mutate, authorization: null, passAuthentication: false }
      : { authentication: null, authorization: mutate, passAuthentication: true },
  );
  const client = new TacacsClient({ servers: [{ host: "127.0.0.1", port: server.port, key: KEY }], timeoutMs: 5000 });
  const answers: AaaAnswer[] = [];
  try {
    for (const [which, count] of [["authentication", 700], ["authorization", 500]] as const) {
      phase = which;
      for (let i = 0; i < count; i++) {
        const answer = await client.authenticate(pap("mallory", PASSWORD));
        assert.notEqual(answer.verdict, "accept", `${which} ${i} (AAA_FUZZ_SEED=${SEED}): ${JSON.stringify(answer)}`);
        answers.push(answer);
      }
    }
  } finally {
    client.close();
    await server.close();
  }
  assert.equal(server.connections, 700 + 2 * 500, "one connection per session, authorization after the genuine PASS");
  const errors = answers.filter((a): a is Extract<AaaAnswer, { verdict: "error" }> => a.verdict === "error");
  assert.ok(errors.length > 1000, `most replies refused as errors (${errors.length})`);
  for (const e of errors) assert.match(e.reason, /^no TACACS\+ (authentication|authorization) answer from 1 server\(s\); last 127\.0\.0\.1:\d+: /);
  assertNoSecret(errors.map((e) => e.reason).join("\n"));
  assert.equal(kinds.size, 24, `every kind in both phases: ${[...kinds.keys()].join(", ")}`);
});

// ---- through the core: no callback ----

const BENCH_CONFIG =
  'chat-script dial "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c\nusername Ted callback-dialstring 1234567 callback-rotary 77 password Rhoda\n' +
  "interface async 7\n encapsulation ppp\n ppp callback accept\n ppp authentication pap\n" +
  "line 7 9\n rotary 77\n script callback dial\nline 7\n autoselect ppp\n";

/** One dial-in asking for callback, answered by `client` through the responder; returns what the core did. */
async function dialInThrough(client: AaaClient): Promise<{ requested: number; dialled: number; authFailed: number; logs: string[] }> {
  const b = await CallbackBench.create(BENCH_CONFIG, [7, 8, 9]);
  b.server.exports.authModeSet(2);
  const logs: string[] = [];
  const responder = new AaaResponder(b.server, client, () => {}, (l) => logs.push(l));
  b.onServerEvent = (e) => responder.handle(e);
  b.dialIn(7, { auth: Auth.PAP, user: "mallory", secret: PASSWORD, callback: CallbackRequest.RFC1570, callbackOperation: 0 });
  const failed = () => b.serverKinds(EventKind.AuthFailed).length > 0;
  await runUntilAnswered(b, () => responder.pending(), failed, 60_000);
  b.runUntil(() => false, 5_000);
  return {
    requested: b.serverKinds(CallbackEvent.Requested).length,
    dialled: b.dialled.length,
    authFailed: b.serverKinds(EventKind.AuthFailed).length,
    logs,
  };
}

test("through the core: forged RADIUS and TACACS+ accepts with a callback number never make a callback", async () => {
  const rng = new Rng(SEED ^ 0xc0e);
  const past: Uint8Array[] = [];
  const radius = await FakeRadiusServer.start((request, s) => {
    const out = Array.from({ length: 10 }, () => radiusMutant(rng, s, request, past).datagram);
    past.push(s.reply(request, RADIUS_ACCESS_ACCEPT, [radiusText(RADIUS_CALLBACK_NUMBER, FORGED_NUMBER)]));
    return [...out, s.reply(request, RADIUS_ACCESS_REJECT)];
  }, SECRET);
  const tacacsPast: Uint8Array[] = [];
  const tacacs = await MutatingTacacs.start(() => ({
    authentication: (request) => {
      tacacsPast.push(genuine(request, true));
      return tacacsMutant(rng, request, tacacsPast.slice(0, -1)).packet;
    },
    authorization: null,
    passAuthentication: false,
  }));
  const radiusLogs: string[] = [];
  const radiusServers = [{ host: "127.0.0.1", port: radius.port, secret: SECRET }];
  const radiusClient = new RadiusClient({ servers: radiusServers, timeoutMs: 5000, retries: 0, log: (l) => radiusLogs.push(l) });
  const tacacsClient = new TacacsClient({ servers: [{ host: "127.0.0.1", port: tacacs.port, key: KEY }], timeoutMs: 5000 });
  try {
    for (let i = 0; i < 15; i++) {
      for (const [name, client] of [["radius", radiusClient], ["tacacs+", tacacsClient]] as const) {
        const run = await dialInThrough(client);
        const where = `${name} dial-in ${i} (AAA_FUZZ_SEED=${SEED})`;
        assert.equal(run.requested, 0, `${where}: a callback was asked for`);
        assert.equal(run.dialled, 0, `${where}: something was dialled`);
        assert.ok(run.authFailed >= 1, `${where}: the caller was not refused`);
        assert.match(run.logs.join("\n"), /AAA: (mallory rejected|no answer for mallory \(.*\), refused)/, where);
        assertNoSecret(run.logs.join("\n"));
      }
    }
  } finally {
    radiusClient.close();
    tacacsClient.close();
    radius.close();
    await tacacs.close();
  }
  assert.equal(radiusLogs.length, 15 * 10, "every forged RADIUS reply logged");
  assertNoSecret(radiusLogs.join("\n"));
});
