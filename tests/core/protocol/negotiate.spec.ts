import {
  OptionTable, OptionRule, OptionVerdict, NakRule, optionRuleSet, optionAlwaysAcceptable, optionNoNakValue, optionNothingNaked,
  negotiateRequest, negotiateReply, negotiateBuild,
} from "../../../assembly/protocol/negotiate";
import { REQUEST_MALFORMED, CODE_CONFIGURE_ACK, CODE_CONFIGURE_NAK, CODE_CONFIGURE_REJECT } from "../../../assembly/protocol/fsm";
import { hexBytes, ptrOf, toHex } from "../support/bytes";

// A made-up protocol with one option of each kind, so the walk is seen apart from LCP and IPCP:
//   type 1 "value": length 4, a 16-bit value; acked from 100 up, else Naked with 100 (NakRule.Take)
//   type 2 "flag":  length 2, always acceptable (NakRule.Ignore)
//   type 3 "note":  length 3-6, acked when its first octet is 0, else rejected (NakRule.Drop)
const VALUE_BIT: u32 = 1;
const FLAG_BIT: u32 = 2;
const NOTE_BIT: u32 = 4;

//  Probe: the protocol's state (the `owner` the walk hands to the rules).
@unmanaged
class Probe {
  requested: u32;
  value: u32;
}

let applied: string[] = [];
let ackings = 0;

function valueCompare(owner: usize, opt: usize): i32 {
  return load<u8>(opt, 3) >= 100 || load<u8>(opt, 2) != 0 ? OptionVerdict.Ack : OptionVerdict.Nak;
}
function valueNakValue(owner: usize, opt: usize, dst: usize): i32 {
  store<u8>(dst, 1);
  store<u8>(dst, 4, 1);
  store<u8>(dst, 0, 2);
  store<u8>(dst, 100, 3);
  return 4;
}
function valueApply(owner: usize, opt: usize): void {
  applied.push("value:" + toHex(opt + 2, 2));
}
function valueWrite(owner: usize, dst: usize): i32 {
  store<u8>(dst, 1);
  store<u8>(dst, 4, 1);
  store<u8>(dst, 0, 2);
  store<u8>(dst, <u8>changetype<Probe>(owner).value, 3);
  return 4;
}
function valueNaked(owner: usize, opt: usize): void {
  changetype<Probe>(owner).value = load<u8>(opt, 3);
}
function flagApply(owner: usize, opt: usize): void {
  applied.push("flag");
}
function flagWrite(owner: usize, dst: usize): i32 {
  store<u8>(dst, 2);
  store<u8>(dst, 2, 1);
  return 2;
}
function noteCompare(owner: usize, opt: usize): i32 {
  return load<u8>(opt, 2) == 0 ? OptionVerdict.Ack : OptionVerdict.Reject;
}
function noteApply(owner: usize, opt: usize): void {
  applied.push("note:" + toHex(opt + 2, <i32>load<u8>(opt, 1) - 2));
}
function noteWrite(owner: usize, dst: usize): i32 {
  store<u8>(dst, 3);
  store<u8>(dst, 3, 1);
  store<u8>(dst, 0, 2);
  return 3;
}
function requested(owner: usize): usize {
  return owner + offsetof<Probe>("requested");
}
function acking(owner: usize): void {
  ackings++;
  applied = [];
}

function table(): OptionTable {
  const t = changetype<OptionTable>(heap.alloc(offsetof<OptionTable>()));
  t.rules = heap.alloc(3 * offsetof<OptionRule>());
  t.count = 3;
  t.requested = requested;
  t.acking = acking;
  optionRuleSet(t, 0, 1, 4, 4, VALUE_BIT, NakRule.Take, valueCompare, valueNakValue, valueApply, valueWrite, valueNaked);
  optionRuleSet(t, 1, 2, 2, 2, FLAG_BIT, NakRule.Ignore, optionAlwaysAcceptable, optionNoNakValue, flagApply, flagWrite, optionNothingNaked);
  optionRuleSet(t, 2, 3, 3, 6, NOTE_BIT, NakRule.Drop, noteCompare, optionNoNakValue, noteApply, noteWrite, optionNothingNaked);
  return t;
}

function probe(): Probe {
  const p = changetype<Probe>(heap.alloc(offsetof<Probe>()));
  p.requested = VALUE_BIT | FLAG_BIT | NOTE_BIT;
  p.value = 7;
  return p;
}

let reply = "";

/** The walk's reply to `hex` as "code:options", or "malformed". */
function answer(t: OptionTable, p: Probe, hex: string, rejectInsteadOfNak: bool = false): string {
  const options = hexBytes(hex);
  const dst = heap.alloc(64);
  const a = negotiateRequest(t, changetype<usize>(p), ptrOf(options), options.length, dst, rejectInsteadOfNak);
  if (a == REQUEST_MALFORMED) return "malformed";
  reply = toHex(dst, a & 0xffff);
  return (<u32>a >>> 16).toString() + ":" + reply;
}

function replied(t: OptionTable, p: Probe, hex: string, reject: bool): bool {
  const options = hexBytes(hex);
  return negotiateReply(t, changetype<usize>(p), ptrOf(options), options.length, reject);
}

const ACK = CODE_CONFIGURE_ACK.toString() + ":";
const NAK = CODE_CONFIGURE_NAK.toString() + ":";
const REJECT = CODE_CONFIGURE_REJECT.toString() + ":";

describe("negotiate request", () => {
  it("acceptable_options_are_acked_verbatim_and_applied_in_order_after_one_acking", () => {
    const t = table();
    ackings = 0;
    applied = ["from the last request"];
    expect(answer(t, probe(), "0202" + "010400c8" + "030400aa")).toBe(ACK + "0202" + "010400c8" + "030400aa");
    expect(ackings).toBe(1);
    expect(applied.join(" ")).toBe("flag value:00c8 note:00aa");
  });

  it("an_empty_request_is_acked_empty", () => {
    expect(answer(table(), probe(), "")).toBe(ACK);
  });

  it("unacceptable_values_are_naked_with_the_rule_value_and_the_acceptable_left_out", () => {
    const t = table();
    ackings = 0;
    applied = [];
    expect(answer(t, probe(), "0202" + "01040005" + "030300")).toBe(NAK + "01040064");
    expect(ackings).toBe(0);
    expect(applied.length).toBe(0);
  });

  it("unknown_options_are_rejected_alone_verbatim_in_order_over_naks", () => {
    expect(answer(table(), probe(), "09030a" + "01040005" + "0202" + "1102" + "0304aabb"))
      .toBe(REJECT + "09030a" + "1102" + "0304aabb");
  });

  it("lengths_outside_the_rule_are_rejected_verbatim", () => {
    const t = table();
    expect(answer(t, probe(), "0105000064")).toBe(REJECT + "0105000064");
    expect(answer(t, probe(), "010300")).toBe(REJECT + "010300");
    expect(answer(t, probe(), "020300")).toBe(REJECT + "020300");
    expect(answer(t, probe(), "0302")).toBe(REJECT + "0302");
    expect(answer(t, probe(), "030700000000" + "00")).toBe(REJECT + "03070000000000");
    expect(answer(t, probe(), "0306" + "00000000")).toBe(ACK + "030600000000");
  });

  it("a_rule_that_rejects_rejects_whatever_else_is_naked", () => {
    expect(answer(table(), probe(), "01040005" + "030301")).toBe(REJECT + "030301");
  });

  it("after_max_failure_naks_turn_into_rejects_of_the_option_as_sent", () => {
    expect(answer(table(), probe(), "0202" + "01040005", true)).toBe(REJECT + "01040005");
  });

  it("malformed_lengths_drop_the_whole_request", () => {
    const t = table();
    expect(answer(t, probe(), "0100")).toBe("malformed");
    expect(answer(t, probe(), "0202" + "0101")).toBe("malformed");
    expect(answer(t, probe(), "0202" + "0104aa")).toBe("malformed");
    expect(answer(t, probe(), "02")).toBe("malformed");
    expect(answer(t, probe(), "0900")).toBe("malformed");
  });
});

describe("negotiate reply", () => {
  it("a_reject_stops_asking_for_the_option_whatever_its_length", () => {
    const t = table();
    const p = probe();
    expect(replied(t, p, "0202" + "0303ff", true)).toBe(true);
    expect(p.requested).toBe(VALUE_BIT);
  });

  it("a_nak_takes_the_suggested_value_only_within_the_length_rule", () => {
    const t = table();
    const p = probe();
    expect(replied(t, p, "0105000009", false)).toBe(true);
    expect(p.value).toBe(7);
    expect(replied(t, p, "01040009", false)).toBe(true);
    expect(p.value).toBe(9);
    expect(p.requested).toBe(VALUE_BIT | FLAG_BIT | NOTE_BIT);
  });

  it("a_nak_of_a_drop_option_stops_asking_for_it_and_an_ignore_option_stays", () => {
    const t = table();
    const p = probe();
    expect(replied(t, p, "0202" + "0302", false)).toBe(true);
    expect(p.requested).toBe(VALUE_BIT | FLAG_BIT);
  });

  it("unknown_options_are_passed_over_and_malformed_ones_refuse_the_packet", () => {
    const t = table();
    const p = probe();
    expect(replied(t, p, "0903aa" + "01040020", false)).toBe(true);
    expect(p.value).toBe(0x20);
    expect(replied(t, p, "0101", false)).toBe(false);
    expect(replied(t, p, "0202" + "0105aa", true)).toBe(false);
  });
});

describe("negotiate build", () => {
  it("our_request_carries_the_requested_options_in_table_order", () => {
    const t = table();
    const p = probe();
    const dst = heap.alloc(32);
    expect(toHex(dst, negotiateBuild(t, changetype<usize>(p), dst))).toBe("01040007" + "0202" + "030300");
    p.requested = NOTE_BIT | VALUE_BIT;
    p.value = 100;
    expect(toHex(dst, negotiateBuild(t, changetype<usize>(p), dst))).toBe("01040064" + "030300");
    p.requested = 0;
    expect(negotiateBuild(t, changetype<usize>(p), dst)).toBe(0);
  });
});
