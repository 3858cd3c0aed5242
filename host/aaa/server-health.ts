// `radius-server deadtime M` (and a group's `deadtime M`): a server that let a request go
// unanswered through all its retransmissions is skipped for M minutes, by authentication and
// accounting alike, so one silent server does not cost every caller its timeouts. When every
// server of a list is dead they are all tried again anyway (a dead list would refuse everyone).

export interface Clock {
  now(): number;
}

export class ServerHealth {
  private readonly deadUntil = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly log: (text: string) => void = () => {},
  ) {}

  isDead(server: string): boolean {
    const until = this.deadUntil.get(server);
    if (until === undefined) return false;
    if (this.clock.now() < until) return true;
    this.deadUntil.delete(server);
    return false;
  }

  /** Marks `server` dead for `deadMs` (0: never marked, as IOS without deadtime). */
  markDead(server: string, deadMs: number, why: string): void {
    if (!(deadMs > 0) || this.isDead(server)) return;
    this.deadUntil.set(server, this.clock.now() + deadMs);
    this.log(`${server} marked dead for ${formatMinutes(deadMs)} (${why})`);
  }

  /** A server that answered is alive again at once. */
  markAlive(server: string): void {
    if (this.deadUntil.delete(server)) this.log(`${server} answers again`);
  }

  /** When the earliest dead server comes back, or null when none is dead. */
  earliestBack(servers: string[]): number | null {
    const times = servers.filter((s) => this.isDead(s)).map((s) => this.deadUntil.get(s) as number);
    return times.length ? Math.min(...times) : null;
  }

  /** `servers` in order, the dead ones left out unless every one is dead. */
  usable(servers: string[]): string[] {
    const alive = servers.filter((s) => !this.isDead(s));
    return alive.length ? alive : servers;
  }
}

function formatMinutes(ms: number): string {
  const minutes = ms / 60_000;
  return `${Number.isInteger(minutes) ? minutes : minutes.toFixed(1)} min`;
}
