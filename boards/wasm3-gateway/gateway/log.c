// Syslog-style log lines; every text from outside passes log_safe first.

#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#define FACILITY_LOCAL7 23

static int use_syslog;
static int debug_on;
static char host[64] = "-";

void log_open(int to_syslog, int debug) {
    use_syslog = to_syslog;
    debug_on = debug;
    if (gethostname(host, sizeof host) != 0) strcpy(host, "-");
    host[sizeof host - 1] = '\0';
    if (use_syslog) openlog("dialback-gateway", LOG_PID, LOG_LOCAL7);
    setvbuf(stdout, NULL, _IOLBF, 0);
}

void log_close(void) {
    if (use_syslog) closelog();
    fflush(stdout);
}

int log_debug_on(void) {
    return debug_on;
}

void logf_(enum log_level level, const char *fmt, ...) {
    if (level == LOG_LEVEL_DEBUG && !debug_on) return;
    char text[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (use_syslog) {
        syslog((int)level, "%s", text);
        return;
    }
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%b %e %H:%M:%S", &tm);
    printf("<%d>%s %s dialback-gateway[%ld]: %s\n", FACILITY_LOCAL7 * 8 + (int)level, stamp, host, (long)getpid(), text);
}

const char *log_safe(char *out, size_t out_len, const uint8_t *bytes, size_t len) {
    size_t o = 0;
    for (size_t i = 0; i < len && o + 5 < out_len; i++) {
        uint8_t b = bytes[i];
        if (b >= 0x20 && b < 0x7f) out[o++] = (char)b;
        else if (b == '\r' || b == '\n' || b == '\t') {
            out[o++] = '\\';
            out[o++] = b == '\r' ? 'r' : b == '\n' ? 'n' : 't';
        } else o += (size_t)snprintf(out + o, out_len - o, "\\x%02x", b);
    }
    if (out_len) out[o < out_len ? o : out_len - 1] = '\0';
    return out;
}
