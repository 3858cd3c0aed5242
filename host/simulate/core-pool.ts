// Cores for the simulated PPP callers: one is taken when a caller dials and given back when
// the caller is finished, so a run holds only as many cores as callers were ever calling at
// once. A given-back core is initialised afresh (init discards all state) for its next caller.

import { Core } from "../core/core.ts";

export class CorePool {
  private readonly idle: Core[] = [];
  /** Cores instantiated so far: the most callers that held one at the same time. */
  created = 0;
  /** Cores held by callers now. */
  inUse = 0;

  constructor(
    private readonly module: WebAssembly.Module,
    private readonly image: Uint8Array,
  ) {}

  take(): Core {
    let core = this.idle.pop();
    if (!core) {
      core = Core.fromModule(this.module);
      this.created++;
    }
    core.init(this.image);
    this.inUse++;
    return core;
  }

  give(core: Core): void {
    this.inUse--;
    this.idle.push(core);
  }
}
