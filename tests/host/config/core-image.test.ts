import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Core } from "../../../host/core/core.ts";
import { ImageStatus } from "../../../host/core/abi.ts";
import { compileConfig } from "../../../host/config/compile.ts";
import { compileImage, configSections, InterfaceFlag, LineFlag, UserFlag } from "../../../host/config/image.ts";
import { coreConfigView } from "../../support/core-view.ts";
import { DEFAULT_SYSTEM, encodeSystem, imageForLines, Section, SectionType, writeImage } from "../../../host/image/writer.ts";
import { ConfigModel } from "../../../host/config/model.ts";
import { crc32 } from "../../../host/image/crc32.ts";
import fc from "fast-check";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/config/${name}.cfg`, import.meta.url), "utf8");
const model = (text: string): ConfigModel => {
  const r = compileConfig(text);
  assert.equal(r.ok, true, JSON.stringify(r.diagnostics));
  return r.model;
};
const ttysOf = (m: ConfigModel) => m.lines.filter((l) => l.kind === "tty").map((l) => l.number);

async function coreWith(image: Uint8Array): Promise<Core> {
  const core = await Core.load();
  core.init(image);
  return core;
}

test("core_reads_the_ppp_example_users_lines_rotary_and_interfaces_from_the_image", async () => {
  const m = model(fixture("ppp-client"));
  const view = coreConfigView(await coreWith(compileImage(m)), ttysOf(m));
  assert.deepEqual(view.users, [
    {
      name: "Ted",
      password: "Rhoda",
      dialstring: "1234567",
      flags: UserFlag.Password | UserFlag.Dialstring | UserFlag.Rotary,
      rotary: 77,
      lineFirst: 0,
      lineLast: 0,
    },
  ]);
  const lineFlags = LineFlag.LoginLocal | LineFlag.AutoselectPpp | LineFlag.FlushAtActivation | LineFlag.HasInterface;
  assert.deepEqual(
    view.lines,
    [7, 8, 9].map((tty) => ({ tty, flags: lineFlags, rotary: 77, modem: 1, forcedWait: -1, callbackScript: -1 })),
  );
  assert.deepEqual(view.rotaries, [{ group: 77, members: [7, 8, 9] }]);
  const ifFlags = InterfaceFlag.EncapsulationPpp | InterfaceFlag.ModeInteractive | InterfaceFlag.CallbackAccept | InterfaceFlag.AuthPap;
  assert.deepEqual(
    view.interfaces,
    [7, 8, 9].map((n) => ({
      number: n,
      flags: ifFlags | InterfaceFlag.PeerAddress | InterfaceFlag.Unnumbered | InterfaceFlag.KeepaliveOff,
      peerAddress: `10.1.1.${n - 6}`,
    })),
  );
});

test("core_reads_the_exec_example_milarepa_with_a_caller_given_number_on_lines_4_and_7", async () => {
  const m = model(fixture("exec-callback"));
  const view = coreConfigView(await coreWith(compileImage(m)), ttysOf(m));
  assert.deepEqual(
    view.users.map((u) => [u.name, u.password, u.dialstring, u.flags]),
    [["milarepa", "letmein", "", UserFlag.Password | UserFlag.Dialstring | UserFlag.DialstringFromCaller]],
  );
  assert.deepEqual(view.lines.map((l) => [l.tty, l.flags, l.rotary]), [
    [4, LineFlag.LoginLocal | LineFlag.FlushAtActivation, 0],
    [7, LineFlag.LoginLocal | LineFlag.FlushAtActivation, 0],
  ]);
  assert.deepEqual(view.rotaries, []);
  assert.equal(view.globalFlags & 1, 1, "service exec-callback");
});

test("core_reads_the_ara_example_excalibur_on_callback_line_7", async () => {
  const m = model(fixture("ara-client"));
  const view = coreConfigView(await coreWith(compileImage(m)), ttysOf(m));
  assert.deepEqual(
    view.users.map((u) => [u.name, u.dialstring, u.flags, u.lineFirst, u.lineLast]),
    [["excalibur", "123456", UserFlag.Password | UserFlag.Dialstring | UserFlag.Line, 7, 7]],
  );
  assert.deepEqual(
    view.lines.map((l) => [l.tty, l.flags & (LineFlag.AutoselectArap | LineFlag.ArapEnable)]),
    [4, 7, 8].map((tty) => [tty, LineFlag.AutoselectArap | LineFlag.ArapEnable]),
  );
});

test("chat_script_regexps_are_resolved_at_compile_time_and_the_line_record_names_the_script", async () => {
  const m = model(
    [
      "chat-script usr-v34 ABORT BUSY \"\" ATZ OK",
      "chat-script dial-v90 ABORT ERROR \"\" \u201cATDT \\T\u201d TIMEOUT 60 CONNECT \\c",
      "chat-script dial-v34 \"\" ATZ",
      "callback forced-wait 4",
      "line 7 8",
      " script callback dial-v[0-9]+",
      "line 8",
      " callback forced-wait 12",
    ].join("\n"),
  );
  assert.deepEqual(m.lines[0].scripts.callback, { regexp: "dial-v[0-9]+", matches: ["dial-v90", "dial-v34"] });
  assert.deepEqual(m.chatScripts[1].tokens, ["ABORT", "ERROR", "", "ATDT \\T", "TIMEOUT", "60", "CONNECT", "\\c"]);
  const core = await coreWith(compileImage(m));
  assert.equal(core.exports.configLineCallbackScript(7), 1);
  assert.equal(core.exports.configLineForcedWait(7), 4, "global value");
  assert.equal(core.exports.configLineForcedWait(8), 12, "the line overrides");
  assert.equal(core.exports.configGlobalForcedWait(), 4);
  const view = coreConfigView(core, [7, 8]);
  assert.deepEqual(view.scripts, ["usr-v34", "dial-v90", "dial-v34"]);
  assert.equal(core.exports.configScriptTokenCount(1), 8);
});

test("users_are_found_by_name_through_the_abi", async () => {
  const core = await coreWith(compileImage(model(fixture("ppp-client"))));
  const ptr = core.exports.codecInPtr();
  const at = new Uint8Array(core.exports.memory.buffer);
  at.set(Buffer.from("Ted"), ptr);
  assert.equal(core.exports.configUserFind(ptr, 3), 0);
  at.set(Buffer.from("Tex"), ptr);
  assert.equal(core.exports.configUserFind(ptr, 3), -1);
  assert.equal(core.exports.configUserFind(core.memoryBytes - 1, 10), -1);
  assert.equal(core.exports.configUserFlags(5), -1);
  assert.equal(core.exports.configUserStringLen(-1, 0), 0);
});

// Rebuilds the image with one section's bytes changed (the CRC stays right, so the reader must catch it).
function tampered(m: ConfigModel, type: SectionType, edit: (b: Uint8Array, v: DataView) => void): Uint8Array {
  const sections: Section[] = configSections(m).map((s) => ({ type: s.type, bytes: s.bytes.slice() }));
  const s = sections.find((x) => x.type === type) as Section;
  edit(s.bytes, new DataView(s.bytes.buffer));
  return writeImage([encodeSystem(DEFAULT_SYSTEM), ...sections]);
}

// Adds TTY `tty` to the first rotary record, keeping its member count consistent.
function addMember(v: DataView, tty: number): void {
  v.setUint32(4 + 4, v.getUint32(4 + 4, true) | (1 << tty), true);
  v.setUint16(4 + 2, v.getUint16(4 + 2, true) + 1, true);
}

test("bad_configuration_sections_are_refused_with_a_status_and_leave_no_stale_view", async () => {
  const m = model(fixture("ppp-client"));
  const core = await coreWith(compileImage(m));
  assert.equal(core.exports.configUserCount(), 1);
  const cases: [string, Uint8Array, ImageStatus][] = [
    ["user name past the section", tampered(m, SectionType.Users, (_, v) => v.setUint16(4 + 8, 0xfff0, true)), ImageStatus.BadSection],
    ["user count past the section", tampered(m, SectionType.Users, (_, v) => v.setUint16(0, 40, true)), ImageStatus.BadSection],
    ["callback rotary with no group", tampered(m, SectionType.Users, (_, v) => v.setUint16(4 + 2, 78, true)), ImageStatus.BadValue],
    ["rotary member that is not a line", tampered(m, SectionType.Rotaries, (_, v) => addMember(v, 10)), ImageStatus.BadValue],
    ["rotary count disagreeing with its members", tampered(m, SectionType.Rotaries, (_, v) => v.setUint16(4 + 2, 2, true)), ImageStatus.BadValue],
    ["line naming a rotary it is not in", tampered(m, SectionType.Lines, (_, v) => v.setUint16(4 + 4, 5, true)), ImageStatus.BadValue],
    ["line naming a chat script that does not exist", tampered(m, SectionType.Lines, (_, v) => v.setUint16(4 + 14, 3, true)), ImageStatus.BadValue],
    ["chat-script table past the section", tampered(m, SectionType.ChatScripts, (_, v) => v.setUint16(0, 9, true)), ImageStatus.BadSection],
    ["interface number 0", tampered(m, SectionType.Interfaces, (_, v) => v.setUint16(4, 0, true)), ImageStatus.BadValue],
    ["hostname past the section", tampered(m, SectionType.Globals, (_, v) => v.setUint16(16, 500, true)), ImageStatus.BadSection],
    ["aaa table past the section", tampered(m, SectionType.Aaa, (_, v) => v.setUint16(0, 3, true)), ImageStatus.BadSection],
  ];
  for (const [what, image, status] of cases) {
    assert.equal(core.tryInit(image), status, what);
    assert.equal(core.exports.configUserCount(), 0, `${what}: no users after a refusal`);
    assert.equal(core.exports.configLineFlags(7), -1, `${what}: no lines after a refusal`);
  }
  assert.equal(core.tryInit(compileImage(m)), ImageStatus.Ok);
  assert.equal(core.exports.configUserCount(), 1);
});

test("an_image_without_configuration_sections_still_loads_with_an_empty_configuration", async () => {
  const core = await coreWith(imageForLines([1, 7]));
  assert.equal(core.exports.configUserCount(), 0);
  assert.equal(core.exports.configLineFlags(7), -1);
  assert.equal(core.exports.configRotaryCount(), 0);
});

test("group_async_members_reach_the_core_as_interfaces_marked_from_group", async () => {
  const m = model(fixture("as5200-running"));
  const view = coreConfigView(await coreWith(compileImage(m)), ttysOf(m));
  assert.deepEqual(view.interfaces.map((i) => i.number), Array.from({ length: 16 }, (_, k) => k + 1));
  assert.deepEqual(
    view.interfaces.filter((i) => (i.flags & InterfaceFlag.FromGroup) === 0).map((i) => [i.number, i.peerAddress]),
    [[7, "10.1.1.1"]],
  );
  assert.deepEqual(view.rotaries, [{ group: 77, members: Array.from({ length: 16 }, (_, k) => k + 1) }]);
  assert.equal(view.lines.every((l) => (l.flags & LineFlag.HasInterface) !== 0 && l.callbackScript === 0), true);
  assert.deepEqual(view.users.map((u) => [u.name, u.password]), [["Ted", "cisco"], ["joe", "secret"]]);
});

test("mutated_configuration_sections_never_trap_the_core", async () => {
  const extra = ['chat-script dial-v90 ABORT BUSY "" "ATDT \\T" CONNECT', "line 7", " script callback dial", "aaa new-model"];
  const text = fixture("ppp-client") + [...extra, "aaa authentication login x local group radius", ""].join("\n");
  const base = compileImage(model(text));
  const core = await Core.load();
  const all = Array.from({ length: 63 }, (_, i) => i + 1);
  // Mutations land after the header and directory; the CRC is recomputed so the section readers see them.
  const start = 24 + 8 * 12;
  const edit = fc.tuple(fc.integer({ min: start, max: base.length - 1 }), fc.integer({ min: 0, max: 255 }));
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
      const image = base.slice();
      for (const [at, value] of edits) image[at] = value;
      new DataView(image.buffer).setUint32(12, crc32(image.subarray(16)), true);
      const status = core.tryInit(image);
      assert.ok(status <= 0 && status >= ImageStatus.BadValue, `status ${status}`);
      const view = coreConfigView(core, all);
      if (status !== ImageStatus.Ok) assert.equal(view.users.length + view.lines.length + view.scripts.length, 0);
    }),
    { numRuns: 300 },
  );
});
