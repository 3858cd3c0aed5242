// `ip unnumbered NAME` on an async interface: the interface borrows NAME's `ip address`, which
// is the address IPCP offers its PPP peers as the server's own (RFC 1332 §3.3). The compiler
// resolves it here and writes it where the core reads the interface's own address (image
// section 6); `config check` warns at NAME when there is nothing to borrow.

import { asyncInterfaceFor, AsyncInterface, ConfigModel } from "./model.ts";

export type IpAddress = { address: string; mask: string };

/** What NAME gives: whether the configuration has that interface, and its address (null when it has none). */
export interface UnnumberedSource {
  found: boolean;
  ipAddress: IpAddress | null;
}

/** The interface `name` (as the `interface` command spells it out) and its own address. */
export function unnumberedSource(m: ConfigModel, name: string): UnnumberedSource {
  const async = /^Async(\d+)$/i.exec(name);
  if (async) {
    const iface = asyncInterfaceFor(m, Number(async[1]));
    // An async interface lends only an address of its own, never one it borrows itself.
    return { found: iface !== null, ipAddress: iface?.ipAddress ?? null };
  }
  const other = m.otherInterfaces.find((o) => o.name.toLowerCase() === name.toLowerCase());
  return { found: other !== undefined, ipAddress: other?.ipAddress ?? null };
}

/** The address the interface uses as its own: its `ip address`, else the one `ip unnumbered` borrows; null when neither gives one. */
export function ownAddress(m: ConfigModel, iface: AsyncInterface): IpAddress | null {
  if (iface.ipAddress) return iface.ipAddress;
  return iface.ipUnnumbered ? unnumberedSource(m, iface.ipUnnumbered).ipAddress : null;
}
