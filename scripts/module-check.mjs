// Structural checks of a WebAssembly binary, read section by section (no external tools).

function readLeb(bytes, at) {
  let value = 0, shift = 0, b;
  do {
    b = bytes[at++];
    value |= (b & 0x7f) << shift;
    shift += 7;
  } while (b & 0x80);
  return [value >>> 0, at];
}

/** Returns a list of problems: imports, non-fixed memory, memory.grow, DataCount, non-MVP opcodes. */
export function checkModule(bytes) {
  const problems = [];
  const mod = new WebAssembly.Module(bytes);
  const imports = WebAssembly.Module.imports(mod);
  if (imports.length) problems.push(`imports ${imports.map((i) => `${i.module}.${i.name}`).join(", ")} (none allowed)`);
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at++];
    let size;
    [size, at] = readLeb(bytes, at);
    const end = at + size;
    if (id === 12) problems.push("DataCount section present (bulk memory is not MVP)");
    if (id === 5) {
      let count, p = at;
      [count, p] = readLeb(bytes, p);
      const flags = bytes[p++];
      let initial, maximum;
      [initial, p] = readLeb(bytes, p);
      if (flags & 1) [maximum, p] = readLeb(bytes, p);
      if (maximum === undefined || maximum !== initial) problems.push(`memory ${initial}..${maximum} is not fixed`);
    }
    at = end;
  }
  return problems;
}

/** Validates against the MVP feature set with wabt and counts memory.grow in the code. */
export async function checkModuleMvp(bytes) {
  const wabt = await (await import("wabt")).default();
  const features = {
    mutable_globals: false, sat_float_to_int: false, sign_extension: false, bulk_memory: false,
    reference_types: false, multi_value: false, simd: false, tail_call: false, threads: false,
  };
  const problems = [];
  let module;
  try {
    module = wabt.readWasm(bytes, features);
    module.validate();
  } catch (err) {
    return [`not a valid MVP module: ${err.message}`];
  }
  const grows = (module.toText({}).match(/\bmemory\.grow\b/g) || []).length;
  if (grows) problems.push(`${grows} memory.grow instruction(s) (memory must never grow)`);
  module.destroy();
  return problems;
}
