// The server's IPCP addresses with the whole core running (support/callback-core.ts): the image
// readers of sections 11 and 12, the pool leases (one per line, never one address twice,
// returned when the link ends), an exhausted or missing pool refusing the caller cleanly, and
// the AAA server's Framed-IP-Address.

import {
  CoreBench, BenchConfig, BenchLine, BenchUser, BenchInterface, BenchPool, Ev, benchImage, clientOptions, IF_PAP,
} from "../support/callback-core";
import { init } from "../../../assembly/abi/exports";
import { poolUsage, PoolId } from "../../../assembly/abi/health";
import { authModeSet, aaaUserSet, authResult } from "../../../assembly/abi/ppp";
import { EventKind } from "../../../assembly/mem/events";
import { LineFlag } from "../../../assembly/config/line-settings";
import {
  addressPoolCount, addressPoolFind, addressPoolRangeCount, addressPoolRangeFirst, addressPoolRangeLast, addressPoolNameLen,
} from "../../../assembly/config/address-pools";
import {
  interfaceExtraFlags, interfaceNameServer, interfacePoolNameLen, interfaceAuthCount, interfaceAuthAt, InterfaceExtraFlag, InterfaceAuth,
  NameServer,
} from "../../../assembly/config/interface-extras";
import { interfaceIpAddress } from "../../../assembly/config/interfaces";
import { addressLeaseTake, addressLeaseRelease, addressLeaseOf, addressLeaseCount } from "../../../assembly/line/address-lease";
import { LinkDownReason } from "../../../assembly/protocol/session-state";
import { LineState, machineGet } from "../../../assembly/line/machine-state";
import { asciiBytes, ptrOf } from "../support/bytes";

const IF_PEER_ADDRESS: u32 = 1 << 11;
const IF_IP_ADDRESS: u32 = 1 << 13;
const SERVER_ADDRESS: u32 = 0x0a090001; // 10.9.0.1
const DNS: u32 = 0xc0000235;

// Lines 7, 8 (for the lease specs) and 10, where callers arrive with PAP; 10's peers get
// an address of pool "dialin" (10.9.0.5 - 10.9.0.6).
function poolConfig(poolName: string = "dialin"): BenchConfig {
  const c = new BenchConfig();
  c.lines.push(new BenchLine(7));
  c.lines.push(new BenchLine(8));
  c.lines.push(new BenchLine(10, LineFlag.FlushAtActivation | LineFlag.AutoselectPpp));
  c.users.push(new BenchUser("Ted", "Rhoda"));
  const f = new BenchInterface(10, IF_PAP | IF_IP_ADDRESS);
  f.ourAddress = SERVER_ADDRESS;
  f.extraFlags = InterfaceExtraFlag.PeerPool;
  f.pool = poolName;
  f.servers = [DNS, 0, 0, 0];
  c.interfaces.push(f);
  c.pools.push(new BenchPool("dialin", [0x0a090005, 0x0a090006]));
  return c;
}

// Steps the bench until an event of `kind` arrives or `ms` have passed.
function runUntil(b: CoreBench, kind: i32, ms: f64): void {
  for (let t: f64 = 0; t < ms && b.count(kind) == 0; t += 50) b.run(50);
}

function lastOf(b: CoreBench, kind: i32, line: i32): Ev {
  for (let i = b.events.length - 1; i >= 0; i--) if (b.events[i].kind == kind && b.events[i].line == line) return b.events[i];
  expect(kind).toBe(-1, "no event of that kind");
  return new Ev(0, 0, 0, 0, 0, 0, "");
}

function logOf(b: CoreBench): string {
  for (let i = 0; i < b.events.length; i++) if (b.events[i].kind == EventKind.Log) return b.events[i].data;
  return "";
}

describe("image sections 11 and 12", () => {
  it("pools_and_interface_extras_are_read_with_one_accessor_per_field", () => {
    const c = poolConfig();
    c.pools.push(new BenchPool("two", [0x0a0a0001, 0x0a0a0002, 0x0a0b0001, 0x0a0b0001]));
    const b = new CoreBench(c);
    expect(addressPoolCount()).toBe(2);
    const two = asciiBytes("two");
    expect(addressPoolFind(ptrOf(two), two.length)).toBe(1);
    const other = asciiBytes("Two");
    expect(addressPoolFind(ptrOf(other), other.length)).toBe(-1, "pool names are case-sensitive");
    expect(addressPoolNameLen(0)).toBe(6);
    expect(addressPoolRangeCount(1)).toBe(2);
    expect(addressPoolRangeFirst(1, 1)).toBe(0x0a0b0001);
    expect(addressPoolRangeLast(1, 0)).toBe(0x0a0a0002);
    expect(addressPoolRangeFirst(1, 2)).toBe(0, "no third range");
    expect(interfaceExtraFlags(10)).toBe(InterfaceExtraFlag.PeerPool);
    expect(interfaceNameServer(10, NameServer.DnsPrimary)).toBe(DNS);
    expect(interfaceNameServer(10, NameServer.NbnsPrimary)).toBe(0);
    expect(interfacePoolNameLen(10)).toBe(6);
    expect(interfaceExtraFlags(7)).toBe(0, "no interface, no record");
    expect(interfaceIpAddress(10)).toBe(SERVER_ADDRESS);
    expect(b.events.length).toBe(0);
  });

  it("the_ppp_authentication_list_is_read_in_its_order_and_ends_with_zero", () => {
    const c = poolConfig();
    c.interfaces[0].auth = [InterfaceAuth.MsChapV2, InterfaceAuth.Chap, InterfaceAuth.Pap];
    c.interfaces.push(new BenchInterface(8, IF_PAP));
    new CoreBench(c);
    expect(interfaceAuthCount(10)).toBe(3);
    expect(interfaceAuthAt(10, 0)).toBe(InterfaceAuth.MsChapV2);
    expect(interfaceAuthAt(10, 1)).toBe(InterfaceAuth.Chap);
    expect(interfaceAuthAt(10, 2)).toBe(InterfaceAuth.Pap);
    expect(interfaceAuthAt(10, 3)).toBe(0, "past the list's end");
    expect(interfaceAuthCount(8)).toBe(0, "a record with no list");
    expect(interfaceAuthAt(8, 0)).toBe(0);
    expect(interfaceAuthCount(7)).toBe(0, "no interface, no record");
  });

  it("an_authentication_list_of_six_or_with_an_unknown_code_is_refused", () => {
    const c = poolConfig();
    c.interfaces[0].auth = [1, 2, 3, 4, 5, 1];
    const six = benchImage(c);
    expect(init(ptrOf(six), six.length)).toBe(-9);
    c.interfaces[0].auth = [2, 6];
    const unknown = benchImage(c);
    expect(init(ptrOf(unknown), unknown.length)).toBe(-9);
    expect(interfaceAuthCount(10)).toBe(0, "a refused image leaves no list visible");
  });

  it("a_pool_range_ending_before_it_starts_is_refused", () => {
    const c = poolConfig();
    c.pools[0].ranges = [0x0a090006, 0x0a090005];
    const image = benchImage(c);
    expect(init(ptrOf(image), image.length)).toBe(-9);
    expect(addressPoolCount()).toBe(0, "a refused image leaves no pool visible");
  });

  it("a_pool_name_given_twice_is_refused", () => {
    const c = poolConfig();
    c.pools.push(new BenchPool("dialin", [0x0a0a0001, 0x0a0a0001]));
    const image = benchImage(c);
    expect(init(ptrOf(image), image.length)).toBe(-9);
  });

  it("an_interface_extras_flag_nobody_defined_is_refused", () => {
    const c = poolConfig();
    c.interfaces[0].extraFlags = 1 << 9;
    const image = benchImage(c);
    expect(init(ptrOf(image), image.length)).toBe(-9);
  });

  it("the_pool_flag_without_a_pool_name_is_refused", () => {
    const c = poolConfig("");
    const image = benchImage(c);
    expect(init(ptrOf(image), image.length)).toBe(-9);
  });
});

describe("address leases", () => {
  it("each_line_gets_a_different_address_and_an_empty_pool_gives_none", () => {
    new CoreBench(poolConfig());
    expect(addressLeaseTake(7, 0, 0)).toBe(0x0a090005);
    expect(addressLeaseTake(8, 0, 0)).toBe(0x0a090006);
    expect(addressLeaseTake(10, 0, 0)).toBe(0, "two addresses, two leases");
    expect(addressLeaseCount()).toBe(2);
    expect(poolUsage(PoolId.AddressLeases)).toBe(2);
    addressLeaseRelease(7);
    expect(addressLeaseOf(7)).toBe(0);
    expect(addressLeaseTake(10, 0, 0)).toBe(0x0a090005, "returned, so free again");
    expect(addressLeaseTake(8, 0, 0)).toBe(0x0a090006, "a line taking again gives its old lease back first");
    expect(addressLeaseCount()).toBe(2);
  });

  it("the_servers_own_address_and_the_broadcast_address_are_never_leased", () => {
    const c = poolConfig();
    c.pools[0].ranges = [0xfffffffe, 0xffffffff];
    new CoreBench(c);
    expect(addressLeaseTake(7, 0, 0xfffffffe)).toBe(0);
    expect(addressLeaseTake(7, 0, 0)).toBe(0xfffffffe, "the last address before the broadcast one");
  });

  it("overlapping_pools_never_lease_one_address_twice", () => {
    const c = poolConfig();
    c.pools.push(new BenchPool("wide", [0x0a090004, 0x0a090007]));
    new CoreBench(c);
    expect(addressLeaseTake(7, 0, 0)).toBe(0x0a090005);
    expect(addressLeaseTake(8, 1, 0)).toBe(0x0a090004);
    expect(addressLeaseTake(10, 1, 0)).toBe(0x0a090006, "10.9.0.5 is line 7's through the other pool");
  });
});

describe("ppp link: the peer's address", () => {
  it("a_caller_gets_the_first_pool_address_which_comes_back_when_it_hangs_up", () => {
    const b = new CoreBench(poolConfig());
    b.dialIn(10, clientOptions("Ted", "Rhoda"));
    b.run(8000);
    const up = lastOf(b, EventKind.IpcpUp, 10);
    expect(up.line).toBe(10);
    expect(<u32>up.a0).toBe(SERVER_ADDRESS);
    expect(<u32>up.a1).toBe(0x0a090005);
    expect(poolUsage(PoolId.AddressLeases)).toBe(1);
    b.hangUp();
    b.run(10000);
    expect(poolUsage(PoolId.AddressLeases)).toBe(0, "the lease is back once the link has ended");
    b.dialIn(10, clientOptions("Ted", "Rhoda"));
    b.run(8000);
    expect(b.countOn(EventKind.IpcpUp, 10)).toBe(2);
    expect(<u32>lastOf(b, EventKind.IpcpUp, 10).a1).toBe(0x0a090005, "the same address again: it was returned");
  });

  it("an_exhausted_pool_refuses_the_caller_with_a_log_line_and_the_line_hangs_up", () => {
    const b = new CoreBench(poolConfig());
    expect(addressLeaseTake(7, 0, 0)).toBe(0x0a090005);
    expect(addressLeaseTake(8, 0, 0)).toBe(0x0a090006);
    b.dialIn(10, clientOptions("Ted", "Rhoda"));
    b.run(15000);
    expect(b.countOn(EventKind.AuthSucceeded, 10)).toBe(1, "refused after authentication, not before");
    expect(b.count(EventKind.IpcpUp)).toBe(0);
    expect(logOf(b)).toBe("IPCP: pool dialin has no free address, peer refused");
    expect(b.first(EventKind.PppLinkDown).a0).toBe(LinkDownReason.NoAddress);
    expect(changetype<usize>(machineGet(10)) != 0 && machineGet(10)!.state == LineState.Idle).toBe(true, "the line is idle again");
    expect(poolUsage(PoolId.AddressLeases)).toBe(2, "only the two leases of the spec");
  });

  it("a_pool_the_configuration_does_not_have_refuses_the_caller_the_same_way", () => {
    const b = new CoreBench(poolConfig("nosuch"));
    b.dialIn(10, clientOptions("Ted", "Rhoda"));
    b.run(15000);
    expect(b.count(EventKind.IpcpUp)).toBe(0);
    expect(logOf(b)).toBe("IPCP: no ip local pool nosuch is configured, peer refused");
    expect(b.first(EventKind.PppLinkDown).a0).toBe(LinkDownReason.NoAddress);
  });

  it("a_static_peer_default_address_wins_over_the_pool", () => {
    const c = poolConfig();
    c.interfaces[0].flags |= IF_PEER_ADDRESS;
    const b = new CoreBench(c);
    b.dialIn(10, clientOptions("Ted", "Rhoda"));
    b.run(8000);
    expect(<u32>lastOf(b, EventKind.IpcpUp, 10).a1).toBe(0x0a01010a, "10.1.1.10, the bench's peer default address");
    expect(poolUsage(PoolId.AddressLeases)).toBe(0);
  });

  it("the_aaa_servers_framed_ip_address_wins_and_takes_no_lease", () => {
    const b = new CoreBench(poolConfig());
    authModeSet(2);
    b.dialIn(10, clientOptions("radius-user", "pw"));
    runUntil(b, EventKind.AuthRequest, 15000);
    const ask = b.first(EventKind.AuthRequest);
    const n = asciiBytes("radius-user");
    expect(aaaUserSet(ptrOf(n), n.length, 0, ptrOf(n), 0, 0, 0, 0, ptrOf(n), 0, 0x0a0b0c0d)).toBeGreaterThanOrEqual(64);
    expect(authResult(10, 1, ask.a2)).toBe(1);
    b.run(8000);
    expect(<u32>lastOf(b, EventKind.IpcpUp, 10).a1).toBe(0x0a0b0c0d);
    expect(poolUsage(PoolId.AddressLeases)).toBe(0);
    authModeSet(0);
  });

  it("a_framed_ip_address_of_255_255_255_254_leaves_the_choice_to_the_pool", () => {
    const b = new CoreBench(poolConfig());
    authModeSet(2);
    b.dialIn(10, clientOptions("radius-user", "pw"));
    runUntil(b, EventKind.AuthRequest, 15000);
    const ask = b.first(EventKind.AuthRequest);
    const n = asciiBytes("radius-user");
    aaaUserSet(ptrOf(n), n.length, 0, ptrOf(n), 0, 0, 0, 0, ptrOf(n), 0, <i32>0xfffffffe);
    authResult(10, 1, ask.a2);
    b.run(8000);
    expect(<u32>lastOf(b, EventKind.IpcpUp, 10).a1).toBe(0x0a090005);
    authModeSet(0);
  });
});
