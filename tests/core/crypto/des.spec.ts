import { desSchedule, desEncrypt, desDecrypt, desKeyFrom56, DES_SCHEDULE_BYTES } from "../../../assembly/crypto/des";
import { hexBytes, ptrOf, toHex } from "../support/bytes";

const schedule = heap.alloc(DES_SCHEDULE_BYTES);
const out = heap.alloc(8);

function encryptHex(key: string, plain: string): string {
  desSchedule(ptrOf(hexBytes(key)), schedule);
  desEncrypt(schedule, ptrOf(hexBytes(plain)), out);
  return toHex(out, 8);
}

function decryptHex(key: string, cipher: string): string {
  desSchedule(ptrOf(hexBytes(key)), schedule);
  desDecrypt(schedule, ptrOf(hexBytes(cipher)), out);
  return toHex(out, 8);
}

function expandHex(key7: string): string {
  desKeyFrom56(ptrOf(hexBytes(key7)), out);
  return toHex(out, 8);
}

// [key, plaintext, ciphertext]: the first two are the textbook worked example and FIPS 81's
// "Now is t"; the rest were computed with OpenSSL 3.0 (`enc -des-ecb -nopad`, legacy provider).
const VECTORS: string[][] = [
  ["133457799bbcdff1", "0123456789abcdef", "85e813540f0ab405"],
  ["0123456789abcdef", "4e6f772069732074", "3fa40e8a984d4815"],
  ["f50817b06a5b8b17", "45e80c512c5e9901", "89b0ca1597e1e452"],
  ["125c5698b13c186b", "2dc866109ec138da", "b299b0edda954835"],
  ["3795b0ba577d0642", "7f274dcf83139dbc", "0128766f78790b30"],
  ["bbe3412c7ad11a2d", "592f40ef7f07aeb4", "0c1c2cf8ed414b51"],
];

describe("des", () => {
  it("known_vectors_encrypt_to_their_ciphertexts_and_decrypt_back", () => {
    for (let i = 0; i < VECTORS.length; i++) {
      const v = VECTORS[i];
      expect(encryptHex(v[0], v[1])).toBe(v[2]);
      expect(decryptHex(v[0], v[2])).toBe(v[1]);
    }
  });

  it("parity_bits_of_the_key_do_not_change_the_result", () => {
    // FIPS 46-3: bits 8, 16, ..., 64 are parity and take no part in the key schedule.
    expect(encryptHex("123456789abcdef0", "0123456789abcdef")).toBe(encryptHex("133457799bbcdff1", "0123456789abcdef"));
  });

  it("encrypting_in_place_gives_the_same_block", () => {
    desSchedule(ptrOf(hexBytes("0123456789abcdef")), schedule);
    const block = hexBytes("4e6f772069732074");
    desEncrypt(schedule, ptrOf(block), ptrOf(block));
    expect(toHex(ptrOf(block), 8)).toBe("3fa40e8a984d4815");
  });

  it("a_56_bit_key_spreads_over_eight_octets_with_odd_parity", () => {
    expect(expandHex("00000000000000")).toBe("0101010101010101");
    expect(expandHex("ffffffffffffff")).toBe("fefefefefefefefe");
    expect(expandHex("44ebba8d5312b8")).toBe("4575ef51d5984a70");
  });

  it("rfc2759_nt_response_blocks_come_from_the_password_hash_thirds", () => {
    // RFC 2759 §9.2: PasswordHash 44EBBA8D5312B8D611474411F56989AE, Challenge D02E4386BCE91226.
    const thirds: string[] = ["44ebba8d5312b8", "d611474411f569", "89ae0000000000"];
    const expected: string[] = ["82309ecd8d708b5e", "a08faa3981cd8354", "4233114a3d85d6df"];
    for (let i = 0; i < 3; i++) {
      desKeyFrom56(ptrOf(hexBytes(thirds[i])), out);
      expect(encryptHex(toHex(out, 8), "d02e4386bce91226")).toBe(expected[i]);
    }
  });
});
