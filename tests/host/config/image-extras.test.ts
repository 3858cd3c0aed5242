import { test } from "node:test";
import assert from "node:assert/strict";
import { compileConfig, formatDiagnostics } from "../../../host/config/compile.ts";
import { compileImage } from "../../../host/config/image.ts";
import { Core } from "../../../host/core/core.ts";
import { ImageStatus } from "../../../host/core/abi.ts";
import { crc32 } from "../../../host/image/crc32.ts";
import { MODEMCAP_IDENTITIES, modemcapTable, resolveModemcap } from "../../../host/config/modemcap.ts";

// Sections 11..14 (boards/image.md), read back here by their documented layout: the host
// writes them for the core's readers to come; the core today must ignore them.

const CONFIG = [
  "aaa new-model",
  "aaa group server radius DIAL",
  " server 10.1.1.5 auth-port 1645 acct-port 1646",
  "aaa authentication ppp default group DIAL local",
  "aaa authorization commands 15 default local",
  "aaa accounting network default start-stop broadcast group DIAL",
  "aaa accounting update newinfo periodic 15",
  "aaa accounting suppress null-username",
  "radius-server host 10.1.1.5 auth-port 1645 acct-port 1646 timeout 4 retransmit 2 key r4d",
  "tacacs-server host 10.1.1.6 single-connection port 4949 key t4c",
  "radius-server timeout 3",
  "radius-server deadtime 10",
  "ip local pool DIALIN 10.1.1.100 10.1.1.120",
  "ip local pool DIALIN 10.1.2.1",
  "chat-script reset-usr ATZ OK",
  "chat-script start-usr AT&F OK",
  "interface Ethernet0",
  " ip address 10.1.1.10 255.255.255.0",
  "interface Group-Async1",
  " ip unnumbered Ethernet0",
  " encapsulation ppp",
  " peer default ip address pool DIALIN",
  " ppp ipcp dns 10.1.1.2 10.1.1.3",
  " ppp ipcp wins 10.1.1.4",
  " ppp authentication ms-chap-v2 chap pap callin",
  " group-range 1 2",
  "interface Async3",
  " peer default ip address dhcp",
  "line 1 3",
  " modem autoconfigure type usr_sportster",
  " script startup ^start",
  " script reset ^reset",
  "line 3",
  " modem autoconfigure discovery",
].join("\n");

/** The sections of an image by type (boards/image.md: header, then 12-byte directory entries). */
function sections(image: Uint8Array): Map<number, DataView> {
  const v = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const out = new Map<number, DataView>();
  for (let i = 0; i < v.getUint16(16, true); i++) {
    const e = 24 + i * 12;
    out.set(v.getUint16(e, true), new DataView(image.buffer, image.byteOffset + v.getUint32(e + 4, true), v.getUint32(e + 8, true)));
  }
  return out;
}

class Reader {
  constructor(
    private v: DataView,
    public at = 0,
  ) {}
  u8 = () => this.v.getUint8(this.at++);
  u16 = () => ((this.at += 2), this.v.getUint16(this.at - 2, true));
  u32 = () => ((this.at += 4), this.v.getUint32(this.at - 4, true));
  ip = () => [this.u8(), this.u8(), this.u8(), this.u8()].join(".");
  str = (n: number) => new TextDecoder().decode(new Uint8Array(this.v.buffer, this.v.byteOffset + (this.at += n) - n, n));
  strAt = (offset: number, n: number) => new TextDecoder().decode(new Uint8Array(this.v.buffer, this.v.byteOffset + offset, n));
}

const model = () => {
  const r = compileConfig(CONFIG, "x.cfg");
  assert.equal(r.ok, true, formatDiagnostics(r).join("\n"));
  return r.model;
};

test("section_11_holds_each_address_pool_and_its_ranges", () => {
  const s = new Reader(sections(compileImage(model())).get(11) as DataView);
  const count = s.u16();
  s.u16();
  const offsets = Array.from({ length: count }, () => s.u32());
  const pools = offsets.map((o) => {
    s.at = o;
    const name = s.str(s.u8());
    return [name, Array.from({ length: s.u8() }, () => [s.ip(), s.ip()])];
  });
  assert.deepEqual(pools, [["DIALIN", [["10.1.1.100", "10.1.1.120"], ["10.1.2.1", "10.1.2.1"]]]]);
});

test("section_12_holds_each_async_interfaces_peer_addressing_and_whole_authentication_order", () => {
  const s = new Reader(sections(compileImage(model())).get(12) as DataView);
  const count = s.u16();
  assert.equal(s.u16(), 32);
  const rows = Array.from({ length: count }, (_, i) => {
    s.at = 4 + i * 32;
    const number = s.u16();
    const flags = s.u16();
    const servers = [s.ip(), s.ip(), s.ip(), s.ip()];
    const [poolAt, poolLen, unLen, unAt] = [s.u16(), s.u8(), s.u8(), s.u16()];
    const n = s.u8();
    const codes = [s.u8(), s.u8(), s.u8(), s.u8(), s.u8()].slice(0, n);
    return [number, flags, servers, s.strAt(poolAt, poolLen), s.strAt(unAt, unLen), codes];
  });
  // Flags: bit 0 pool, 1 dhcp, 2 callin, 5 from the Group-Async. Codes: 1 PAP, 2 CHAP, 4 MS-CHAP-v2.
  const group = [0b100101, ["10.1.1.2", "10.1.1.3", "10.1.1.4", "0.0.0.0"], "DIALIN", "Ethernet0", [4, 2, 1]];
  assert.deepEqual(rows, [
    [1, ...group],
    [2, ...group],
    [3, 0b10, ["0.0.0.0", "0.0.0.0", "0.0.0.0", "0.0.0.0"], "", "", []],
  ]);
});

test("section_13_holds_every_method_list_the_groups_and_the_server_options", () => {
  const s = new Reader(sections(compileImage(model())).get(13) as DataView);
  const header = [s.u16(), s.u16(), s.u16(), s.u16(), s.u16(), s.u16()];
  // suppress null-username and update newinfo periodic 15; RADIUS timeout 3, retransmit default, deadtime 10; TACACS+ timeout default.
  assert.deepEqual(header, [0b111, 15, 3, 0xffff, 10, 0]);
  const [lists, groups, servers] = [s.u16(), s.u16(), s.u16()];
  s.u16();
  const offsets = Array.from({ length: lists + groups + servers }, () => s.u32());
  const methods = () => Array.from({ length: s.u8() }, () => [s.u8(), s.str(s.u8())]);
  const listRows = offsets.slice(0, lists).map((o) => {
    s.at = o;
    return [s.u8(), s.u8(), s.u8(), s.u8(), s.u8(), s.str(s.u8()), methods()];
  });
  assert.deepEqual(listRows, [
    [1, 2, 0xff, 0, 0, "default", [[7, "DIAL"], [1, ""]]],
    [2, 9, 15, 0, 0, "default", [[1, ""]]],
    [3, 5, 0xff, 1, 1, "default", [[7, "DIAL"]]],
  ]);
  s.at = offsets[lists];
  assert.deepEqual([s.u8(), s.str(s.u8()), s.u8(), s.str(s.u8()), s.u16(), s.u16()], [2, "DIAL", 1, "10.1.1.5", 1645, 1646]);
  const serverRows = offsets.slice(lists + groups).map((o) => {
    s.at = o;
    return [s.u8(), s.u8(), s.str(s.u8()), s.u16(), s.u16(), s.u16(), s.u16()];
  });
  assert.deepEqual(serverRows, [
    [1, 1, "10.1.1.6", 4949, 0xffff, 0, 0xffff],
    [2, 0, "10.1.1.5", 1645, 1646, 4, 2],
  ]);
});

test("section_14_holds_the_other_line_scripts_and_modem_autoconfigure", () => {
  const s = new Reader(sections(compileImage(model())).get(14) as DataView);
  const count = s.u16();
  assert.equal(s.u16(), 24);
  const scripts: string[][] = [];
  const rows = Array.from({ length: count }, (_, i) => {
    s.at = 4 + i * 24;
    const row = [s.u16(), s.u16(), s.u16(), s.u16(), s.u16(), s.u16(), s.u16()];
    const [at, len, answer] = [s.u16(), s.u8(), s.u8()];
    const [scriptAt, scriptLen] = [s.u16(), s.u16()];
    // The modem's chat script, as section 5 holds one: name, then (u16 length, bytes) per token.
    s.at = scriptAt;
    const nameLen = s.u8();
    const name = s.strAt(scriptAt + 1, nameLen);
    s.at = scriptAt + 1 + nameLen;
    const tokens = Array.from({ length: s.u8() }, () => {
      const n = s.u16();
      const t = s.strAt(s.at, n);
      s.at += n;
      return t;
    });
    assert.equal(s.at - scriptAt, scriptLen, "the record fills its length");
    scripts.push([name, ...tokens]);
    return [...row, s.strAt(at, len), answer];
  });
  // Scripts by index in configuration order: reset-usr 0, start-usr 1; 0xFFFF none. Answer 1: the modem (S0=1).
  const none = 0xffff;
  assert.deepEqual(rows, [
    [1, 0b10, 1, 0, none, none, none, "usr_sportster", 1],
    [2, 0b10, 1, 0, none, none, none, "usr_sportster", 1],
    [3, 0b01, 1, 0, none, none, none, "", 1],
  ]);
  const results = ["ABORT", "ERROR", "TIMEOUT", "2", "", "ATQ0V1", "OK-ATQ0V1-OK"];
  const usr = ["usr_sportster", ...results, "AT&FS0=1&C1&D2&H1&R2&B1&M4&K1", "TIMEOUT", "5", "OK"];
  assert.deepEqual(scripts, [usr, usr, ["default", ...results, "AT&FS0=1&C1&D2", "TIMEOUT", "5", "OK"]]);
});

test("the_core_ignores_the_sections_it_does_not_read_yet", async () => {
  const core = await Core.load();
  assert.equal(ImageStatus[core.tryInit(compileImage(model()))], "Ok");
  assert.deepEqual([...sections(compileImage(model())).keys()].sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
});

test("the_core_refuses_a_section_14_it_cannot_trust", async () => {
  const core = await Core.load();
  // Rewrites one field of line 1's record (or the header) and seals the image again (CRC over bytes 16..).
  const broken = (edit: (s: DataView) => void): Uint8Array => {
    const image = compileImage(model());
    edit(sections(image).get(14)!);
    new DataView(image.buffer, image.byteOffset).setUint32(12, crc32(image.subarray(16)), true);
    return image;
  };
  const status = (image: Uint8Array) => ImageStatus[core.tryInit(image)];
  assert.equal(status(broken(() => {})), "Ok", "resealed untouched: accepted");
  assert.equal(status(broken((s) => s.setUint8(4 + 17, 3))), "BadValue", "an answer mode past 2");
  assert.equal(status(broken((s) => s.setUint16(4, 9, true))), "BadValue", "a TTY section 2 does not have");
  assert.equal(status(broken((s) => s.setUint16(4 + 24, 1, true))), "BadValue", "a TTY given twice");
  assert.equal(status(broken((s) => s.setUint16(4 + 4, 40, true))), "BadValue", "a script index past section 5");
  assert.equal(status(broken((s) => s.setUint16(4 + 18, s.byteLength, true))), "BadSection", "a modem script outside the section");
  assert.equal(status(broken((s) => s.setUint16(2, 20, true))), "BadSection", "records shorter than the core reads");
});

// Line 3 (`modem autoconfigure discovery`) is the third record: its byte 22 locates the discovery table.
const DISCOVERING = 4 + 2 * 24;

test("section_14_gives_a_discovering_line_the_table_of_modem_identifications", () => {
  const view = sections(compileImage(model())).get(14) as DataView;
  assert.equal(view.getUint16(4 + 22, true), 0, "line 1 names its type: no table");
  const at = view.getUint16(DISCOVERING + 22, true);
  assert.ok(at > 0);
  const s = new Reader(view);
  s.at = at;
  const found: [string, string, number][] = [];
  for (let k = 0, count = s.u8(); k < count; k++) {
    const name = s.strAt(s.at + 1, view.getUint8(s.at));
    s.at += 1 + name.length;
    const pattern = s.strAt(s.at + 1, view.getUint8(s.at));
    s.at += 1 + pattern.length;
    const answer = s.u8();
    const scriptLen = s.u16();
    assert.equal(s.strAt(s.at + 1, view.getUint8(s.at)), name, "the chat record is the entry's");
    s.at += scriptLen;
    found.push([name, pattern, answer]);
  }
  assert.deepEqual(
    found,
    MODEMCAP_IDENTITIES.map(([name, pattern]) => [name, pattern, resolveModemcap(name, modemcapTable(model()))!.answeredBy === "modem" ? 1 : 2]),
    "every identification, in order, with who answers for its type",
  );
  assert.ok(s.at <= view.byteLength);
});

test("the_core_refuses_a_discovery_table_it_cannot_trust", async () => {
  const core = await Core.load();
  const broken = (edit: (s: DataView, table: number) => void): string => {
    const image = compileImage(model());
    const s = sections(image).get(14)!;
    edit(s, s.getUint16(DISCOVERING + 22, true));
    new DataView(image.buffer, image.byteOffset).setUint32(12, crc32(image.subarray(16)), true);
    return ImageStatus[core.tryInit(image)];
  };
  assert.equal(broken(() => {}), "Ok", "resealed untouched: accepted");
  assert.equal(broken((s) => s.setUint16(DISCOVERING + 22, s.byteLength, true)), "BadSection", "a table outside the section");
  assert.equal(broken((s, t) => s.setUint8(t, 255)), "BadSection", "more candidates than the section holds");
  assert.equal(broken((s, t) => s.setUint8(t + 1, 0)), "BadSection", "an empty name");
  assert.equal(broken((s, t) => s.setUint8(t + 2 + s.getUint8(t + 1), 0)), "BadSection", "an empty pattern");
  const tail = (s: DataView, t: number) => t + 2 + s.getUint8(t + 1) + 1 + s.getUint8(t + 2 + s.getUint8(t + 1));
  assert.equal(broken((s, t) => s.setUint8(tail(s, t), 3)), "BadSection", "an answer mode past 2");
  assert.equal(broken((s, t) => s.setUint16(tail(s, t) + 1, 1, true)), "BadSection", "a chat record shorter than 2 bytes");
  assert.equal(broken((s, t) => s.setUint16(tail(s, t) + 1, 0xfff0, true)), "BadSection", "a chat record past the section");
});
