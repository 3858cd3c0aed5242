import {
  Ring, ringInit, ringWrite, ringRead, ringUsed, ringFree, ringContiguous, ringReadPtr, ringConsume, ringPutByte, ringClear,
} from "../../../assembly/mem/ring";
import { asciiBytes, ptrOf, toHex } from "../support/bytes";

function newRing(capacity: u32): Ring {
  const r = changetype<Ring>(heap.alloc(offsetof<Ring>()));
  ringInit(r, heap.alloc(capacity), capacity);
  return r;
}

describe("ring", () => {
  it("write_then_read_gives_the_bytes_back_in_order", () => {
    const r = newRing(8);
    const src = asciiBytes("abcde");
    expect(ringWrite(r, ptrOf(src), 5)).toBe(5);
    expect(ringUsed(r)).toBe(5);
    const dst = heap.alloc(8);
    expect(ringRead(r, dst, 8)).toBe(5);
    expect(toHex(dst, 5)).toBe("6162636465");
    expect(ringUsed(r)).toBe(0);
  });

  it("full_ring_takes_only_what_fits", () => {
    const r = newRing(4);
    const src = asciiBytes("abcdef");
    expect(ringWrite(r, ptrOf(src), 6)).toBe(4);
    expect(ringFree(r)).toBe(0);
    expect(ringPutByte(r, 0x41)).toBe(false);
  });

  it("wrapped_data_is_read_as_two_contiguous_runs", () => {
    const r = newRing(8);
    const src = asciiBytes("0123456789");
    ringWrite(r, ptrOf(src), 6);
    ringConsume(r, 6);
    ringWrite(r, ptrOf(src), 5); // positions 6,7 then 0,1,2
    expect(ringContiguous(r)).toBe(2);
    expect(toHex(ringReadPtr(r), 2)).toBe("3031");
    ringConsume(r, 2);
    expect(ringContiguous(r)).toBe(3);
    expect(toHex(ringReadPtr(r), 3)).toBe("323334");
  });

  it("consume_never_passes_what_is_readable_and_clear_empties", () => {
    const r = newRing(8);
    const src = asciiBytes("abc");
    ringWrite(r, ptrOf(src), 3);
    expect(ringConsume(r, 10)).toBe(3);
    ringWrite(r, ptrOf(src), 3);
    ringClear(r);
    expect(ringUsed(r)).toBe(0);
    expect(ringFree(r)).toBe(8);
  });

  it("positions_keep_working_across_many_wraps", () => {
    const r = newRing(7);
    const src = asciiBytes("xyz");
    const dst = heap.alloc(3);
    let short = 0;
    for (let i = 0; i < 10000; i++) {
      if (ringWrite(r, ptrOf(src), 3) != 3) short++;
      if (ringRead(r, dst, 3) != 3) short++;
    }
    expect(short).toBe(0);
    expect(toHex(dst, 3)).toBe("78797a");
  });
});
