// Starts the frame fuzz worker: TypeScript needs the tsx loader inside the worker too.
import { register } from "tsx/esm/api";

register();
await import("./frame-fuzz-worker.ts");
