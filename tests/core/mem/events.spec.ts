import { eventsInit, eventEmit, eventTake, eventCurrentPtr, eventSlotsFree, EventKind } from "../../../assembly/mem/events";
import { arenaReset } from "../../../assembly/mem/arena";
import { globalCountersReset, globalCounter, GlobalCounter } from "../../../assembly/mem/counters";
import { asciiBytes, ptrOf, toHex } from "../support/bytes";

function setUp(slots: u32, dataBytes: u32): void {
  arenaReset();
  globalCountersReset();
  eventsInit(slots, dataBytes);
}

describe("events", () => {
  it("records_come_out_in_order_with_their_payload_and_arguments", () => {
    setUp(8, 256);
    const text = asciiBytes("hello");
    expect(eventEmit(7, EventKind.Log, 3, 4, 5, 6, ptrOf(text), 5)).toBe(true);
    expect(eventEmit(8, EventKind.SignalsSet, 1)).toBe(true);
    expect(eventTake()).toBe(EventKind.Log);
    const rec = eventCurrentPtr();
    expect(load<u16>(rec, 4)).toBe(7);
    expect(load<i32>(rec, 8)).toBe(3);
    expect(load<i32>(rec, 20)).toBe(6);
    expect(toHex(load<u32>(rec, 24), load<u32>(rec, 28))).toBe("68656c6c6f");
    expect(eventTake()).toBe(EventKind.SignalsSet);
    expect(load<u32>(eventCurrentPtr(), 28)).toBe(0);
    expect(eventTake()).toBe(EventKind.None);
  });

  it("full_ring_drops_counts_and_reports_one_overflow_record", () => {
    setUp(4, 256);
    for (let i = 0; i < 7; i++) eventEmit(1, EventKind.Log, i);
    expect(globalCounter(GlobalCounter.EventsDropped)).toBe(3);
    for (let i = 0; i < 4; i++) expect(eventTake()).toBe(EventKind.Log);
    expect(eventTake()).toBe(EventKind.Overflow);
    expect(load<i32>(eventCurrentPtr(), 8)).toBe(3);
    expect(eventTake()).toBe(EventKind.None);
  });

  it("payload_ring_wraps_and_refuses_what_does_not_fit", () => {
    setUp(16, 64);
    const big = new StaticArray<u8>(40);
    expect(eventEmit(1, EventKind.Log, 0, 0, 0, 0, ptrOf(big), 40)).toBe(true);
    expect(eventEmit(1, EventKind.Log, 1, 0, 0, 0, ptrOf(big), 40)).toBe(false);
    expect(eventTake()).toBe(EventKind.Log);
    // the first payload is released on the next take, then a second 40-byte payload fits again
    expect(eventTake()).toBe(EventKind.Overflow);
    expect(eventEmit(1, EventKind.Log, 2, 0, 0, 0, ptrOf(big), 40)).toBe(true);
    expect(eventTake()).toBe(EventKind.Log);
    expect(load<i32>(eventCurrentPtr(), 8)).toBe(2);
    expect(eventSlotsFree()).toBe(16);
  });

  it("thousands_of_records_leave_the_rings_where_they_started", () => {
    setUp(8, 128);
    const text = asciiBytes("0123456789abcdef0123");
    let wrong = 0;
    for (let i = 0; i < 5000; i++) {
      if (!eventEmit(1, EventKind.Log, i, 0, 0, 0, ptrOf(text), <u32>(i % 21))) wrong++;
      if (eventTake() != EventKind.Log || load<i32>(eventCurrentPtr(), 8) != i) wrong++;
      if (load<u32>(eventCurrentPtr(), 28) != <u32>(i % 21)) wrong++;
    }
    expect(wrong).toBe(0);
    expect(eventTake()).toBe(EventKind.None);
    expect(eventSlotsFree()).toBe(8);
    expect(globalCounter(GlobalCounter.EventsDropped)).toBe(0);
  });
});
