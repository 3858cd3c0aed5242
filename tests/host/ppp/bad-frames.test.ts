import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { PppPair, LINE } from "../../support/ppp-pair.ts";
import { hdlcFrame } from "../../support/hdlc.ts";
import { Auth, authUserAdd, CallbackAccept, CallbackRequest, CbcpType, PppPhase } from "../../../host/core/ppp.ts";
import { GlobalCounter } from "../../../host/core/abi.ts";

const PROTOCOLS = [0xc021, 0xc023, 0xc223, 0xc029, 0x8021, 0x0021, 0x8057, 0x80fd, 0x0001, 0xffff];

// A PPP frame whose control packet is plausible enough to reach deep into the parsers:
// a known protocol, any code, a Length that may lie, options with any lengths.
const frameArbitrary = fc
  .record({
    protocol: fc.constantFrom(...PROTOCOLS),
    compressed: fc.boolean(),
    code: fc.integer({ min: 0, max: 16 }),
    id: fc.integer({ min: 0, max: 255 }),
    lengthDelta: fc.integer({ min: -6, max: 6 }),
    body: fc.uint8Array({ maxLength: 48 }),
  })
  .map(({ protocol, compressed, code, id, lengthDelta, body }) => {
    const length = Math.max(0, 4 + body.length + lengthDelta);
    const packet = Buffer.concat([Buffer.from([code, id, length >> 8, length & 255]), body]);
    const full = Buffer.from([0xff, 0x03, protocol >> 8, protocol & 255]);
    const header = compressed ? full.subarray(protocol < 0x100 ? 3 : 2) : full;
    return Buffer.concat([header, packet.subarray(0, Math.max(0, 4 + body.length + Math.min(0, lengthDelta)))]);
  });

async function pairIn(phase: "establish" | "callback" | "network"): Promise<PppPair> {
  const pair = await PppPair.create();
  authUserAdd(pair.server, "ted", "rhoda");
  const cbcp = phase === "callback";
  pair.open(
    { ourAddress: "10.1.1.1", peerAddress: "10.1.1.2", auth: Auth.PAP, callback: cbcp ? CallbackAccept.CBCP : 0, cbcpTypes: [CbcpType.UserNumber] },
    { user: "ted", secret: "rhoda", callback: cbcp ? CallbackRequest.CBCP : 0, number: "1" },
  );
  if (phase === "network") pair.run(() => pair.find("client", "ipcpUp").length > 0);
  if (phase === "callback") {
    // Stop carrying the client's bytes once the server waits for its CBCP Response.
    for (let i = 0; i < 40 && pair.server.exports.pppPhase(LINE) !== PppPhase.Callback; i++) {
      const fromServer = pair.server.txDrain(LINE);
      const fromClient = pair.client.txDrain(LINE);
      pair.client.rxPush(LINE, fromServer);
      if (pair.server.exports.pppPhase(LINE) !== PppPhase.Callback) pair.server.rxPush(LINE, fromClient);
    }
  }
  const expected = { establish: PppPhase.Establish, callback: PppPhase.Callback, network: PppPhase.Network }[phase];
  assert.equal(pair.server.exports.pppPhase(LINE), expected);
  return pair;
}

for (const phase of ["establish", "callback", "network"] as const) {
  test(`random_control_packets_in_${phase}_phase_never_trap_or_hang`, async () => {
    const pair = await pairIn(phase);
    fc.assert(
      fc.property(fc.array(frameArbitrary, { maxLength: 20 }), (frames) => {
        for (const f of frames) {
          const wire = hdlcFrame(f);
          assert.equal(pair.server.rxPush(LINE, wire), wire.length);
          assert.equal(pair.client.rxPush(LINE, wire), wire.length);
        }
        pair.pump();
        pair.clock.advance(500);
        pair.server.tick(pair.clock.now());
        pair.client.tick(pair.clock.now());
        pair.pump();
      }),
      { seed: 4242, numRuns: 150 },
    );
    for (const core of [pair.server, pair.client]) {
      assert.equal(core.globalCounter(GlobalCounter.EventsDropped), 0);
      assert.ok(core.exports.pppPhase(LINE) >= PppPhase.Dead);
    }
    // Whatever the garbage did, the line takes a fresh session afterwards.
    pair.server.exports.pppClose(LINE);
    pair.client.exports.pppClose(LINE);
    pair.run(() => pair.server.exports.pppPhase(LINE) === PppPhase.Dead && pair.client.exports.pppPhase(LINE) === PppPhase.Dead, 200);
    assert.equal(pair.server.exports.pppPhase(LINE), PppPhase.Dead);
  });
}
