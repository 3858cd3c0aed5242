// Puts the DTE side of a simulated modem where an outside program can reach it: a pty
// (made by socat, Debian package socat) or a loopback TCP port. The program's presence is
// DTR: when it closes the pty or the connection, DTR drops and (&D2) the modem hangs up.

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import type { HayesModem } from "./modem/modem.ts";

export type ExposeSpec = { number: string; kind: "pty"; path: string } | { number: string; kind: "tcp"; port: number };

export class ExposeError extends Error {}

/** Parses NUMBER=pty:PATH or NUMBER=tcp:PORT. */
export function parseExposeSpec(text: string): ExposeSpec {
  const m = /^([0-9*#]+)=(pty|tcp):(.+)$/.exec(text);
  if (!m) throw new ExposeError(`--expose ${text}: expected NUMBER=pty:PATH or NUMBER=tcp:PORT`);
  const [, number, kind, arg] = m;
  if (kind === "pty") return { number, kind: "pty", path: arg };
  if (!/^\d+$/.test(arg) || Number(arg) < 1 || Number(arg) > 65535) throw new ExposeError(`--expose ${text}: tcp port 1-65535`);
  return { number, kind: "tcp", port: Number(arg) };
}

export interface Exposure {
  readonly description: string;
  /** The TCP port listened on (tcp exposures). */
  readonly port?: number;
  close(): Promise<void>;
}

/** `kick` runs the simulation's due work after outside input (see RealTimeDriver.kick). */
export async function expose(spec: ExposeSpec, modem: HayesModem, kick: () => void): Promise<Exposure> {
  return spec.kind === "pty" ? exposePty(spec.path, modem, kick) : exposeTcp(spec.port, modem, kick);
}

async function exposePty(path: string, modem: HayesModem, kick: () => void): Promise<Exposure> {
  let child: ChildProcess | null = null;
  let closing = false;
  const start = () => {
    // wait-slave: socat waits for a program to open the pty, and ends when it closes it.
    const c = spawn("socat", [`PTY,link=${path},raw,echo=0,wait-slave`, "STDIO"], { stdio: ["pipe", "pipe", "pipe"] });
    child = c;
    let opened = false;
    c.stdout!.on("data", (chunk: Buffer) => {
      if (!opened) {
        opened = true;
        modem.setInputs({ dtr: true, rts: true });
      }
      kick(); // the modem times each byte (the +++ guard time): its clock must be current first
      modem.write(chunk);
      kick();
    });
    c.stdin!.on("error", () => {}); // socat gone: the exit handler restarts it
    c.on("error", () => {});
    c.on("exit", () => {
      modem.setInputs({ dtr: false, rts: false });
      kick();
      if (!closing) setTimeout(start, 50);
    });
    modem.setInputs({ dtr: true, rts: true });
  };
  modem.onOutput = (data) => {
    const c = child;
    if (c && c.stdin && !c.stdin.destroyed) c.stdin.write(data);
  };
  start();
  for (let i = 0; i < 250 && !existsSync(path); i++) await new Promise((r) => setTimeout(r, 20));
  if (!existsSync(path)) {
    closing = true;
    (child as ChildProcess | null)?.kill();
    throw new ExposeError(`pty ${path}: socat did not create it (is socat installed? apt-get install socat)`);
  }
  return {
    description: `${modem.number} on pty ${path}`,
    close: async () => {
      closing = true;
      const c = child as ChildProcess | null;
      if (c && c.exitCode === null) {
        const gone = new Promise((r) => c.once("exit", r));
        c.kill();
        await gone;
      }
    },
  };
}

async function exposeTcp(port: number, modem: HayesModem, kick: () => void): Promise<Exposure> {
  let current: Socket | null = null;
  modem.setInputs({ dtr: false, rts: false });
  modem.onOutput = (data) => {
    if (current && !current.destroyed) current.write(data);
  };
  const server: Server = createServer((socket) => {
    if (current) {
      socket.destroy(); // one DTE at a time
      return;
    }
    current = socket;
    modem.setInputs({ dtr: true, rts: true });
    socket.on("data", (chunk: Buffer) => {
      kick(); // the modem times each byte (the +++ guard time): its clock must be current first
      modem.write(chunk);
      kick();
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      if (current !== socket) return;
      current = null;
      modem.setInputs({ dtr: false, rts: false });
      kick();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e) => reject(new ExposeError(`tcp 127.0.0.1:${port}: ${e.message}`)));
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const addr = server.address();
  const bound = typeof addr === "object" && addr ? addr.port : port;
  return {
    description: `${modem.number} on tcp 127.0.0.1:${bound}`,
    port: bound,
    close: async () => {
      (current as Socket | null)?.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
