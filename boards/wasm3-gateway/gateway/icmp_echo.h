// Echo replies to a PPP peer's pings of the server's own address (as host/net/ping-responder.ts).
#ifndef DIALBACK_ICMP_ECHO_H
#define DIALBACK_ICMP_ECHO_H

#include <stddef.h>
#include <stdint.h>

/**
 * Writes into `reply` (room for `len` octets) the Echo Reply to `datagram` when it is a
 * well-formed ICMP Echo Request to `ours` (an IPv4 address as a value, 10.0.0.1 = 0x0a000001);
 * returns its length, or 0 for anything else.
 */
size_t icmp_echo_reply(const uint8_t *datagram, size_t len, uint32_t ours, uint8_t *reply);

#endif
