// Several lines of one core driven at once with one virtual clock: what each line showed,
// every event of every line (quiet mode is core-wide), and an attacker who redials at once.

import assert from "node:assert/strict";
import { Core, type CoreEvent } from "../../../host/core/core.ts";
import { VirtualClock } from "../../../host/core/clock.ts";
import { LineEvent, LineState } from "../../../host/core/abi.ts";
import { compileConfig } from "../../../host/config/compile.ts";
import { compileImage } from "../../../host/config/image.ts";
import { advance, modemSignals } from "../../support/terminal.ts";

export class Board {
  readonly clock = new VirtualClock();
  readonly events: CoreEvent[] = [];
  private readonly screens = new Map<number, string>();

  private constructor(
    readonly core: Core,
    readonly ttys: number[],
  ) {
    for (const tty of ttys) this.screens.set(tty, "");
  }

  /** A core running `config` (which must compile without errors). */
  static async boot(config: string): Promise<Board> {
    const result = compileConfig(config, "login.cfg");
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    assert.equal(errors.length, 0, JSON.stringify(errors));
    const core = await Core.load();
    core.init(compileImage(result.model));
    return new Board(core, result.model.lines.filter((l) => l.kind === "tty").map((l) => l.number));
  }

  private pump(): void {
    this.core.tick(this.clock.now());
    for (const e of this.core.drainEvents()) this.events.push(e);
    for (const tty of this.ttys) this.screens.set(tty, this.screens.get(tty) + Buffer.from(this.core.txDrain(tty)).toString("latin1"));
  }

  carrier(tty: number, up: boolean): void {
    this.core.tick(this.clock.now());
    this.core.signals(tty, modemSignals(up));
    this.pump();
  }

  type(tty: number, text: string | Uint8Array): void {
    this.core.tick(this.clock.now());
    const bytes = typeof text === "string" ? Buffer.from(text, "latin1") : text;
    const taken = this.core.rxPush(tty, bytes);
    assert.equal(taken, bytes.length, `line ${tty} took every byte`);
    this.pump();
  }

  /** Advances virtual time by `ms`, running every deadline on the way. */
  wait(ms: number): void {
    advance(this.core, this.clock, ms, () => this.pump());
  }

  /** What `tty` showed since the last read. */
  read(tty: number): string {
    const s = this.screens.get(tty) ?? "";
    this.screens.set(tty, "");
    return s;
  }

  eventsOf(kind: number, tty?: number): CoreEvent[] {
    return this.events.filter((e) => e.kind === kind && (tty === undefined || e.line === tty));
  }

  /** The line's state as its last LineState event said (idle before any). */
  state(tty: number): LineState {
    return this.eventsOf(LineEvent.LineState, tty).at(-1)?.args[0] ?? LineState.Idle;
  }
}

/**
 * A caller on `tty` who guesses passwords for `seconds` of virtual time: answers every
 * prompt at once, and redials as soon as the line hangs up. Returns the passwords typed.
 */
export function guessFor(board: Board, tty: number, seconds: number, user = "Ted"): number {
  const end = board.clock.now() + seconds * 1000;
  let guesses = 0;
  board.read(tty);
  board.carrier(tty, true);
  while (board.clock.now() < end) {
    const screen = board.read(tty);
    if (screen.endsWith("Username: ")) board.type(tty, `${user}\r`);
    else if (screen.endsWith("Password: ")) {
      board.type(tty, `guess${guesses}\r`);
      guesses++;
    } else if (board.state(tty) === LineState.HangUp) {
      board.wait(600); // DTR low long enough for the modem to hang up
      board.carrier(tty, false);
      board.carrier(tty, true); // and the next call at once
    } else board.wait(50);
  }
  return guesses;
}
