// Writes "newc" cpio archives (the format the Linux kernel unpacks as an initramfs).
// Entries are described in memory, so device nodes and file modes need no privileges.

const TYPE_BITS = { file: 0o100000, dir: 0o040000, symlink: 0o120000, chardev: 0o020000 };
const DEFAULT_MODE = { file: 0o644, dir: 0o755, symlink: 0o777, chardev: 0o600 };

function hex8(value) {
  return (value >>> 0).toString(16).padStart(8, "0");
}

function pad4(length) {
  return (4 - (length % 4)) % 4;
}

/**
 * One archive from `entries` ({ name, type, mode, data, target, major, minor }), names
 * relative to the root ("etc/ppp/pap-secrets"), closed by the TRAILER!!! entry.
 */
export function cpioArchive(entries) {
  const parts = [];
  let ino = 1;
  const push = (name, mode, body, rdevMajor = 0, rdevMinor = 0) => {
    if (name.includes("\0")) throw new Error(`cpio: name with a NUL byte: ${JSON.stringify(name)}`);
    const nameBytes = Buffer.from(`${name}\0`, "utf8");
    const fields = [ino++, mode, 0, 0, 1, 0, body.length, 0, 0, rdevMajor, rdevMinor, nameBytes.length, 0];
    const header = Buffer.from(`070701${fields.map(hex8).join("")}`, "ascii");
    parts.push(header, nameBytes, Buffer.alloc(pad4(header.length + nameBytes.length)), body, Buffer.alloc(pad4(body.length)));
  };
  for (const entry of entries) {
    const name = entry.name.replace(/^\/+/, "");
    if (!name) throw new Error("cpio: empty entry name");
    const typeBits = TYPE_BITS[entry.type];
    if (typeBits === undefined) throw new Error(`cpio: ${name}: unknown type ${entry.type}`);
    const mode = typeBits | ((entry.mode ?? DEFAULT_MODE[entry.type]) & 0o7777);
    if (entry.type === "file") push(name, mode, Buffer.from(entry.data ?? []));
    else if (entry.type === "symlink") push(name, mode, Buffer.from(entry.target, "utf8"));
    else if (entry.type === "chardev") push(name, mode, Buffer.alloc(0), entry.major, entry.minor);
    else push(name, mode, Buffer.alloc(0));
  }
  ino = 0;
  push("TRAILER!!!", 0, Buffer.alloc(0));
  return Buffer.concat(parts);
}
