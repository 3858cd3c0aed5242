import { chacha20Block, chacha20QuarterRound, chacha20Xor } from "../../../assembly/crypto/chacha20";
import { asciiBytes, hexBytes, ptrOf, toHex } from "../support/bytes";

// RFC 8439 §2.3.2 and §2.4.2: key 00 01 .. 1f.
const RFC_KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

describe("chacha20", () => {
  // RFC 8439 §2.1.1.
  it("quarter_round_gives_the_rfc8439_2_1_1_words", () => {
    const state = new StaticArray<u32>(16);
    state[0] = 0x11111111;
    state[1] = 0x01020304;
    state[2] = 0x9b8d6f43;
    state[3] = 0x01234567;
    chacha20QuarterRound(changetype<usize>(state), 0, 1, 2, 3);
    expect(state[0]).toBe(0xea2a92f4);
    expect(state[1]).toBe(0xcb1cf8ce);
    expect(state[2]).toBe(0x4581472e);
    expect(state[3]).toBe(0x5881c4bb);
  });

  // RFC 8439 §2.3.2: nonce 00 00 00 09 00 00 00 4a 00 00 00 00, block count 1.
  it("block_function_gives_the_rfc8439_2_3_2_serialized_block", () => {
    const key = hexBytes(RFC_KEY);
    const nonce = hexBytes("000000090000004a00000000");
    const out = new StaticArray<u8>(64);
    chacha20Block(ptrOf(key), 1, ptrOf(nonce), ptrOf(out));
    expect(toHex(ptrOf(out), 64)).toBe(
      "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e" +
        "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e",
    );
  });

  // RFC 8439 Appendix A.1, test vector #1: all-zero key and nonce, block 0.
  it("block_function_gives_the_rfc8439_a_1_first_vector", () => {
    const zero = new StaticArray<u8>(32);
    const out = new StaticArray<u8>(64);
    chacha20Block(ptrOf(zero), 0, ptrOf(zero), ptrOf(out));
    expect(toHex(ptrOf(out), 64)).toBe(
      "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7" +
        "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586",
    );
  });

  it("block_written_over_its_own_key_is_the_same_block", () => {
    const key = hexBytes(RFC_KEY);
    const nonce = hexBytes("000000090000004a00000000");
    const apart = new StaticArray<u8>(64);
    chacha20Block(ptrOf(key), 1, ptrOf(nonce), ptrOf(apart));
    const both = new StaticArray<u8>(64);
    memory.copy(ptrOf(both), ptrOf(key), 32);
    chacha20Block(ptrOf(both), 1, ptrOf(nonce), ptrOf(both));
    expect(toHex(ptrOf(both), 64)).toBe(toHex(ptrOf(apart), 64));
  });

  // RFC 8439 §2.4.2: the sunscreen plaintext, nonce 00 00 00 00 00 00 00 4a 00 00 00 00, counter 1.
  it("encryption_gives_the_rfc8439_2_4_2_ciphertext_and_decrypts_back", () => {
    const key = hexBytes(RFC_KEY);
    const nonce = hexBytes("000000000000004a00000000");
    const plain = asciiBytes(
      "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
    );
    expect(plain.length).toBe(114);
    const cipher = new StaticArray<u8>(114);
    chacha20Xor(ptrOf(key), 1, ptrOf(nonce), ptrOf(plain), ptrOf(cipher), 114);
    expect(toHex(ptrOf(cipher), 114)).toBe(
      "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b" +
        "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8" +
        "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736" +
        "5af90bbf74a35be6b40b8eedf2785e42874d",
    );
    const back = new StaticArray<u8>(114);
    chacha20Xor(ptrOf(key), 1, ptrOf(nonce), ptrOf(cipher), ptrOf(back), 114);
    expect(toHex(ptrOf(back), 114)).toBe(toHex(ptrOf(plain), 114));
  });
});
