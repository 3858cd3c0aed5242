// `ip unnumbered NAME` and the addresses of non-async interfaces (kept verbatim as blocks, their
// `ip address` read for the interfaces that borrow it), `async dynamic address`, and where
// the compiler writes the borrowed address for the core (image section 6, bytes 8..15).

import { test } from "node:test";
import assert from "node:assert/strict";
import { compileConfig } from "../../../host/config/compile.ts";
import { showRunningConfig } from "../../../host/config/show.ts";
import { compileImage } from "../../../host/config/image.ts";
import { InterfaceExtraFlag, InterfaceFlag } from "../../../host/image/image-enums.ts";

const warnings = (text: string) =>
  compileConfig(text, "t.cfg").diagnostics.filter((d) => d.severity === "warning").map((d) => `${d.loc.line}:${d.loc.col}: ${d.message}`);

/** Section `type` of an image (boards/image.md: header, then 12-byte directory entries). */
function section(image: Uint8Array, type: number): DataView {
  const v = new DataView(image.buffer, image.byteOffset, image.byteLength);
  for (let i = 0; i < v.getUint16(16, true); i++) {
    const e = 24 + i * 12;
    if (v.getUint16(e, true) === type) return new DataView(image.buffer, image.byteOffset + v.getUint32(e + 4, true), v.getUint32(e + 8, true));
  }
  throw new Error(`no section ${type}`);
}

const ip = (v: DataView, at: number) => [0, 1, 2, 3].map((k) => v.getUint8(at + k)).join(".");

test("a_kept_interface_block_gives_its_name_and_last_ip_address_abbreviated_or_not", () => {
  const r = compileConfig(
    [
      "interface FastEthernet0/0", " description uplink", " ip add 10.0.0.1 255.255.255.0", " ip address 10.0.9.1 255.255.255.0 secondary",
      "interface Loopback0", " ip address 10.9.9.9 255.255.255.255", " no ip address",
      "interface Ethernet0", " ip address 192.0.2.1 255.255.255.0", "interface Ethernet0", " shutdown", "",
    ].join("\n"),
    "t.cfg",
  );
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === "error"), []);
  assert.deepEqual(r.model.otherInterfaces, [
    { name: "Ethernet0", ipAddress: { address: "192.0.2.1", mask: "255.255.255.0" } },
    { name: "FastEthernet0/0", ipAddress: { address: "10.0.0.1", mask: "255.255.255.0" } },
    { name: "Loopback0", ipAddress: null },
  ]);
  // The blocks stay as written, and the running configuration reads back to the same model.
  const again = compileConfig(showRunningConfig(r.model), "again.cfg");
  assert.deepEqual(again.model, r.model);
});

test("ip_unnumbered_naming_no_configured_interface_or_one_without_an_address_is_a_warning_at_the_name", () => {
  const effect = 'are offered no server address (pppd: "Could not determine remote IP address")';
  assert.deepEqual(warnings("interface Async7\n ip unnumbered ethernet 0\n"), [
    `2:16: no "interface Ethernet0" in this configuration: PPP peers of Async7 ${effect}; add it with "ip address A M"`,
  ]);
  assert.deepEqual(warnings("interface Loopback0\n no ip address\ninterface Group-Async1\n group-range 1 4\n ip unnumbered Loopback0\n"), [
    `5:16: interface Loopback0 has no "ip address": PPP peers of Group-Async1 ${effect}`,
  ]);
  // Given an address, borrowed from an interface written later, or with an address of its own: quiet.
  assert.deepEqual(warnings("interface Async7\n ip unnumbered Ethernet0\ninterface Ethernet0\n ip address 192.0.2.1 255.255.255.0\n"), []);
  assert.deepEqual(warnings("interface Async7\n ip unnumbered Async8\ninterface Async8\n ip address 192.0.2.8 255.255.255.0\n"), []);
  assert.deepEqual(warnings("interface Async7\n ip unnumbered Ethernet0\n ip address 192.0.2.7 255.255.255.0\n"), []);
});

test("the_image_carries_the_borrowed_address_where_the_core_reads_the_interfaces_own", () => {
  const r = compileConfig(
    [
      "interface Ethernet0", " ip address 192.0.2.1 255.255.255.0",
      "interface Async7", " ip unnumbered Ethernet0",
      "interface Async8", " ip address 198.51.100.8 255.255.255.0",
      "interface Async9", " ip unnumbered Serial0", "",
    ].join("\n"),
    "t.cfg",
  );
  const s6 = section(compileImage(r.model), 6);
  const rows = [0, 1, 2].map((i) => {
    const at = 4 + i * 20;
    const flags = s6.getUint16(at + 2, true);
    return [s6.getUint16(at, true), flags & (InterfaceFlag.Unnumbered | InterfaceFlag.IpAddress), ip(s6, at + 8), ip(s6, at + 12)];
  });
  assert.deepEqual(rows, [
    [7, InterfaceFlag.Unnumbered, "192.0.2.1", "255.255.255.0"],
    [8, InterfaceFlag.IpAddress, "198.51.100.8", "255.255.255.0"],
    [9, InterfaceFlag.Unnumbered, "0.0.0.0", "0.0.0.0"],
  ]);
});

test("async_dynamic_address_is_read_printed_and_flagged_in_section_12", () => {
  const r = compileConfig("interface Async3\n async dyn addr\n async dynamic routing\ninterface Async4\n", "t.cfg");
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === "error"), []);
  assert.deepEqual(r.model.interfaces.map((i) => [i.number, i.dynamicAddress, i.extras]), [[3, true, ["async dynamic routing"]], [4, false, []]]);
  const text = showRunningConfig(r.model);
  assert.match(text, /^interface Async3\n async dynamic address\n async dynamic routing\n/m);
  assert.deepEqual(compileConfig(text, "again.cfg").model, r.model);
  const s12 = section(compileImage(r.model), 12);
  assert.deepEqual([s12.getUint16(4 + 2, true), s12.getUint16(4 + 32 + 2, true)], [InterfaceExtraFlag.DynamicAddress, 0]);
  assert.equal(compileConfig("interface Async3\n async dynamic address\n no async dynamic address\n").model.interfaces[0].dynamicAddress, false);
});
