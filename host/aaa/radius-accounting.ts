// RADIUS accounting (RFC 2866) to one server: an Accounting-Request per record, its Request
// Authenticator per §3, retransmitted unchanged (same Identifier, same authenticator, same
// Acct-Delay-Time) until an Accounting-Response with the right Response Authenticator comes
// back. A record that waited in the queue while the server was down is sent again as the very
// datagram it was, so a server that had received it drops the copy (RFC 5080 §2.2.2).

import type { AaaIo, AaaTimer, UdpPort } from "./aaa-io.ts";
import { TERMINATE_CAUSES, type AccountingRecord } from "./accounting-record.ts";
import type { AccountingTarget, QueuedRecord } from "./accounting-queue.ts";
import { radiusNasAttributes } from "./radius-client.ts";
import {
  ACCT_AUTHENTIC_LOCAL,
  ACCT_AUTHENTIC_RADIUS,
  ACCT_AUTHENTIC_REMOTE,
  ACCT_STATUS_INTERIM_UPDATE,
  ACCT_STATUS_START,
  ACCT_STATUS_STOP,
  FRAMED_PROTOCOL_PPP,
  NAS_PORT_TYPE_ASYNC,
  RADIUS_ACCOUNTING_REQUEST,
  RADIUS_ACCOUNTING_RESPONSE,
  RADIUS_ACCT_AUTHENTIC,
  RADIUS_ACCT_DELAY_TIME,
  RADIUS_ACCT_INPUT_OCTETS,
  RADIUS_ACCT_INPUT_PACKETS,
  RADIUS_ACCT_MULTI_SESSION_ID,
  RADIUS_ACCT_OUTPUT_OCTETS,
  RADIUS_ACCT_OUTPUT_PACKETS,
  RADIUS_ACCT_SESSION_ID,
  RADIUS_ACCT_SESSION_TIME,
  RADIUS_ACCT_STATUS_TYPE,
  RADIUS_ACCT_TERMINATE_CAUSE,
  RADIUS_CALLBACK_NUMBER,
  RADIUS_CALLED_STATION_ID,
  RADIUS_CALLING_STATION_ID,
  RADIUS_CLASS,
  RADIUS_FRAMED_IP_ADDRESS,
  RADIUS_FRAMED_PROTOCOL,
  RADIUS_NAS_PORT,
  RADIUS_NAS_PORT_TYPE,
  RADIUS_SERVICE_TYPE,
  RADIUS_USER_NAME,
  SERVICE_TYPE_FRAMED,
  SERVICE_TYPE_LOGIN,
  radiusAccountingRequestEncode,
  radiusDecode,
  radiusInteger,
  radiusIpv4,
  radiusResponseValid,
  radiusText,
  type RadiusAttribute,
} from "./radius-codec.ts";

export interface RadiusAccountingServer {
  host: string;
  /** The accounting port (`acct-port`, IOS default 1646). */
  port: number;
  secret: string;
  timeoutMs: number;
  retries: number;
}

export interface RadiusNas {
  nasIdentifier?: string;
  nasIpAddress?: string;
  /** Leave from `nasIpAddress` (it is an address of this host). */
  bindSource?: boolean;
}

interface Built {
  identifier: number;
  datagram: Uint8Array;
  authenticator: Uint8Array;
}

interface Waiting {
  built: Built;
  timer: AaaTimer | null;
  resolve: (error: string | null) => void;
}

const IDENTIFIERS = 256;
const STATUS = { start: ACCT_STATUS_START, update: ACCT_STATUS_INTERIM_UPDATE, stop: ACCT_STATUS_STOP } as const;
const AUTHENTIC = { radius: ACCT_AUTHENTIC_RADIUS, local: ACCT_AUTHENTIC_LOCAL, "tacacs+": ACCT_AUTHENTIC_REMOTE } as const;

/** The attributes of one record (RFC 2866 §5; RFC 2865 §5 for the others), Acct-Delay-Time excepted. */
export function accountingAttributes(r: AccountingRecord, nas: RadiusNas): RadiusAttribute[] {
  const s = r.session;
  const out: RadiusAttribute[] = [radiusInteger(RADIUS_ACCT_STATUS_TYPE, STATUS[r.status])];
  if (s.user !== "") out.push(radiusText(RADIUS_USER_NAME, s.user.slice(0, 253)));
  out.push(...radiusNasAttributes(nas));
  out.push(radiusInteger(RADIUS_NAS_PORT, s.tty), radiusInteger(RADIUS_NAS_PORT_TYPE, NAS_PORT_TYPE_ASYNC));
  const network = s.service === "network";
  out.push(radiusInteger(RADIUS_SERVICE_TYPE, network ? SERVICE_TYPE_FRAMED : SERVICE_TYPE_LOGIN));
  if (network) out.push(radiusInteger(RADIUS_FRAMED_PROTOCOL, FRAMED_PROTOCOL_PPP));
  out.push(radiusText(RADIUS_ACCT_SESSION_ID, s.id), radiusText(RADIUS_ACCT_MULTI_SESSION_ID, s.multiId));
  if (s.authority && s.authority !== "none") out.push(radiusInteger(RADIUS_ACCT_AUTHENTIC, AUTHENTIC[s.authority]));
  if (s.calling) out.push(radiusText(RADIUS_CALLING_STATION_ID, s.calling));
  if (s.called) out.push(radiusText(RADIUS_CALLED_STATION_ID, s.called));
  if (s.callbackNumber) out.push(radiusText(RADIUS_CALLBACK_NUMBER, s.callbackNumber));
  if (s.framedIp) out.push(radiusIpv4(RADIUS_FRAMED_IP_ADDRESS, s.framedIp));
  for (const c of s.classes) out.push({ type: RADIUS_CLASS, value: c });
  if (r.stats) {
    out.push(
      radiusInteger(RADIUS_ACCT_SESSION_TIME, r.stats.seconds),
      radiusInteger(RADIUS_ACCT_INPUT_OCTETS, r.stats.inOctets),
      radiusInteger(RADIUS_ACCT_OUTPUT_OCTETS, r.stats.outOctets),
      radiusInteger(RADIUS_ACCT_INPUT_PACKETS, r.stats.inPackets),
      radiusInteger(RADIUS_ACCT_OUTPUT_PACKETS, r.stats.outPackets),
    );
  }
  if (r.cause) out.push(radiusInteger(RADIUS_ACCT_TERMINATE_CAUSE, TERMINATE_CAUSES[r.cause]));
  return out;
}

export class RadiusAccountingTarget implements AccountingTarget {
  readonly name: string;
  private readonly port: UdpPort;
  /** What was built for each record this server has been sent, kept until the record leaves the queue. */
  private readonly built = new Map<QueuedRecord, Built>();
  private readonly waiting = new Map<number, Waiting>();
  private nextIdentifier: number;
  /** Datagrams dropped: malformed, not ours, failing the Response Authenticator. */
  dropped = 0;

  constructor(
    private readonly server: RadiusAccountingServer,
    private readonly nas: RadiusNas,
    private readonly io: AaaIo,
    private readonly log: (text: string) => void,
  ) {
    this.name = `RADIUS ${server.host}:${server.port}`;
    this.nextIdentifier = io.random(1)[0];
    this.port = io.udp(
      (datagram, address, port) => this.received(datagram, address, port),
      (code) => this.log(`${this.name}: socket error ${code}`),
      nas.bindSource ? nas.nasIpAddress : undefined,
    );
  }

  deliver(q: QueuedRecord): Promise<string | null> {
    const built = this.built.get(q) ?? this.build(q);
    if (!built) return Promise.resolve(`no free RADIUS identifier: ${IDENTIFIERS} records outstanding`);
    return new Promise((resolve) => {
      const waiting: Waiting = { built, timer: null, resolve };
      this.waiting.set(built.identifier, waiting);
      let sent = 0;
      const transmit = () => {
        sent++;
        waiting.timer = this.io.after(this.server.timeoutMs, () => {
          if (this.waiting.get(built.identifier) !== waiting) return;
          if (sent <= this.server.retries) return transmit();
          this.settle(waiting, `no answer after ${sent} transmission(s) of ${this.server.timeoutMs} ms`);
        });
        this.port.send(built.datagram, this.server.port, this.server.host, (error) => {
          if (error && this.waiting.get(built.identifier) === waiting) this.settle(waiting, `send failed: ${error}`);
        });
      };
      transmit();
    });
  }

  acknowledgedLate?: (q: QueuedRecord) => void;

  forget(q: QueuedRecord): void {
    const built = this.built.get(q);
    if (!built) return;
    this.built.delete(q);
    const waiting = this.waiting.get(built.identifier);
    if (waiting?.built === built) this.settle(waiting, "record withdrawn");
  }

  close(): void {
    for (const waiting of [...this.waiting.values()]) this.settle(waiting, "closed");
    this.port.close();
  }

  // RFC 2866 §5.2: Acct-Delay-Time is fixed when the record is first built for this server; retransmissions repeat it.
  private build(q: QueuedRecord): Built | null {
    const identifier = this.takeIdentifier();
    if (identifier === null) return null;
    const delay = Math.max(0, Math.floor((this.io.now() - q.record.at) / 1000));
    const attributes = [...accountingAttributes(q.record, this.nas), radiusInteger(RADIUS_ACCT_DELAY_TIME, delay)];
    const datagram = radiusAccountingRequestEncode({ code: RADIUS_ACCOUNTING_REQUEST, identifier, attributes }, this.server.secret);
    const built = { identifier, datagram, authenticator: datagram.slice(4, 20) };
    this.built.set(q, built);
    return built;
  }

  private takeIdentifier(): number | null {
    const used = new Set([...this.built.values()].map((b) => b.identifier));
    for (let i = 0; i < IDENTIFIERS; i++) {
      const identifier = (this.nextIdentifier + i) % IDENTIFIERS;
      if (used.has(identifier)) continue;
      this.nextIdentifier = (identifier + 1) % IDENTIFIERS;
      return identifier;
    }
    return null;
  }

  private settle(waiting: Waiting, error: string | null): void {
    waiting.timer?.cancel();
    waiting.timer = null;
    if (this.waiting.get(waiting.built.identifier) === waiting) this.waiting.delete(waiting.built.identifier);
    waiting.resolve(error);
  }

  // A valid Accounting-Response to a record still in the queue whose transmissions had timed out: the server has it.
  private late(datagram: Uint8Array): boolean {
    for (const [q, built] of this.built) {
      if (built.identifier !== datagram[1] || datagram[0] !== RADIUS_ACCOUNTING_RESPONSE) continue;
      if (!radiusResponseValid(datagram, built.authenticator, this.server.secret)) return false;
      this.acknowledgedLate?.(q);
      return true;
    }
    return false;
  }

  // RFC 2866 §3: an Accounting-Response counts with our Identifier, from the server, with the right Response Authenticator.
  private received(datagram: Uint8Array, address: string, port: number): void {
    const waiting = datagram.length >= 2 ? this.waiting.get(datagram[1]) : undefined;
    const packet = radiusDecode(datagram);
    const drop = (why: string) => {
      this.dropped++;
      this.log(`${this.name}: dropped an accounting reply ${why} from ${address}:${port}`);
    };
    if (typeof packet === "string") return drop(`that is malformed (${packet})`);
    if (!waiting) {
      if (port === this.server.port && this.late(datagram)) return;
      return drop(`with identifier ${packet.identifier}, which no record is waiting for`);
    }
    if (port !== this.server.port) return drop("from another port");
    if (!radiusResponseValid(datagram, waiting.built.authenticator, this.server.secret)) {
      return drop("failing the Response Authenticator check (does it share our key?)");
    }
    if (packet.code !== RADIUS_ACCOUNTING_RESPONSE) return drop(`with code ${packet.code}`);
    this.settle(waiting, null);
  }
}
