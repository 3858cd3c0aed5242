// The firmware module under wasm3: every board ABI export the hosts call, looked up once and
// called with checked results. The module imports nothing, so nothing is linked.

#include "core.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm3.h"

// wasm3's value stack for one call; the core's deepest call chain needs far less.
#define STACK_BYTES (64 * 1024)

static const char *const export_names[CORE_EXPORT_COUNT] = {
#define CORE_NAME(name) #name,
    CORE_EXPORTS(CORE_NAME)
#undef CORE_NAME
};

static IM3Environment env;
static IM3Runtime runtime;
static IM3Function fns[CORE_EXPORT_COUNT];
static uint8_t *module_bytes; // wasm3 keeps pointing into these: freed only with the runtime
static uint32_t module_len;

static int failf(char *err, size_t err_len, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_len, fmt, ap);
    va_end(ap);
    return -1;
}

static uint8_t *read_all(const char *path, uint32_t *len, char *err, size_t err_len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        failf(err, err_len, "%s: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 17, n = 0;
    uint8_t *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap || cap >= (64u << 20)) break;
        uint8_t *grown = realloc(buf, cap * 2);
        if (!grown) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = grown;
        cap *= 2;
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        free(buf);
        failf(err, err_len, "%s: %s", path, buf ? "read error" : "out of memory");
        return NULL;
    }
    *len = (uint32_t)n;
    return buf;
}

int core_load(const char *path, int32_t hint, char *err, size_t err_len) {
    module_bytes = read_all(path, &module_len, err, err_len);
    if (!module_bytes) return -1;
    env = m3_NewEnvironment();
    runtime = env ? m3_NewRuntime(env, STACK_BYTES, NULL) : NULL;
    if (!runtime) return failf(err, err_len, "wasm3: out of memory");
    IM3Module module = NULL;
    M3Result r = m3_ParseModule(env, &module, module_bytes, module_len);
    if (r) return failf(err, err_len, "%s: not a module wasm3 can load: %s", path, r);
    if ((r = m3_LoadModule(runtime, module)) != NULL) return failf(err, err_len, "%s: %s", path, r);
    for (int i = 0; i < CORE_EXPORT_COUNT; i++) {
        if ((r = m3_FindFunction(&fns[i], runtime, export_names[i])) != NULL) {
            fns[i] = NULL;
            // A module built before sized builds has no linesServed: it serves 63 lines.
            if (i != CORE_linesServed) return failf(err, err_len, "%s: no export %s (%s): not a dialback core", path, export_names[i], r);
        }
    }
    int32_t version = core_call(CORE_abiVersion);
    if (version != CORE_ABI_VERSION) return failf(err, err_len, "%s: core ABI %d, this host speaks %d", path, version, CORE_ABI_VERSION);
    if (core_call(CORE_engineHint, hint) != 0) return failf(err, err_len, "%s: the core does not know engine kind %d", path, hint);
    return 0;
}

void core_free(void) {
    if (runtime) m3_FreeRuntime(runtime);
    if (env) m3_FreeEnvironment(env);
    free(module_bytes);
    runtime = NULL;
    env = NULL;
    module_bytes = NULL;
}

uint32_t core_module_bytes(void) {
    return module_len;
}

uint32_t core_memory_bytes(void) {
    uint32_t size = 0;
    m3_GetMemory(runtime, &size, 0);
    return size;
}

uint8_t *core_mem(uint32_t ptr, uint32_t len) {
    uint32_t size = 0;
    uint8_t *mem = m3_GetMemory(runtime, &size, 0);
    if (!mem || (uint64_t)ptr + len > size) return NULL;
    return mem + ptr;
}

// A trap is a bug in the core (no argument may make it trap): name it and stop.
static void trapped(IM3Function f, M3Result r) {
    M3ErrorInfo info;
    m3_GetErrorInfo(runtime, &info);
    fprintf(stderr, "dialback-gateway: the core trapped in %s: %s%s%s\n", m3_GetFunctionName(f), r, info.message ? ": " : "",
            info.message ? info.message : "");
    exit(3);
}

int32_t core_call(enum core_export e, ...) {
    IM3Function f = fns[e];
    if (!f) return e == CORE_linesServed ? 63 : 0;
    va_list ap;
    va_start(ap, e);
    M3Result r = m3_CallVL(f, ap);
    va_end(ap);
    if (r) trapped(f, r);
    int32_t out = 0;
    if (m3_GetRetCount(f) == 1 && (r = m3_GetResultsV(f, &out)) != NULL) trapped(f, r);
    return out;
}

double core_tick(double now_ms) {
    IM3Function f = fns[CORE_tick];
    M3Result r = m3_CallV(f, now_ms);
    if (r) trapped(f, r);
    double next = -1;
    if ((r = m3_GetResultsV(f, &next)) != NULL) trapped(f, r);
    return next;
}

static uint32_t le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int core_next_event(struct core_event *out) {
    int32_t kind = core_call(CORE_eventNext);
    if (kind == 0) return 0;
    const uint8_t *rec = core_mem((uint32_t)core_call(CORE_eventPtr), CORE_EVENT_BYTES);
    if (!rec) return 0;
    out->seq = le32(rec);
    out->line = (uint16_t)(rec[4] | rec[5] << 8);
    out->kind = (uint16_t)(rec[6] | rec[7] << 8);
    for (int i = 0; i < 4; i++) out->arg[i] = (int32_t)le32(rec + 8 + 4 * i);
    out->data_len = le32(rec + 28);
    out->data = core_mem(le32(rec + 24), out->data_len);
    if (!out->data) out->data_len = 0;
    return 1;
}

const char *core_status_name(int32_t status) {
    static const char *const names[] = {"Ok", "BadMagic", "BadVersion", "Truncated", "BadChecksum", "BadSection",
                                        "TooManyLines", "OutOfMemory", "MissingSection", "BadValue"};
    return status <= 0 && status >= -9 ? names[-status] : "unknown status";
}

// The words of host/core/core.ts, so both hosts say the same.
const char *core_status_meaning(int32_t status) {
    switch (status) {
    case -1: return "not a dialback image";
    case -2: return "an image for another version of the core";
    case -3: return "the image is cut short or larger than the core takes";
    case -4: return "the image is damaged (checksum)";
    case -5: return "a section of the image is malformed";
    case -6: return "more lines than this build serves, or a TTY line number past the core's table";
    case -7: return "a fixed table of the core is full: local users, dial strings, secrets, lines or their buffers";
    case -8: return "a section the core needs is missing";
    case -9: return "a setting the core cannot use: a user, rotary, callback line or interface that refers to no TTY line";
    default: return "";
    }
}
