// The access server authenticating itself when the caller asks it to (a router that requires
// authentication both ways): `ppp chap hostname` and `ppp chap password` answer CHAP, MS-CHAP
// and MS-CHAPv2 challenges, `ppp pap sent-username` answers PAP; without them the server
// refuses the caller's request and the caller gets no authentication from it.

import { test } from "node:test";
import assert from "node:assert/strict";
import { CallbackBench, CLIENT_LINE } from "../../support/callback-bench.ts";
import { ImageStatus, Signal } from "../../../host/core/abi.ts";
import { Core } from "../../../host/core/core.ts";
import { compileConfig } from "../../../host/config/compile.ts";
import { configSections } from "../../../host/config/image.ts";
import { showRunningConfig } from "../../../host/config/show.ts";
import { encodeSystem, SectionType, systemForLines, writeImage } from "../../../host/image/writer.ts";
import { authUserAdd, AuthCode, ChapAlgorithm, decodePppEvent, type PppEvent, PppRole, pppOpen, PROTOCOL_CHAP, PROTOCOL_PAP } from "../../../host/core/ppp.ts";

function config(credentials: string): string {
  return `hostname Router
username ted password rhoda
interface async 5
 encapsulation ppp
 ppp authentication chap pap
${credentials}line 5
 autoselect ppp
`;
}

const CREDENTIALS = " ppp chap hostname dialback-5\n ppp chap password Sekr1t\n ppp pap sent-username bob password PapPw7\n";

/** A caller that also authenticates the server, with `code`, knowing `known` (name, secret) pairs. */
async function dial(credentials: string, code: number, known: [string, string][]): Promise<{ caller: PppEvent[]; server: PppEvent[] }> {
  const b = await CallbackBench.create(config(credentials), [5]);
  for (const [name, secret] of known) assert.ok(authUserAdd(b.client, name, secret) >= 0);
  b.connected = 5;
  b.server.signals(5, Signal.DCD | Signal.DSR | Signal.CTS);
  assert.equal(pppOpen(b.client, CLIENT_LINE, PppRole.Server, { authOrder: [code], user: "ted", secret: "rhoda", name: "caller" }), 0);
  const caller = () => b.clientEvents.map(decodePppEvent).filter((e): e is PppEvent => e !== null);
  const done = () => caller().some((e) => e.type === "ipcpUp" || e.type === "linkDown");
  assert.ok(b.runUntil(done, 30_000), "the call neither opened nor ended");
  return { caller: caller(), server: b.serverEvents.map(decodePppEvent).filter((e): e is PppEvent => e !== null) };
}

function proven(events: PppEvent[], direction: "peer" | "self"): [number, number, string][] {
  const rows: [number, number, string][] = [];
  for (const e of events) if (e.type === "authSucceeded" && e.direction === direction) rows.push([e.protocol, e.algorithm, e.name]);
  return rows;
}

for (const [code, protocol, algorithm, name] of [
  [AuthCode.CHAP, PROTOCOL_CHAP, ChapAlgorithm.MD5, "dialback-5"],
  [AuthCode.MSCHAP, PROTOCOL_CHAP, ChapAlgorithm.MSCHAP, "dialback-5"],
  [AuthCode.MSCHAPV2, PROTOCOL_CHAP, ChapAlgorithm.MSCHAPV2, "dialback-5"],
  [AuthCode.PAP, PROTOCOL_PAP, 0, "bob"],
] as const) {
  test(`the_server_answers_a_caller_asking_${["", "pap", "chap", "ms_chap", "ms_chap_v2"][code]}_with_its_configured_credentials`, async () => {
    const { caller, server } = await dial(CREDENTIALS, code, [["dialback-5", "Sekr1t"], ["bob", "PapPw7"]]);
    assert.deepEqual(proven(caller, "peer"), [[protocol, algorithm, name]], "the caller checked the server");
    assert.deepEqual(proven(server, "peer").map((p) => p[2]), ["ted"], "and the server the caller");
    assert.ok(caller.some((e) => e.type === "ipcpUp"));
  });
}

test("a_wrong_chap_password_is_refused_by_the_caller", async () => {
  const { caller } = await dial(CREDENTIALS, AuthCode.CHAP, [["dialback-5", "another"]]);
  assert.deepEqual(proven(caller, "peer"), []);
  assert.ok(caller.some((e) => e.type === "authFailed" && e.direction === "peer"));
  assert.ok(!caller.some((e) => e.type === "ipcpUp"));
});

test("without_ppp_chap_hostname_the_host_name_is_sent", async () => {
  const { caller } = await dial(" ppp chap password Sekr1t\n", AuthCode.CHAP, [["Router", "Sekr1t"]]);
  assert.deepEqual(proven(caller, "peer"), [[PROTOCOL_CHAP, ChapAlgorithm.MD5, "Router"]]);
});

test("without_credentials_the_server_refuses_to_authenticate_itself_and_no_network_opens", async () => {
  const { caller, server } = await dial("", AuthCode.CHAP, [["Router", "Sekr1t"]]);
  assert.deepEqual(proven(caller, "peer"), []);
  assert.deepEqual(proven(server, "self"), []);
  assert.ok(!caller.some((e) => e.type === "ipcpUp"));
});

// Section 15 as the compiler writes it, then edited: every string inside the section and at
// most 32 octets, or the image is refused (and a refused image leaves nothing configured).
test("section_15_with_a_string_too_long_or_past_its_end_is_refused", async () => {
  const model = compileConfig(config(CREDENTIALS), "s15.cfg").model;
  const sections = configSections(model);
  const s15 = sections.find((s) => s.type === SectionType.InterfaceCredentials);
  assert.ok(s15, "written when an interface has credentials");
  assert.equal(configSections(compileConfig(config(""), "none.cfg").model).some((s) => s.type === SectionType.InterfaceCredentials), false);
  const core = await Core.load();
  const withSection = (bytes: Uint8Array) => writeImage([encodeSystem(systemForLines(8)), ...sections.map((s) => (s === s15 ? { ...s, bytes } : s))]);
  assert.equal(core.tryInit(withSection(s15.bytes)), ImageStatus.Ok);
  // u16 count, u16 reserved, u16 number 5, u8 length of "dialback-5" at 6.
  const tooLong = s15.bytes.slice();
  tooLong[6] = 33;
  assert.equal(core.tryInit(withSection(tooLong)), ImageStatus.BadValue);
  assert.equal(core.tryInit(withSection(s15.bytes.slice(0, s15.bytes.length - 3))), ImageStatus.BadSection);
  const noLine = s15.bytes.slice();
  noLine[4] = 0;
  assert.equal(core.tryInit(withSection(noLine)), ImageStatus.BadValue);
});

test("the_credentials_print_back_as_read_and_read_back_to_the_same_image", () => {
  const first = compileConfig(config(CREDENTIALS), "a.cfg").model;
  const shown = showRunningConfig(first);
  assert.match(shown, /^ ppp chap hostname dialback-5\n ppp chap password Sekr1t\n ppp pap sent-username bob password PapPw7$/m);
  const again = compileConfig(shown, "b.cfg");
  assert.deepEqual(again.diagnostics.filter((d) => d.severity === "error"), []);
  const s15 = (m: typeof first) => configSections(m).find((s) => s.type === SectionType.InterfaceCredentials)?.bytes;
  assert.deepEqual(s15(again.model), s15(first));
});
