// Two cores on a virtual clock: the dialback server (a configuration image, its TTY lines
// behind minimal Hayes modems) and a PPP client core on line 1 that dials in and, after
// hanging up, answers the callback. Carrier follows the call; DTR drop hangs a call up.

import { Core, CoreEvent } from "../../host/core/core.ts";
import { EventKind, Output, Signal } from "../../host/core/abi.ts";
import { imageForLines } from "../../host/image/writer.ts";
import { compileConfig } from "../../host/config/compile.ts";
import { compileImage } from "../../host/config/image.ts";
import { PppOptions, PppRole, pppOpen, entropyPush } from "../../host/core/ppp.ts";

export const CLIENT_LINE = 1;

export class CallbackBench {
  now = 0;
  readonly serverEvents: CoreEvent[] = [];
  readonly clientEvents: CoreEvent[] = [];
  readonly dialled: { line: number; number: string }[] = [];
  /** Every byte the server sent to its own modems (outside calls), latin1, by line. */
  readonly modemBytes = new Map<number, string>();
  /** Server line in a call with the client (null = no call). */
  connected: number | null = null;
  /** What the modem answers to ATD: CONNECT (and the client answers) or a failure text. */
  dialAnswer = "CONNECT 9600";
  /** Options the client answers the callback with (no callback request). */
  answerOptions: PppOptions = {};
  /** The caller's modem keeps the call when the server drops DTR (a caller who holds the line). */
  holdsLine = false;
  /** Sees every server event as it is drained (an AAA responder, for one). */
  onServerEvent: (e: CoreEvent) => void = () => {};
  private commandText = new Map<number, string>();

  private constructor(
    readonly server: Core,
    readonly client: Core,
    readonly serverLines: number[],
  ) {}

  static async create(configText: string, serverLines: number[]): Promise<CallbackBench> {
    const result = compileConfig(configText, "bench.cfg");
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    if (errors.length) throw new Error(errors.map((e) => `${e.loc.line}:${e.loc.col} ${e.message}`).join("\n"));
    const server = await Core.load();
    server.init(compileImage(result.model));
    const client = await Core.load();
    client.init(imageForLines([CLIENT_LINE]));
    entropyPush(server, Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1));
    entropyPush(client, Uint8Array.from({ length: 32 }, (_, i) => i * 11 + 3));
    return new CallbackBench(server, client, serverLines);
  }

  /** The client's modem dials the server's line `line` and the client starts PPP. */
  dialIn(line: number, options: PppOptions): void {
    this.connected = line;
    this.server.signals(line, Signal.DCD | Signal.DSR | Signal.CTS);
    const status = pppOpen(this.client, CLIENT_LINE, PppRole.Client, options);
    if (status !== 0) throw new Error(`client pppOpen refused: ${status}`);
  }

  /** The caller hangs up: carrier drops on the server line and the client session ends. */
  hangUp(): void {
    if (this.connected === null) return;
    this.server.signals(this.connected, Signal.DSR | Signal.CTS);
    this.client.exports.pppLowerDown(CLIENT_LINE);
    this.connected = null;
  }

  private serveModem(line: number, text: string): void {
    this.modemBytes.set(line, (this.modemBytes.get(line) ?? "") + text);
    let pending = (this.commandText.get(line) ?? "") + text;
    for (let cr = pending.indexOf("\r"); cr >= 0; cr = pending.indexOf("\r")) {
      const command = pending.slice(0, cr).trim().toUpperCase();
      pending = pending.slice(cr + 1);
      if (!command.startsWith("AT")) continue;
      if (!command.startsWith("ATD")) {
        this.server.rxPush(line, Buffer.from("\r\nOK\r\n"));
        continue;
      }
      this.dialled.push({ line, number: command.replace(/^ATDT?\s*/, "") });
      this.server.rxPush(line, Buffer.from(`\r\n${this.dialAnswer}\r\n`));
      if (this.dialAnswer.startsWith("CONNECT")) {
        this.connected = line;
        this.server.signals(line, Signal.DCD | Signal.DSR | Signal.CTS);
        pppOpen(this.client, CLIENT_LINE, PppRole.Client, this.answerOptions);
      }
    }
    this.commandText.set(line, pending);
  }

  /** One round: ticks, events, bytes across the call or to the modems. */
  step(): void {
    this.server.tick(this.now);
    this.client.tick(this.now);
    for (const e of this.server.drainEvents()) {
      this.serverEvents.push(e);
      this.onServerEvent(e);
      if (e.kind === EventKind.SignalsSet && !(e.args[0] & Output.DTR) && e.line === this.connected && !this.holdsLine) this.hangUp();
    }
    for (const e of this.client.drainEvents()) this.clientEvents.push(e);
    for (const line of this.serverLines) {
      const out = this.server.txDrain(line);
      if (!out.length) continue;
      if (this.connected === line) this.client.rxPush(CLIENT_LINE, out);
      else this.serveModem(line, Buffer.from(out).toString("latin1"));
    }
    const back = this.client.txDrain(CLIENT_LINE);
    if (back.length && this.connected !== null) this.server.rxPush(this.connected, back);
  }

  /** Runs in 50 ms virtual steps until `done` or `limitMs` of virtual time have passed. */
  runUntil(done: () => boolean, limitMs: number): boolean {
    const end = this.now + limitMs;
    while (this.now <= end) {
      this.step();
      if (done()) return true;
      this.now += 50;
    }
    return false;
  }

  serverKinds(kind: number): CoreEvent[] {
    return this.serverEvents.filter((e) => e.kind === kind);
  }
}

/**
 * Runs `b` like runUntil, but stops virtual time while `pending()` answers are on their way
 * (an AAA server's, which come in real time), as a fast server's would arrive.
 */
export async function runUntilAnswered(b: CallbackBench, pending: () => number, done: () => boolean, limitMs: number): Promise<boolean> {
  const end = b.now + limitMs;
  while (b.now <= end) {
    if (!b.runUntil(() => done() || pending() > 0, end - b.now)) break;
    if (done()) return true;
    while (pending() > 0) await new Promise((r) => setImmediate(r));
  }
  return done();
}
