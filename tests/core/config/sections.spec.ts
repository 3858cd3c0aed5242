import { init } from "../../../assembly/abi/exports";
import {
  configUserCount,
  configUserFlags,
  configUserRotary,
  configUserStringLen,
  configLineFlags,
  configLineRotary,
  configLineModem,
  configRotaryCount,
  configRotaryGroup,
  configRotaryMembersLow,
  configInterfaceCount,
  configInterfacePeerAddress,
} from "../../../assembly/abi/config-query";
import { fcs32Update, FCS32_INIT } from "../../../assembly/wire/fcs";
import { hexBytes, ptrOf } from "../support/bytes";

// The image `dialback config compile` writes for the chapter's PPP example (tests/fixtures/config/ppp-client.cfg).
// Sections: System @120, Lines @140, Users @240, Rotaries @284, ChatScripts @300, Interfaces @304, Globals @368, Aaa @392.
const PPP_IMAGE =
  "444c424b010018008c010000e25e4c8c0800000000000000010000007800000014000000020000008c00000064000000" +
  "03000000f00000002b000000040000001c01000010000000050000002c01000004000000060000003001000040000000" +
  "070000007001000018000000080000008801000004000000000800000020000024060000000100000080000003002000" +
  "070009114d00010000000000ffffffffffff0000580200000000ffff00000000080009114d00010000000000ffffffff" +
  "ffff0000580200000000ffff00000000090009114d00010000000000ffffffffffff0000580200000000ffff00000000" +
  "0100180013004d00000000001c0003051f00240007002b002b00000054656452686f6461313233343536370001000c00" +
  "4d00030080030000000000000000000003001400070095580a010101000000000000000000000101080095580a010102" +
  "000000000000000000000101090095580a01010300000000000000000000010100000000ffff00000000000000000000" +
  "180000001800000000000000";

const USERS_AT = 240;

// Writes the CRC the header must carry after an edit (CRC-32 over bytes 16..end).
function fixCrc(image: StaticArray<u8>): void {
  const p = ptrOf(image);
  store<u32>(p, ~fcs32Update(FCS32_INIT, p + 16, image.length - 16), 12);
}

describe("configuration sections", () => {
  it("init_reads_users_lines_rotary_and_interfaces_of_the_ppp_example", () => {
    const image = hexBytes(PPP_IMAGE);
    expect(init(ptrOf(image), image.length)).toBe(0);
    expect(configUserCount()).toBe(1);
    expect(configUserFlags(0)).toBe(0x13);
    expect(configUserRotary(0)).toBe(77);
    expect(configUserStringLen(0, 0)).toBe(3);
    expect(configUserStringLen(0, 1)).toBe(5);
    for (let tty = 7; tty <= 9; tty++) {
      expect(configLineRotary(tty)).toBe(77);
      expect(configLineModem(tty)).toBe(1);
      expect(configLineFlags(tty)).toBe(0x1109);
    }
    expect(configLineFlags(6)).toBe(-1);
    expect(configRotaryCount()).toBe(1);
    expect(configRotaryGroup(0)).toBe(77);
    expect(configRotaryMembersLow(77)).toBe(0x380);
    expect(configInterfaceCount()).toBe(3);
    expect(configInterfacePeerAddress(8)).toBe(0x0a010102);
  });

  it("a_user_string_past_its_section_is_refused_and_forgets_the_last_image", () => {
    const good = hexBytes(PPP_IMAGE);
    expect(init(ptrOf(good), good.length)).toBe(0);
    const bad = hexBytes(PPP_IMAGE);
    store<u16>(ptrOf(bad) + USERS_AT + 4 + 8, 0xfff0);
    fixCrc(bad);
    expect(init(ptrOf(bad), bad.length)).toBe(-5);
    expect(configUserCount()).toBe(0);
    expect(configLineRotary(7)).toBe(-1);
  });

  it("a_callback_rotary_with_no_such_group_is_refused", () => {
    const bad = hexBytes(PPP_IMAGE);
    store<u16>(ptrOf(bad) + USERS_AT + 4 + 2, 78);
    fixCrc(bad);
    expect(init(ptrOf(bad), bad.length)).toBe(-9);
  });
});
