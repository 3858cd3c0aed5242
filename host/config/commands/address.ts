// IPv4 addresses as numbers, for ranges (`ip local pool NAME FIRST LAST`).

/** The address as an unsigned 32-bit number (the text is a checked dotted quad). */
export function ipv4Number(address: string): number {
  return address.split(".").reduce((n, part) => n * 256 + Number(part), 0);
}
