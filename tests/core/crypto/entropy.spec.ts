import { entropyFill, entropyMix, entropyNext, entropyReset, entropySeeded } from "../../../assembly/crypto/entropy";
import { chacha20Block } from "../../../assembly/crypto/chacha20";
import { globalCounter, globalCountersReset, GlobalCounter } from "../../../assembly/mem/counters";
import { asciiBytes, hexBytes, ptrOf, toHex } from "../support/bytes";

const SEED_0_31 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

function seedWith(hex: string): void {
  entropyReset();
  const seed = hexBytes(hex);
  entropyMix(ptrOf(seed), seed.length);
}

function draw(len: i32): string {
  const out = new StaticArray<u8>(len);
  entropyFill(ptrOf(out), len);
  return toHex(ptrOf(out), len);
}

describe("entropy", () => {
  // Known answers computed apart from this code (OpenSSL's chacha20 with the construction of
  // assembly/crypto/entropy.ts): key = ChaCha20(0 ⊕ seed, counter 32, "entropy-mix\0")[0..32],
  // each draw = ChaCha20(key, 0, 0)[32..], next key = ChaCha20(key, 0, 0)[0..32].
  it("seeded_draws_are_the_chacha20_fast_key_erasure_stream", () => {
    seedWith(SEED_0_31);
    expect(draw(16)).toBe("d747d96dc0de018ee820e6d92885809b");
    expect(draw(16)).toBe("f3cb443c992266efa6dbb86e7079b535");
    expect(draw(100)).toBe(
      "1cbf78267ad8a6e6e00afe6b569a28dc829edc5c87e07f354091c5fadcf62dbc" +
        "de2c2f8e169581cc2a51e30e34b5ac07001938759915190c405e748b201e55da" +
        "c188d0ff870d69f14add4d18ac1f53a30abdf1462af95e7d9b29289ba9fa0f0f" +
        "c8bbf2a0",
    );
  });

  it("a_draw_is_the_block_after_the_next_key_and_the_key_moves_on", () => {
    seedWith(SEED_0_31);
    const key = hexBytes("053782d58b5910b153deea7e874638e1de5ce81ca9347cb11acf23d5323deb42");
    const nonce = new StaticArray<u8>(12);
    const block = new StaticArray<u8>(64);
    chacha20Block(ptrOf(key), 0, ptrOf(nonce), ptrOf(block));
    expect(draw(8)).toBe(toHex(ptrOf(block) + 32, 8));
    chacha20Block(ptrOf(block), 0, ptrOf(nonce), ptrOf(block));
    expect(draw(8)).toBe(toHex(ptrOf(block) + 32, 8), "the second draw uses the first block's key, not the same key again");
  });

  it("same_pushes_give_the_same_sequence_and_different_pushes_differ", () => {
    const seed = asciiBytes("seed-1");
    entropyReset();
    entropyMix(ptrOf(seed), seed.length);
    const a0 = entropyNext();
    const a1 = entropyNext();
    entropyReset();
    entropyMix(ptrOf(seed), seed.length);
    expect(entropyNext()).toBe(a0);
    expect(entropyNext()).toBe(a1);
    const other = asciiBytes("seed-2");
    entropyReset();
    entropyMix(ptrOf(other), other.length);
    expect(entropyNext()).not.toBe(a0);
    expect(a0).not.toBe(a1);
  });

  it("a_piece_padded_with_zeros_is_another_push", () => {
    seedWith("6162");
    const short = draw(16);
    seedWith("616200");
    expect(draw(16)).not.toBe(short);
  });

  it("a_later_push_changes_every_value_after_it", () => {
    seedWith(SEED_0_31);
    draw(16);
    const plain = draw(16);
    seedWith(SEED_0_31);
    draw(16);
    const more = asciiBytes("x");
    entropyMix(ptrOf(more), 1);
    expect(draw(16)).not.toBe(plain);
  });

  it("draws_never_repeat_over_a_thousand_challenges", () => {
    seedWith(SEED_0_31);
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) seen.add(draw(16));
    expect(seen.size).toBe(1000);
  });

  it("draws_before_32_pushed_octets_are_counted_and_after_them_not", () => {
    globalCountersReset();
    entropyReset();
    expect(entropySeeded()).toBe(false);
    draw(4);
    expect(globalCounter(GlobalCounter.EntropyUnseeded)).toBe(1);
    const part = new StaticArray<u8>(31);
    entropyMix(ptrOf(part), 31);
    expect(entropySeeded()).toBe(false);
    entropyNext();
    expect(globalCounter(GlobalCounter.EntropyUnseeded)).toBe(2);
    entropyMix(ptrOf(part), 1);
    expect(entropySeeded()).toBe(true);
    draw(16);
    entropyNext();
    expect(globalCounter(GlobalCounter.EntropyUnseeded)).toBe(2);
    entropyReset();
    expect(entropySeeded()).toBe(false);
  });

  it("empty_and_negative_lengths_change_nothing", () => {
    seedWith(SEED_0_31);
    const zero = new StaticArray<u8>(1);
    entropyMix(ptrOf(zero), 0);
    entropyMix(ptrOf(zero), -5);
    entropyFill(ptrOf(zero), 0);
    entropyFill(ptrOf(zero), -1);
    expect(zero[0]).toBe(0);
    expect(draw(16)).toBe("d747d96dc0de018ee820e6d92885809b");
  });
});
