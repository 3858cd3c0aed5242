// RFC 792 Echo Reply over RFC 791 IPv4, checked as host/net/icmp-echo.ts checks it: anything
// that is not a whole, unfragmented echo request for our address with good checksums is dropped.

#include "icmp_echo.h"

#include <string.h>

#define PROTOCOL_ICMP 1
#define ICMP_ECHO_REQUEST 8
#define ICMP_ECHO_REPLY 0
#define REPLY_TTL 64

// RFC 1071: one's complement of the one's complement sum of 16-bit words (odd length: pad a zero).
static uint16_t checksum(const uint8_t *p, size_t n) {
    uint32_t sum = 0;
    for (size_t i = 0; i + 1 < n; i += 2) sum += (uint32_t)(p[i] << 8 | p[i + 1]);
    if (n & 1) sum += (uint32_t)p[n - 1] << 8;
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

size_t icmp_echo_reply(const uint8_t *d, size_t len, uint32_t ours, uint8_t *reply) {
    if (len < 20 || d[0] >> 4 != 4) return 0;
    size_t header = (size_t)(d[0] & 0x0f) * 4, total = (size_t)(d[2] << 8 | d[3]);
    if (header < 20 || total < header || total > len || checksum(d, header) != 0) return 0;
    if (((d[6] << 8 | d[7]) & 0x3fff) != 0 || d[9] != PROTOCOL_ICMP) return 0; // fragments are not reassembled
    uint32_t to = (uint32_t)d[16] << 24 | (uint32_t)d[17] << 16 | (uint32_t)d[18] << 8 | d[19];
    if (ours == 0 || to != ours) return 0;
    const uint8_t *icmp = d + header;
    size_t icmp_len = total - header;
    if (icmp_len < 8 || checksum(icmp, icmp_len) != 0 || icmp[0] != ICMP_ECHO_REQUEST || icmp[1] != 0) return 0;
    // Swapped addresses, type 0; identifier, sequence and data unchanged; no options (RFC 1122 §3.2.2.6).
    size_t out = 20 + icmp_len;
    memset(reply, 0, 20);
    reply[0] = 0x45;
    reply[1] = d[1];
    reply[2] = (uint8_t)(out >> 8);
    reply[3] = (uint8_t)out;
    memcpy(reply + 4, d + 4, 2);
    reply[8] = REPLY_TTL;
    reply[9] = PROTOCOL_ICMP;
    memcpy(reply + 12, d + 16, 4);
    memcpy(reply + 16, d + 12, 4);
    uint16_t sum = checksum(reply, 20);
    reply[10] = (uint8_t)(sum >> 8);
    reply[11] = (uint8_t)sum;
    uint8_t *m = reply + 20;
    memcpy(m, icmp, icmp_len);
    m[0] = ICMP_ECHO_REPLY;
    m[2] = m[3] = 0;
    sum = checksum(m, icmp_len);
    m[2] = (uint8_t)(sum >> 8);
    m[3] = (uint8_t)sum;
    return out;
}
