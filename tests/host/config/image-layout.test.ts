import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { compileConfig } from "../../../host/config/compile.ts";
import { configSections } from "../../../host/config/image.ts";
import { SectionType } from "../../../host/image/writer.ts";

// Golden bytes written from boards/image.md by hand, not from the encoder: the document and
// the compiler must agree byte for byte.
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ""), "hex");
const sections = () => {
  const text = readFileSync(new URL("../../fixtures/config/ppp-client.cfg", import.meta.url), "utf8");
  return new Map(configSections(compileConfig(text).model).map((s) => [s.type, Buffer.from(s.bytes)]));
};

test("users_section_of_the_ppp_example_matches_the_documented_layout", () => {
  const users = sections().get(SectionType.Users);
  const expected = hex(`
    0100 1800
    1300 4d00 0000 0000 1c00 03 05 1f00 2400 07 00 2b00 2b00 00 00
    ${Buffer.from("TedRhoda1234567").toString("hex")}`);
  assert.deepEqual(users, expected);
});

test("rotaries_and_line_records_of_the_ppp_example_match_the_documented_layout", () => {
  const s = sections();
  assert.deepEqual(s.get(SectionType.Rotaries), hex("0100 0c00 4d00 0300 80030000 00000000"));
  const lines = s.get(SectionType.Lines) as Buffer;
  assert.deepEqual(lines.subarray(0, 4), hex("0300 2000"));
  // tty 7: login local | autoselect ppp | flush-at-activation | has interface = 0x1109; rotary 77; modem InOut;
  // no forced wait, no scripts; exec-timeout 600 s; no login list.
  const line7 = hex("0700 0911 4d00 01 00 00000000 ffff ffff ffff 00 00 58020000 0000 ffff 0000 0000");
  assert.deepEqual(lines.subarray(4, 36), line7);
});

test("chat_scripts_section_follows_the_layout_fixed_by_the_project", () => {
  const text = 'chat-script dial ABORT BUSY \u201c\u201c "ATDT \\T"\n';
  const s = new Map(configSections(compileConfig(text).model).map((x) => [x.type, Buffer.from(x.bytes)]));
  const body = Buffer.concat([
    hex("04"), Buffer.from("dial"), hex("04"),
    hex("0500"), Buffer.from("ABORT"), hex("0400"), Buffer.from("BUSY"), hex("0000"), hex("0700"), Buffer.from("ATDT \\T"),
  ]);
  assert.deepEqual(s.get(SectionType.ChatScripts), Buffer.concat([hex("0100 0000 08000000"), body]));
});
