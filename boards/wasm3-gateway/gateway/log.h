// Log lines in the shape of syslog (RFC 3164): `<PRI>Mmm dd hh:mm:ss HOST dialback-gateway[PID]: TEXT`
// on standard output, or to the system log with --syslog. Facility local7, as IOS logs.
#ifndef DIALBACK_LOG_H
#define DIALBACK_LOG_H

#include <stddef.h>
#include <stdint.h>

enum log_level { LOG_LEVEL_ALERT = 1, LOG_LEVEL_ERR = 3, LOG_LEVEL_WARNING = 4, LOG_LEVEL_NOTICE = 5, LOG_LEVEL_INFO = 6, LOG_LEVEL_DEBUG = 7 };

void log_open(int to_syslog, int debug);
void log_close(void);
int log_debug_on(void);
void logf_(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/**
 * Writes `len` bytes a caller, a modem or a server chose into `out` as text a terminal only
 * shows: printable ASCII as is, \r \n \t by name, every other byte as \xNN (as
 * host/trace/terminal-text.ts). Always NUL-terminated; cut short when `out` is full.
 */
const char *log_safe(char *out, size_t out_len, const uint8_t *bytes, size_t len);

#endif
