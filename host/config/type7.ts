// The IOS "type 7" password form: a Vigenère-style XOR with a fixed public key, shown as two
// decimal digits (the key offset) then hex. Reversible, so it hides a secret from a glance only.

const KEY = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87";

export function type7Decode(cipher: string): string | null {
  if (!/^[0-9]{2}([0-9A-Fa-f]{2})*$/.test(cipher)) return null;
  const offset = Number(cipher.slice(0, 2));
  if (offset >= KEY.length) return null;
  let out = "";
  for (let i = 2, k = offset; i < cipher.length; i += 2, k++) {
    out += String.fromCharCode(parseInt(cipher.slice(i, i + 2), 16) ^ KEY.charCodeAt(k % KEY.length));
  }
  return out;
}

/** Encodes with an offset derived from the text so the running config is stable. */
export function type7Encode(text: string): string {
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum += text.charCodeAt(i);
  const offset = sum % 16;
  let out = offset.toString().padStart(2, "0");
  for (let i = 0; i < text.length; i++) {
    const v = (text.charCodeAt(i) ^ KEY.charCodeAt((offset + i) % KEY.length)) & 0xff;
    out += v.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}
