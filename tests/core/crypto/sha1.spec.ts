import { Sha1, sha1Init, sha1Update, sha1Final, SHA1_CONTEXT_BYTES } from "../../../assembly/crypto/sha1";
import { asciiBytes, ptrOf, toHex } from "../support/bytes";

function sha1Hex(text: string, piece: i32 = 1 << 30, times: i32 = 1): string {
  const ctx = changetype<Sha1>(heap.alloc(SHA1_CONTEXT_BYTES));
  const src = asciiBytes(text);
  sha1Init(ctx);
  for (let k = 0; k < times; k++) {
    for (let at = 0; at < src.length; at += piece) {
      const n = src.length - at < piece ? src.length - at : piece;
      sha1Update(ctx, ptrOf(src) + at, n);
    }
  }
  const out = heap.alloc(20);
  sha1Final(ctx, out);
  return toHex(out, 20);
}

describe("sha1", () => {
  // FIPS 180-4 examples (NIST CSRC "SHA1.pdf") and the empty message.
  it("fips_180_examples_give_the_published_digests", () => {
    expect(sha1Hex("abc")).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
    expect(sha1Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe("84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    expect(sha1Hex("")).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709");
  });

  it("a_million_a_gives_the_published_digest", () => {
    expect(sha1Hex("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 1 << 30, 10000)).toBe(
      "34aa973cd4c4daa4f61eeb2bdbad27316534016f",
    );
  });

  it("updates_split_at_any_size_give_the_same_digest", () => {
    const text = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopqabcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    const whole = sha1Hex(text);
    for (let piece = 1; piece <= 70; piece++) expect(sha1Hex(text, piece)).toBe(whole);
  });
});
