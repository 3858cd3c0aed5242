// Configuration options as LCP and IPCP negotiate them (RFC 1661 §5.1-5.4, §6): one
// descriptor per option (type, length rule, compare, Nak value, apply, and how our own
// request carries it) and one walk over a protocol's table for each packet kind. Options
// without a descriptor are Configure-Rejected byte for byte.

import { optionNext, optionType, optionLength, OPTION_MALFORMED } from "../wire/options";
import { CODE_CONFIGURE_ACK, CODE_CONFIGURE_NAK, CODE_CONFIGURE_REJECT, REQUEST_MALFORMED } from "./fsm";

/** What we make of one option of the peer's request; a worse verdict wins the whole reply. */
export const enum OptionVerdict {
  Ack = 0,
  Nak = 1,
  Reject = 2,
}

/** What a Configure-Nak of one of our options does to our next request. */
export const enum NakRule {
  /** Nothing to learn (PFC, ACFC). */
  Ignore = 0,
  /** `naked` takes the value the peer suggests; options outside the length rule are ignored. */
  Take = 1,
  /** We stop asking for it, whatever the Nak carries (pppd does so for Callback). */
  Drop = 2,
  /** A Nak or a Reject goes to `naked`, which picks our next value or stops asking (an ordered list of choices). */
  Walk = 3,
}

//  OptionRule (40 bytes): one option of one protocol.
//  ┌──────┬───────────┬───────────┬─────┬─────┬─────────┬──────────┬───────┬───────┬───────┐
//  │ type │ minLength │ maxLength │ bit │ nak │ compare │ nakValue │ apply │ write │ naked │
//  └──────┴───────────┴───────────┴─────┴─────┴─────────┴──────────┴───────┴───────┴───────┘
//  `owner` in the functions is the protocol's state (the session).
@unmanaged
export class OptionRule {
  type: u32;
  /** A peer's option whose Length lies outside [minLength, maxLength] is Configure-Rejected. */
  minLength: u32;
  maxLength: u32;
  /** The bit of the protocol's request set (OptionTable.requested) that sends this option. */
  bit: u32;
  /** NakRule for a Configure-Nak of ours. */
  nak: u32;
  /** Judges the peer's value (its length already checked): an OptionVerdict. */
  compare: (owner: usize, option: usize) => i32;
  /** After a Nak verdict: writes the whole option we would accept at `dst`; returns its length. */
  nakValue: (owner: usize, option: usize, dst: usize) => i32;
  /** Records an option of the peer's request that we acknowledge. */
  apply: (owner: usize, option: usize) => void;
  /** Writes our option at `dst` from the values we ask for now; returns its length. */
  write: (owner: usize, dst: usize) => i32;
  /** NakRule.Take: the peer's suggestion for our option (its length already checked). */
  naked: (owner: usize, option: usize) => void;
}

//  OptionTable: a protocol's rules, in the order its Configure-Request carries them.
@unmanaged
export class OptionTable {
  rules: usize;
  count: i32;
  /** Address of the u32 whose bits (OptionRule.bit) say which options our request carries. */
  requested: (owner: usize) => usize;
  /** The peer's whole request is about to be acknowledged: forget what the last one agreed. */
  acking: (owner: usize) => void;
}

/** Fills rule `index` of the table's rule area. */
export function optionRuleSet(t: OptionTable, index: i32, type: u32, minLength: u32, maxLength: u32, bit: u32, nak: NakRule,
  compare: (owner: usize, option: usize) => i32, nakValue: (owner: usize, option: usize, dst: usize) => i32,
  apply: (owner: usize, option: usize) => void, write: (owner: usize, dst: usize) => i32, naked: (owner: usize, option: usize) => void): void {
  const r = changetype<OptionRule>(t.rules + <usize>(index * <i32>offsetof<OptionRule>()));
  r.type = type;
  r.minLength = minLength;
  r.maxLength = maxLength;
  r.bit = bit;
  r.nak = <u32>nak;
  r.compare = compare;
  r.nakValue = nakValue;
  r.apply = apply;
  r.write = write;
  r.naked = naked;
}

/** For rules whose option is always acceptable once its length is right. */
export function optionAlwaysAcceptable(owner: usize, option: usize): i32 {
  return OptionVerdict.Ack;
}

/** For rules that never Nak. */
export function optionNoNakValue(owner: usize, option: usize, dst: usize): i32 {
  return 0;
}

/** For rules that take nothing from a Nak (NakRule.Ignore, NakRule.Drop). */
export function optionNothingNaked(owner: usize, option: usize): void {}

function ruleFor(t: OptionTable, type: u32): OptionRule | null {
  const size = <usize>offsetof<OptionRule>();
  for (let i = 0; i < t.count; i++) {
    const r = changetype<OptionRule>(t.rules + <usize>i * size);
    if (r.type == type) return r;
  }
  return null;
}

let nakLength: i32 = 0;

// One option of the peer's request; a Nak writes the acceptable option at `nak` (nakLength).
function judge(t: OptionTable, owner: usize, option: usize, nak: usize, rejectInsteadOfNak: bool): i32 {
  nakLength = 0;
  const r = ruleFor(t, optionType(option));
  if (r == null) return OptionVerdict.Reject; // RFC 1661 §5.4: unknown or not negotiable
  const length = optionLength(option);
  if (length < r.minLength || length > r.maxLength) return OptionVerdict.Reject;
  const verdict = r.compare(owner, option);
  if (verdict != OptionVerdict.Nak) return verdict;
  nakLength = r.nakValue(owner, option, nak);
  return rejectInsteadOfNak ? OptionVerdict.Reject : OptionVerdict.Nak;
}

/**
 * The reply to the peer's Configure-Request options (`len` octets at `options`), written at
 * `dst`: every option Rejected verbatim and in order if any is, else every Naked one as we
 * would accept it, else all Acked verbatim (RFC 1661 §5.2-5.4) and applied. Two passes: the
 * worst verdict first, then that reply. Returns the fsm's receiveRequest answer (reply code
 * << 16 | length) or REQUEST_MALFORMED when an option's Length is below 2 or runs past the end.
 */
export function negotiateRequest(t: OptionTable, owner: usize, options: usize, len: i32, dst: usize, rejectInsteadOfNak: bool): i32 {
  const end = options + <usize>len;
  let worst = OptionVerdict.Ack;
  for (let o = options; o < end; ) {
    const next = optionNext(o, end);
    if (next == OPTION_MALFORMED) return REQUEST_MALFORMED;
    const v = judge(t, owner, o, dst, rejectInsteadOfNak);
    if (v > worst) worst = v;
    o = next;
  }
  if (worst == OptionVerdict.Ack) t.acking(owner);
  let w = dst;
  for (let o = options; o < end; ) {
    const next = optionNext(o, end);
    const v = judge(t, owner, o, w, rejectInsteadOfNak);
    if (v == worst) {
      if (v == OptionVerdict.Nak) {
        w += <usize>nakLength;
      } else {
        memory.copy(w, o, next - o);
        w += next - o;
        if (v == OptionVerdict.Ack) changetype<OptionRule>(ruleFor(t, optionType(o))).apply(owner, o);
      }
    }
    o = next;
  }
  const code = worst == OptionVerdict.Ack ? CODE_CONFIGURE_ACK : worst == OptionVerdict.Nak ? CODE_CONFIGURE_NAK : CODE_CONFIGURE_REJECT;
  return <i32>((code << 16) | <u32>(w - dst));
}

/**
 * The peer's Configure-Nak (`reject` false) or Configure-Reject of our request: a Rejected
 * option is no longer asked for; a Naked one follows its rule's NakRule (a Walk rule decides
 * both, for an option we ask for). Options we have no rule for are passed over. False when an option is malformed (the packet is dropped).
 */
export function negotiateReply(t: OptionTable, owner: usize, options: usize, len: i32, reject: bool): bool {
  const requested = t.requested(owner);
  const end = options + <usize>len;
  for (let o = options; o < end; ) {
    const next = optionNext(o, end);
    if (next == OPTION_MALFORMED) return false;
    const r = ruleFor(t, optionType(o));
    if (r != null) {
      if (r.nak == <u32>NakRule.Walk) {
        if ((load<u32>(requested) & r.bit) != 0) r.naked(owner, o);
      } else if (reject || r.nak == <u32>NakRule.Drop) {
        store<u32>(requested, load<u32>(requested) & ~r.bit);
      } else if (r.nak == <u32>NakRule.Take) {
        const length = optionLength(o);
        if (length >= r.minLength && length <= r.maxLength) r.naked(owner, o);
      }
    }
    o = next;
  }
  return true;
}

/** Writes our Configure-Request options at `dst`, in table order; returns their length. */
export function negotiateBuild(t: OptionTable, owner: usize, dst: usize): i32 {
  const asked = load<u32>(t.requested(owner));
  const size = <usize>offsetof<OptionRule>();
  let o = dst;
  for (let i = 0; i < t.count; i++) {
    const r = changetype<OptionRule>(t.rules + <usize>i * size);
    if ((asked & r.bit) != 0) o += <usize>r.write(owner, o);
  }
  return <i32>(o - dst);
}
