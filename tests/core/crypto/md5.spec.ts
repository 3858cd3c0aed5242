import { Md5, md5Init, md5Update, md5Final, MD5_CONTEXT_BYTES } from "../../../assembly/crypto/md5";
import { entropyMix, entropyNext, entropyReset } from "../../../assembly/crypto/entropy";
import { asciiBytes, hexBytes, ptrOf, toHex } from "../support/bytes";

function md5Hex(text: string, piece: i32 = 1 << 30): string {
  const ctx = changetype<Md5>(heap.alloc(MD5_CONTEXT_BYTES));
  const src = asciiBytes(text);
  md5Init(ctx);
  for (let at = 0; at < src.length; at += piece) {
    const n = src.length - at < piece ? src.length - at : piece;
    md5Update(ctx, ptrOf(src) + at, n);
  }
  const out = heap.alloc(16);
  md5Final(ctx, out);
  return toHex(out, 16);
}

describe("md5", () => {
  // RFC 1321 Appendix A.5 test suite.
  it("rfc1321_a5_vectors_give_the_published_digests", () => {
    expect(md5Hex("")).toBe("d41d8cd98f00b204e9800998ecf8427e");
    expect(md5Hex("a")).toBe("0cc175b9c0f1b6a831c399e269772661");
    expect(md5Hex("abc")).toBe("900150983cd24fb0d6963f7d28e17f72");
    expect(md5Hex("message digest")).toBe("f96b697d7cb7938d525a2f31aaf161d0");
    expect(md5Hex("abcdefghijklmnopqrstuvwxyz")).toBe("c3fcd3d76192e4007dfb496cca67e13b");
    expect(md5Hex("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")).toBe("d174ab98d277d9f5a5611c2c9f419d9f");
    expect(md5Hex("12345678901234567890123456789012345678901234567890123456789012345678901234567890")).toBe(
      "57edf4a22be3c955ac49da2e2107b67a",
    );
  });

  it("updates_split_at_any_size_give_the_same_digest", () => {
    const text = "12345678901234567890123456789012345678901234567890123456789012345678901234567890";
    for (let piece = 1; piece <= 70; piece++) expect(md5Hex(text, piece)).toBe("57edf4a22be3c955ac49da2e2107b67a");
  });

  // protocols.md §3 (observed): CHAP response = MD5(id ‖ secret ‖ challenge).
  it("chap_vector_from_a_pppd_exchange_gives_the_observed_response", () => {
    const ctx = changetype<Md5>(heap.alloc(MD5_CONTEXT_BYTES));
    const id = hexBytes("00");
    const secret = asciiBytes("s3cret");
    const challenge = hexBytes("f65972c5603dffaa0c81d028b7f40129ab98fd10525e");
    md5Init(ctx);
    md5Update(ctx, ptrOf(id), 1);
    md5Update(ctx, ptrOf(secret), secret.length);
    md5Update(ctx, ptrOf(challenge), challenge.length);
    const out = heap.alloc(16);
    md5Final(ctx, out);
    expect(toHex(out, 16)).toBe("962dff83fcb0dca2b78ec75a4a0e0df8");
  });
});

describe("entropy", () => {
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
});
