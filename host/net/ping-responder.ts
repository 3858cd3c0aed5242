// Answers ICMP echo requests addressed to the server's own end of each PPP link, so a
// client's ping gets replies: datagrams come out of the core as IpDatagram events, replies
// go back in through ipPush.

import type { Core, CoreEvent } from "../core/core.ts";
import { decodePppEvent, ipPush } from "../core/ppp.ts";
import { answerEcho } from "./icmp-echo.ts";

export class PingResponder {
  private readonly ours = new Map<number, string>();
  answered = 0;
  refused = 0;

  constructor(private readonly core: Core) {}

  /** Looks at one core event; true when it was a datagram this responder handled. */
  handle(e: CoreEvent): boolean {
    const p = decodePppEvent(e);
    if (p?.type === "ipcpUp") this.ours.set(p.line, p.ourAddress);
    if (p?.type === "ipcpDown" || p?.type === "linkDown") this.ours.delete(e.line);
    if (p?.type !== "ipDatagram") return false;
    const ours = this.ours.get(p.line);
    const result = answerEcho(p.datagram, ours ? [ours] : []);
    if ("reply" in result && ipPush(this.core, p.line, result.reply)) this.answered++;
    else this.refused++;
    return true;
  }
}
