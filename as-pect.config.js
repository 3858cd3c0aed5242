// as-pect runs the core's specs (tests/core/**) compiled with the default runtime, so
// specs may allocate; the modules under test use only their fixed pools.
export default {
  entries: ["tests/core/**/*.spec.ts"],
  include: ["tests/core/support/**/*.include.ts"],
  disclude: [/node_modules/],
  async instantiate(memory, createImports, instantiate, binary) {
    return instantiate(binary, createImports({ env: { memory } }));
  },
  outputBinary: false,
};
