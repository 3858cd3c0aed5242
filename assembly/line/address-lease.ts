// Addresses leased from the `ip local pool`s: one lease per line at most, taken when the line's
// network phase starts (line/peer-address.ts), returned when its link ends, and never two
// leases of one address at once, whatever pools overlap. The slots are carved at init, one per
// line, so a line always finds one; a pool with no free address refuses.

import { arenaTake } from "../mem/arena";
import { addressPoolRangeCount, addressPoolRangeFirst, addressPoolRangeLast } from "../config/address-pools";

//  Lease (8 bytes): tty u16 (0 = free slot; TTY 0 is the console, which never runs PPP),
//  pool u16, address u32 (big-endian value).
const LEASE_BYTES: i32 = 8;
const NO_ADDRESS: u32 = 0;
// RFC 1122 §3.2.1.3: 255.255.255.255 is never a host's address.
const BROADCAST: u32 = 0xffffffff;

let slots: usize = 0;
let slotCount: i32 = 0;

/** Forgets every lease (init, before the arena is carved again). */
export function addressLeaseReset(): void {
  slots = 0;
  slotCount = 0;
}

/** Carves one slot per line (after addressLeaseReset); false when the arena is exhausted. */
export function addressLeaseInit(lines: i32): bool {
  slotCount = 0;
  if (lines <= 0) return true;
  slots = arenaTake(lines * LEASE_BYTES, 4);
  if (slots == 0) return false;
  slotCount = lines;
  return true;
}

function slotAt(k: i32): usize {
  return slots + <usize>k * <usize>LEASE_BYTES;
}

function slotOf(tty: u32): usize {
  for (let k = 0; k < slotCount; k++) {
    const at = slotAt(k);
    if (<u32>load<u16>(at) == tty) return at;
  }
  return 0;
}

function leased(address: u32): bool {
  for (let k = 0; k < slotCount; k++) {
    const at = slotAt(k);
    if (load<u16>(at) != 0 && load<u32>(at, 4) == address) return true;
  }
  return false;
}

// The lowest address of pool `pool`, in range order, that is neither leased nor `exclude`; 0 when none.
function firstFree(pool: u32, exclude: u32): u32 {
  const ranges = addressPoolRangeCount(pool);
  for (let r: u32 = 0; r < ranges; r++) {
    const last = addressPoolRangeLast(pool, r);
    // At most one candidate per slot and excluded address is taken before a free one: the walk is short.
    for (let a = addressPoolRangeFirst(pool, r); ; a++) {
      if (a != NO_ADDRESS && a != BROADCAST && a != exclude && !leased(a)) return a;
      if (a == last) break;
    }
  }
  return NO_ADDRESS;
}

/**
 * Leases an address of pool `pool` (config/address-pools.ts index) to line `tty`, never
 * `exclude` (the server's own address); a lease the line still held is returned first.
 * Returns the address, or 0 when the pool has none free (or the line no slot).
 */
export function addressLeaseTake(tty: u32, pool: u32, exclude: u32): u32 {
  if (tty == 0 || tty > 0xffff) return NO_ADDRESS;
  addressLeaseRelease(tty);
  const slot = slotOf(0);
  if (slot == 0) return NO_ADDRESS;
  const address = firstFree(pool, exclude);
  if (address == NO_ADDRESS) return NO_ADDRESS;
  store<u16>(slot, <u16>tty);
  store<u16>(slot, <u16>pool, 2);
  store<u32>(slot, address, 4);
  return address;
}

/** Returns the lease of line `tty`, if it holds one (its link ended). */
export function addressLeaseRelease(tty: u32): void {
  if (tty == 0) return;
  const slot = slotOf(tty);
  if (slot != 0) memory.fill(slot, 0, <usize>LEASE_BYTES);
}

/** The address line `tty` holds, 0 when none. */
export function addressLeaseOf(tty: u32): u32 {
  if (tty == 0) return NO_ADDRESS;
  const slot = slotOf(tty);
  return slot == 0 ? NO_ADDRESS : load<u32>(slot, 4);
}

/** Leases held now (PoolId.AddressLeases): back to 0 once every link has ended. */
export function addressLeaseCount(): i32 {
  let n = 0;
  for (let k = 0; k < slotCount; k++) if (load<u16>(slotAt(k)) != 0) n++;
  return n;
}

/** Slots carved at init (one per line). */
export function addressLeaseCapacity(): i32 {
  return slotCount;
}
