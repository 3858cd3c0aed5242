// Runs the frame fuzz on a worker and watches it: a core call still running after `hangMs`
// (an endless loop in the core never returns to be timed) ends the worker, and the failure
// names the episode and how to replay it.

import { Worker } from "node:worker_threads";
import { FuzzFailure, FuzzOptions, FuzzStats, replayCommand } from "./frame-fuzz.ts";

type Message = { type: "episode"; life: number; episode: number } | { type: "done"; stats: FuzzStats } | { type: "failed"; message: string };

export function runFrameFuzzWatched(options: FuzzOptions, hangMs: number): Promise<FuzzStats> {
  const shared = new SharedArrayBuffer(8);
  const watch = new Float64Array(shared);
  const worker = new Worker(new URL("./frame-fuzz-worker.mjs", import.meta.url), { workerData: { options, watch: shared } });
  let where = { life: options.life ?? 0, episode: 0 };
  return new Promise<FuzzStats>((resolve, reject) => {
    const timer = setInterval(() => {
      const began = watch[0];
      if (began === 0 || performance.timeOrigin + performance.now() - began < hangMs) return;
      clearInterval(timer);
      void worker.terminate();
      reject(
        new FuzzFailure(
          `frame fuzz: a core call has not returned for ${hangMs / 1000} s (a hang)\n` +
            `  episode ${where.episode} (life ${where.life})\n  replay: ${replayCommand(options.seed, where.life, where.episode)}`,
        ),
      );
    }, 250);
    const end = (f: () => void) => {
      clearInterval(timer);
      f();
    };
    worker.on("message", (m: Message) => {
      if (m.type === "episode") where = m;
      else if (m.type === "done") end(() => resolve(m.stats));
      else end(() => reject(new FuzzFailure(m.message)));
    });
    worker.on("error", (e) => end(() => reject(e)));
    worker.on("exit", (code) => end(() => reject(new Error(`the fuzz worker exited (${code}) without a result`))));
  });
}
