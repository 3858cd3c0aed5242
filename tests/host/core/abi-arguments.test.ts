// boards/abi.md: "No call traps on any argument: a bad line, a negative length or a pointer
// past memory is refused and counted." Every export that takes a region of host memory is
// called with regions that end past the memory, start past it or have a negative length;
// none may trap (now or at a later tick), and the core goes on working.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Core } from "../../../host/core/core.ts";
import { GlobalCounter, Signal } from "../../../host/core/abi.ts";
import { compileConfig } from "../../../host/config/compile.ts";
import { compileImage } from "../../../host/config/image.ts";

const CONFIG = `
chat-script dial "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c
username ted password rhoda
line 1 2
 login local
 script callback dial
`;

type Call = (ptr: number, len: number) => unknown;

async function freshCore(): Promise<{ core: Core; image: Uint8Array }> {
  const image = compileImage(compileConfig(CONFIG, "regions.cfg").model);
  const core = await Core.load();
  core.init(image);
  return { core, image };
}

test("no_export_traps_on_a_region_outside_memory", async () => {
  const { core, image } = await freshCore();
  const ex = core.exports;
  const size = core.memoryBytes;
  const calls: Record<string, Call> = {
    rxPush: (p, l) => ex.rxPush(1, p, l),
    frameSend: (p, l) => ex.frameSend(1, p, l),
    directoryUserAdd: (p, l) => ex.directoryUserAdd(p, l, p, l, 0),
    hostnameSet: (p, l) => ex.hostnameSet(p, l),
    configUserFind: (p, l) => ex.configUserFind(p, l),
    chatLoad: (p, l) => ex.chatLoad(p, l),
    chatRun: (p, l) => ex.chatRun(2, 0, p, l),
    chatBenchScan: (p, l) => ex.chatBenchScan(p, l, 1),
    pppOpen: (p, l) => ex.pppOpen(1, 0, p, l),
    ipPush: (p, l) => ex.ipPush(1, p, l),
    entropyPush: (p, l) => ex.entropyPush(p, l),
    authUserAdd: (p, l) => ex.authUserAdd(p, l, p, l, 0),
    aaaUserSet: (p, l) => ex.aaaUserSet(p, l, 1, p, l, 0, 0, 0, p, l),
  };
  const regions: [number, number][] = [
    [size - 4, 8], // ends past memory
    [size - 4, 100],
    [size + 100, 1], // starts past it
    [-1, 8], // 0xFFFFFFFF as a pointer
    [0, -1], // negative length
  ];
  const trapped: string[] = [];
  for (const [name, call] of Object.entries(calls)) {
    for (const [ptr, len] of regions) {
      try {
        call(ptr, len);
        ex.tick(1000); // a region kept and read later would trap here
      } catch (e) {
        trapped.push(`${name}(${ptr}, ${len}): ${(e as Error).message}`);
        core.init(image);
      }
    }
  }
  assert.deepEqual(trapped, []);
  assert.ok(core.globalCounter(GlobalCounter.BadCalls) > 0, "the refusals are counted");
});

test("a_refused_region_leaves_the_chat_engine_working", async () => {
  const { core } = await freshCore();
  const ex = core.exports;
  ex.chatLoad(core.memoryBytes - 4, 100);
  ex.chatBenchScan(core.memoryBytes - 1, 2, 1);
  // The image's scripts are still there and run: ATZ goes out on line 2.
  const dial = ex.chatBuffer(7);
  new Uint8Array(ex.memory.buffer).set(Buffer.from("5551234"), dial);
  core.signals(2, Signal.DSR | Signal.CTS);
  assert.equal(ex.chatRun(2, 0, dial, 7), 0);
  core.tick(0);
  assert.match(Buffer.from(core.txDrain(2)).toString("latin1"), /ATZ\r/);
});

test("tick_takes_only_a_finite_time_a_later_call_can_still_move", async () => {
  // A host that passes Infinity (or NaN) must not end time: every later deadline would be
  // due at once and a prompt would time out the moment it appears.
  const { core } = await freshCore();
  core.signals(1, Signal.DCD | Signal.DSR | Signal.CTS);
  core.tick(1000);
  core.txDrain(1);
  const bad = core.globalCounter(GlobalCounter.BadCalls);
  for (const t of [Infinity, NaN, -Infinity]) core.exports.tick(t);
  assert.equal(core.globalCounter(GlobalCounter.BadCalls), bad + 3, "each refused and counted");
  assert.equal(Buffer.from(core.txDrain(1)).toString("latin1"), "", "the login prompt did not time out");
  assert.equal(core.tick(2000), 31000, "the Username deadline still counts from its prompt");
  core.tick(31000);
  assert.match(Buffer.from(core.txDrain(1)).toString("latin1"), /timeout expired/);
});
