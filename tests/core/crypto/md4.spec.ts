import { Md4, md4Init, md4Update, md4Final, MD4_CONTEXT_BYTES } from "../../../assembly/crypto/md4";
import { asciiBytes, ptrOf, toHex } from "../support/bytes";

function md4Hex(text: string, piece: i32 = 1 << 30): string {
  const ctx = changetype<Md4>(heap.alloc(MD4_CONTEXT_BYTES));
  const src = asciiBytes(text);
  md4Init(ctx);
  for (let at = 0; at < src.length; at += piece) {
    const n = src.length - at < piece ? src.length - at : piece;
    md4Update(ctx, ptrOf(src) + at, n);
  }
  const out = heap.alloc(16);
  md4Final(ctx, out);
  return toHex(out, 16);
}

describe("md4", () => {
  // RFC 1320 Appendix A.5 test suite.
  it("rfc1320_a5_vectors_give_the_published_digests", () => {
    expect(md4Hex("")).toBe("31d6cfe0d16ae931b73c59d7e0c089c0");
    expect(md4Hex("a")).toBe("bde52cb31de33e46245e05fbdbd6fb24");
    expect(md4Hex("abc")).toBe("a448017aaf21d8525fc10ae87aa6729d");
    expect(md4Hex("message digest")).toBe("d9130a8164549fe818874806e1c7014b");
    expect(md4Hex("abcdefghijklmnopqrstuvwxyz")).toBe("d79e1c308aa5bbcdeea8ed63df412da9");
    expect(md4Hex("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")).toBe("043f8582f241db351ce627e153e7f0e4");
    expect(md4Hex("12345678901234567890123456789012345678901234567890123456789012345678901234567890")).toBe(
      "e33b4ddc9c38f2199c3e7b164fcc0536",
    );
  });

  it("updates_split_at_any_size_give_the_same_digest", () => {
    const text = "12345678901234567890123456789012345678901234567890123456789012345678901234567890";
    for (let piece = 1; piece <= 70; piece++) expect(md4Hex(text, piece)).toBe("e33b4ddc9c38f2199c3e7b164fcc0536");
  });

  it("a_length_that_leaves_no_room_for_the_bit_count_takes_a_second_block", () => {
    // 56 octets: the 0x80 lands at 56, the length needs a block of its own (RFC 1320 §3.1).
    expect(md4Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(md4Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 7));
    expect(md4Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe("4691a9ec81b1a6bd1ab8557240b245c5");
  });
});
