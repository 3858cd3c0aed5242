// Routes the callers' IPv4 between their PPP sessions and the TUN interface: a datagram a
// caller sends leaves by the TUN (the kernel routes it on), one the kernel sends to a caller's
// address goes into that caller's session by ipPush. The addresses are the ones IPCP agreed
// (IpcpUp: ours and the peer's). A caller may send only from its own address (RFC 2827
// ingress filtering); what is malformed, spoofed or for nobody is dropped and counted.
// Datagrams for the server's own end of a link are left to the ping responder.

import type { CoreEvent } from "../core/core.ts";
import { decodePppEvent } from "../core/ppp.ts";
import { internetChecksum } from "./icmp-echo.ts";

const IPV4_MIN_HEADER = 20;

export interface DatagramOutlet {
  send(datagram: Uint8Array): void;
}

export type DropReason = "malformed" | "spoofed source" | "no session" | "session refused";

function dotted(b: Uint8Array, at: number): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

/** The datagram cut to its IPv4 total length, or why it is not a well-formed IPv4 datagram (RFC 791). */
export function ipv4Datagram(d: Uint8Array): Uint8Array | string {
  if (d.length < IPV4_MIN_HEADER) return `${d.length} octets: shorter than an IPv4 header`;
  if (d[0] >> 4 !== 4) return `IP version ${d[0] >> 4}`;
  const header = (d[0] & 0x0f) * 4;
  const total = (d[2] << 8) | d[3];
  if (header < IPV4_MIN_HEADER || total < header || total > d.length) return `header ${header}, total length ${total} in ${d.length} octets`;
  if (internetChecksum(d.subarray(0, header)) !== 0) return "bad header checksum";
  return d.subarray(0, total);
}

export class CallerNetwork {
  private readonly links = new Map<number, { ours: string; peer: string }>();
  private readonly lineOf = new Map<string, number>();
  readonly dropped: Record<DropReason, number> = { malformed: 0, "spoofed source": 0, "no session": 0, "session refused": 0 };
  toNetwork = 0;
  toCallers = 0;

  constructor(
    private readonly outlet: DatagramOutlet,
    /** ipPush into the core driving `line`; false when the core refused it. */
    private readonly push: (line: number, datagram: Uint8Array) => boolean,
    /** Each reason is said once when it first happens (the counters keep the rest). */
    private readonly say: (text: string) => void = () => {},
  ) {}

  /** Looks at a core event; true when it was a caller's datagram this router took. */
  handle(e: CoreEvent): boolean {
    const p = decodePppEvent(e);
    if (p?.type === "ipcpUp") {
      this.forget(p.line);
      this.links.set(p.line, { ours: p.ourAddress, peer: p.peerAddress });
      this.lineOf.set(p.peerAddress, p.line);
      return false;
    }
    if (p?.type === "ipcpDown" || p?.type === "linkDown") {
      this.forget(e.line);
      return false;
    }
    if (p?.type !== "ipDatagram") return false;
    const link = this.links.get(p.line);
    const d = ipv4Datagram(p.datagram);
    if (typeof d === "string") return this.drop("malformed", `TTY${p.line}: ${d}`);
    if (link && dotted(d, 16) === link.ours) return false; // for the server itself: the ping responder answers
    if (!link || dotted(d, 12) !== link.peer) {
      return this.drop("spoofed source", `TTY${p.line}: from ${dotted(d, 12)}, the link's peer is ${link?.peer ?? "not agreed"}`);
    }
    this.toNetwork++;
    this.outlet.send(d);
    return true;
  }

  /** A datagram the kernel routed to the TUN: into the session of the caller it is for. */
  fromNetwork(datagram: Uint8Array): void {
    const d = ipv4Datagram(datagram);
    if (typeof d === "string") {
      // IPv6 neighbour discovery and the like from the kernel are no caller's: counted, not said.
      this.dropped.malformed++;
      return;
    }
    const to = dotted(d, 16);
    const line = this.lineOf.get(to);
    if (line === undefined) {
      this.drop("no session", `to ${to}`);
      return;
    }
    if (this.push(line, Uint8Array.from(d))) this.toCallers++;
    else this.drop("session refused", `TTY${line}: to ${to}`);
  }

  /** The caller address of each line with IPCP up. */
  sessions(): Map<number, string> {
    return new Map([...this.links].map(([line, l]) => [line, l.peer]));
  }

  private forget(line: number): void {
    const link = this.links.get(line);
    if (!link) return;
    this.links.delete(line);
    if (this.lineOf.get(link.peer) === line) this.lineOf.delete(link.peer);
  }

  private drop(reason: DropReason, detail: string): true {
    if (this.dropped[reason]++ === 0) this.say(`IP datagram dropped (${reason}): ${detail}; further ones are counted`);
    return true;
  }
}
