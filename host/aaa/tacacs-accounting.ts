// TACACS+ accounting (RFC 8907 §7) to one server: a REQUEST with START, WATCHDOG or STOP and
// the record's AV pairs (§8.3: task_id, start_time, stop_time, elapsed_time, the counters;
// service and protocol; the callback number), one session per record, on its own connection
// or on the server's single connection. A REPLY of SUCCESS acknowledges the record.

import type { AaaIo } from "./aaa-io.ts";
import type { AccountingRecord } from "./accounting-record.ts";
import type { AccountingTarget, QueuedRecord } from "./accounting-queue.ts";
import type { TacacsServer } from "./tacacs-connection.ts";
import { TacacsSessionOpener, type TacacsOpeners } from "./tacacs-single-connection.ts";
import { TACACS_AUTHEN_METH_LOCAL, TACACS_AUTHEN_METH_NONE, TACACS_AUTHEN_METH_RADIUS } from "./tacacs-client.ts";
import {
  TACACS_ACCOUNTING,
  TACACS_ACCT_FLAG_START,
  TACACS_ACCT_FLAG_STOP,
  TACACS_ACCT_FLAG_WATCHDOG,
  TACACS_ACCT_STATUS_SUCCESS,
  TACACS_AUTHEN_METH_TACACSPLUS,
  TACACS_AUTHEN_SVC_LOGIN,
  TACACS_AUTHEN_SVC_PPP,
  TACACS_AUTHEN_TYPE_NOT_SET,
  TACACS_PRIV_LVL_USER,
  TACACS_VERSION_DEFAULT,
  tacacsAcctReplyDecode,
  tacacsAcctRequestEncode,
} from "./tacacs-codec.ts";

const FLAGS = { start: TACACS_ACCT_FLAG_START, update: TACACS_ACCT_FLAG_WATCHDOG, stop: TACACS_ACCT_FLAG_STOP } as const;
const METHOD = { radius: TACACS_AUTHEN_METH_RADIUS, "tacacs+": TACACS_AUTHEN_METH_TACACSPLUS, local: TACACS_AUTHEN_METH_LOCAL, none: TACACS_AUTHEN_METH_NONE };
const octets = (text: string) => Uint8Array.from(Buffer.from(text, "latin1"));

/** The AV pairs of one record (RFC 8907 §8.3), each within the 255 octets an argument may have. */
export function tacacsAccountingArgs(r: AccountingRecord): string[] {
  const s = r.session;
  const args = [`task_id=${s.id}`, "timezone=UTC", `service=${s.service === "network" ? "ppp" : "shell"}`];
  if (s.service === "network") args.push("protocol=ip");
  if (r.status === "start") args.push(`start_time=${s.startEpoch}`);
  if (r.status === "stop") args.push(`start_time=${s.startEpoch}`, `stop_time=${r.epoch}`);
  if (r.stats) {
    const t = r.stats;
    args.push(`elapsed_time=${t.seconds}`, `bytes_in=${t.inOctets}`, `bytes_out=${t.outOctets}`, `paks_in=${t.inPackets}`, `paks_out=${t.outPackets}`);
  }
  if (s.framedIp) args.push(`addr=${s.framedIp}`);
  if (s.callbackNumber) args.push(`callback-dialstring=${s.callbackNumber}`);
  // §8.3 leaves the reason's text free: the RFC 2866 cause, lower case.
  if (r.cause) args.push(`reason=${r.cause.toLowerCase()}`);
  return args.map((a) => a.slice(0, 255));
}

export class TacacsAccountingTarget implements AccountingTarget {
  readonly name: string;
  private readonly opener: TacacsSessionOpener;
  /** The opener is the client set's (shared with authentication, closed by it) or this target's own. */
  private readonly ownOpener: boolean;

  constructor(
    private readonly server: TacacsServer & { timeoutMs: number },
    io: AaaIo,
    local?: string,
    openers?: TacacsOpeners,
  ) {
    this.name = `TACACS+ ${server.host}:${server.port}`;
    this.ownOpener = !openers;
    this.opener = openers?.of(server, local) ?? new TacacsSessionOpener(server, io, local);
  }

  async deliver(q: QueuedRecord): Promise<string | null> {
    const r = q.record;
    const s = r.session;
    const body = tacacsAcctRequestEncode({
      flags: FLAGS[r.status],
      authenMethod: s.authority ? METHOD[s.authority] : TACACS_AUTHEN_METH_NONE,
      privLvl: TACACS_PRIV_LVL_USER,
      authenType: TACACS_AUTHEN_TYPE_NOT_SET,
      authenService: s.service === "network" ? TACACS_AUTHEN_SVC_PPP : TACACS_AUTHEN_SVC_LOGIN,
      user: octets(s.user.slice(0, 255)),
      // RFC 8907 §5.1: "ttyN" for the Nth tty line; rem_addr the caller's number when known (§3.3: "the caller id").
      port: octets(`tty${s.tty}`),
      remAddr: octets((s.leg === 2 ? s.called : s.calling) ?? "async"),
      args: tacacsAccountingArgs(r),
    });
    const session = this.opener.open(TACACS_ACCOUNTING, TACACS_VERSION_DEFAULT, this.server.timeoutMs);
    try {
      const exchange = await session.exchange(1, body);
      if ("error" in exchange) return exchange.error;
      const reply = tacacsAcctReplyDecode(exchange.body);
      if (typeof reply === "string") return `reply does not decode with the key: ${reply}`;
      return reply.status === TACACS_ACCT_STATUS_SUCCESS ? null : `server answered status 0x${reply.status.toString(16)}`;
    } finally {
      session.close();
    }
  }

  forget(): void {}

  close(): void {
    if (this.ownOpener) this.opener.close();
  }
}
