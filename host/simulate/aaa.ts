// The simulator's AAA server: when the configuration's method lists name `group radius` or
// `group tacacs+`, it answers the core's AuthRequest events on the virtual clock as that
// server would, from the scenario's accounts (or the configuration's users when the scenario
// declares none). A caller with the fault `aaa-timeout` is never answered: the core's own
// wait (60 s for a login or a PAP/CHAP check) refuses it.

import { EventKind } from "../core/abi.ts";
import type { Core, CoreEvent } from "../core/core.ts";
import type { User } from "../config/model.ts";
import type { AaaAccount } from "../scenario/scenario.ts";
import { requestFromEvent, aaaAnswerCore } from "../aaa/responder.ts";
import { localAnswer } from "../aaa/local-method.ts";
import type { Scheduler } from "../sim/scheduler.ts";
import { PROTOCOL_ARAP, type ArapKeyLayout } from "../core/arap.ts";

/** A scenario account as the configuration would write the same user. */
export function accountAsUser(a: AaaAccount): User {
  return {
    name: a.username,
    password: { text: a.password, type: 0 },
    privilege: null,
    callbackDialstring: a.callbackDialstring,
    callbackRotary: a.callbackRotary,
    callbackLine: a.callbackLine === null ? null : { kind: "tty", first: a.callbackLine, last: a.callbackLine },
    nocallbackVerify: a.noCallbackVerify,
    autocommand: null,
    callbackAllowedPattern: null,
  };
}

export class SimAaaServer {
  /** Questions answered, and left unanswered on purpose. */
  answered = 0;
  silent = 0;

  constructor(
    private readonly core: Core,
    private readonly scheduler: Scheduler,
    private readonly users: User[],
    private readonly answerAfterMs: number,
    /** True when the caller on this line has the fault `aaa-timeout`. */
    private readonly silentFor: (tty: number) => boolean,
    /** Runs after each answer reaches the core (the run loop pumps then). */
    private readonly settled: () => void,
    private readonly log: (text: string) => void,
    /** How the configuration lays ARAP passwords into DES keys (the server computes as the access server does). */
    private readonly arapKeyLayout: ArapKeyLayout = "as-is",
  ) {}

  /** Takes AuthRequest events (true); the answer follows on the virtual clock. */
  handle(e: CoreEvent): boolean {
    if (e.kind !== EventKind.AuthRequest) return false;
    const token = e.args[2] >>> 0;
    const request = requestFromEvent(e);
    if (!request) {
      this.log(`line ${e.line}: AAA: malformed authentication request, refused`);
      // A malformed question is refused on whichever path asked it (PPP and logins, or ARAP).
      if (e.args[0] === PROTOCOL_ARAP) this.core.exports.arapAuthResult(e.line, 0, token, 0);
      else this.core.exports.authResult(e.line, 0, token);
      this.settled();
      return true;
    }
    if (this.silentFor(e.line)) {
      this.silent++;
      this.log(`line ${e.line}: AAA: the server does not answer for ${request.user}`);
      return true;
    }
    this.scheduler.after(this.answerAfterMs, () => {
      this.answered++;
      aaaAnswerCore(this.core, request, token, localAnswer(this.users, request, this.arapKeyLayout), this.log);
      this.settled();
    });
    return true;
  }
}
