// as-pect runs the core's specs (tests/core/**) compiled with the default runtime, so
// specs may allocate; the modules under test use only their fixed pools. SPECS (paths or
// globs, comma-separated) runs only those: `SPECS=tests/core/wire/hdlc.spec.ts npm run test:core`.
const only = process.env.SPECS?.split(",").filter(Boolean);

export default {
  entries: only?.length ? only : ["tests/core/**/*.spec.ts"],
  include: ["tests/core/support/**/*.include.ts"],
  disclude: [/node_modules/],
  async instantiate(memory, createImports, instantiate, binary) {
    return instantiate(binary, createImports({ env: { memory } }));
  },
  outputBinary: false,
};
