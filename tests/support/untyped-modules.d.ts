// Declarations for the two small test libraries that ship none (used by mschap-v2.ts).

declare module "js-md4" {
  const md4: { arrayBuffer(message: Uint8Array | string): ArrayBuffer };
  export default md4;
}

declare module "des.js" {
  interface Cipher {
    update(data: Uint8Array): number[];
  }
  const des: { DES: { create(options: { type: "encrypt" | "decrypt"; key: Uint8Array; padding?: boolean }): Cipher } };
  export default des;
}
