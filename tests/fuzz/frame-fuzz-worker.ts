// The frame fuzz on a worker thread, so the test's thread can stop a core call that never
// returns (tests/fuzz/watchdog.ts) and still say which episode replays it.

import { parentPort, workerData } from "node:worker_threads";
import { runFrameFuzz, FuzzOptions } from "./frame-fuzz.ts";

const { options, watch } = workerData as { options: FuzzOptions; watch: SharedArrayBuffer };
const port = parentPort!;
try {
  const stats = await runFrameFuzz({
    ...options,
    watch: new Float64Array(watch),
    onEpisode: (life, episode) => port.postMessage({ type: "episode", life, episode }),
  });
  port.postMessage({ type: "done", stats });
} catch (e) {
  port.postMessage({ type: "failed", message: (e as Error).message });
}
