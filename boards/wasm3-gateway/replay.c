// dialback-replay: replays a record of board ABI calls made under V8 (tests/support/abi-recorder.ts)
// on the same module under wasm3, and requires the same result from every call and the same
// CRC-32 of every core's whole memory wherever the record has one. With --bench it times the
// record's marked stretches (CPU seconds of the calls and host writes in them, checks included).
//
//   dialback-replay --module M RECORD [--bench]
//
// Exit status 0: everything equal; 1: a difference (named with its record line) or a trap;
// 2: usage or an unreadable record.

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wasm3.h"

#define STACK_BYTES (64 * 1024)
#define MAX_ARGS 16
#define MAX_CORES 256
#define MAX_NAMES 256

enum op_kind { OP_CORE, OP_WRITE, OP_CALL, OP_HASH, OP_BEGIN, OP_END };

struct op {
    enum op_kind kind;
    uint32_t line; // in the record, for messages
    uint16_t core;
    uint16_t name; // OP_CALL: export name id; OP_BEGIN/OP_END: label id
    uint8_t argc;
    uint8_t has_result;
    uint64_t args[MAX_ARGS]; // i32 in the low bits, f64 as its bits
    uint64_t result;
    uint32_t addr, len; // OP_WRITE
    uint8_t *bytes;     // OP_WRITE
    uint32_t crc;       // OP_HASH
};

struct core {
    IM3Runtime runtime;
    IM3Function fns[MAX_NAMES];
};

static IM3Environment env;
static uint8_t *module_bytes;
static uint32_t module_len;
static struct core cores[MAX_CORES];
static int core_count;
static char *names[MAX_NAMES];
static int name_count;
static struct op *ops;
static size_t op_count, op_cap;

static void fail(int status, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("dialback-replay: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(status);
}

static uint16_t intern(const char *s) {
    for (int i = 0; i < name_count; i++)
        if (strcmp(names[i], s) == 0) return (uint16_t)i;
    if (name_count == MAX_NAMES) fail(2, "too many export names");
    names[name_count] = strdup(s);
    return (uint16_t)name_count++;
}

static uint8_t *read_module(const char *path, uint32_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) fail(2, "%s: %s", path, strerror(errno));
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc((size_t)n);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) fail(2, "%s: read error", path);
    fclose(f);
    *len = (uint32_t)n;
    return buf;
}

static int hex(int c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static uint64_t value(const char *tok, uint32_t line) {
    if (tok[0] == 'f') {
        uint64_t bits = 0;
        for (const char *p = tok + 1; *p; p++) {
            if (hex(*p) < 0) fail(2, "record line %u: bad f64 %s", line, tok);
            bits = bits << 4 | (uint64_t)hex(*p);
        }
        return bits;
    }
    char *end = NULL;
    long long v = strtoll(tok, &end, 10);
    if (*end) fail(2, "record line %u: bad value %s", line, tok);
    return (uint64_t)(uint32_t)(int32_t)v;
}

static struct op *next_op(enum op_kind kind, uint32_t line) {
    if (op_count == op_cap) {
        op_cap = op_cap ? op_cap * 2 : 4096;
        ops = realloc(ops, op_cap * sizeof *ops);
        if (!ops) fail(2, "out of memory");
    }
    struct op *o = &ops[op_count++];
    memset(o, 0, sizeof *o);
    o->kind = kind;
    o->line = line;
    return o;
}

static void parse(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) fail(2, "%s: %s", path, strerror(errno));
    char *text = NULL;
    size_t cap = 0;
    ssize_t n;
    uint32_t line = 0;
    while ((n = getline(&text, &cap, f)) > 0) {
        line++;
        if (text[n - 1] == '\n') text[--n] = '\0';
        if (line == 1) {
            if (strcmp(text, "dialback-abi-record 1") != 0) fail(2, "%s: not a record (first line %s)", path, text);
            continue;
        }
        char *save = NULL, *kind = strtok_r(text, " ", &save);
        if (!kind) continue;
        if (strcmp(kind, "t") == 0) {
            char *what = strtok_r(NULL, " ", &save), *label = strtok_r(NULL, " ", &save);
            if (!what || !label) fail(2, "record line %u: bad mark", line);
            next_op(strcmp(what, "begin") == 0 ? OP_BEGIN : OP_END, line)->name = intern(label);
            continue;
        }
        char *core_text = strtok_r(NULL, " ", &save);
        if (!core_text) fail(2, "record line %u: no core", line);
        long core = strtol(core_text, NULL, 10);
        if (core < 0 || core >= MAX_CORES) fail(2, "record line %u: core %ld", line, core);
        if (strcmp(kind, "core") == 0) {
            next_op(OP_CORE, line)->core = (uint16_t)core;
        } else if (strcmp(kind, "w") == 0) {
            struct op *o = next_op(OP_WRITE, line);
            o->core = (uint16_t)core;
            char *addr = strtok_r(NULL, " ", &save), *data = strtok_r(NULL, " ", &save);
            if (!addr || !data || strlen(data) % 2) fail(2, "record line %u: bad write", line);
            o->addr = (uint32_t)strtoul(addr, NULL, 10);
            o->len = (uint32_t)(strlen(data) / 2);
            o->bytes = malloc(o->len ? o->len : 1);
            for (uint32_t i = 0; i < o->len; i++) {
                int hi = hex(data[2 * i]), lo = hex(data[2 * i + 1]);
                if (hi < 0 || lo < 0) fail(2, "record line %u: bad hex", line);
                o->bytes[i] = (uint8_t)(hi << 4 | lo);
            }
        } else if (strcmp(kind, "c") == 0) {
            struct op *o = next_op(OP_CALL, line);
            o->core = (uint16_t)core;
            char *name = strtok_r(NULL, " ", &save);
            if (!name) fail(2, "record line %u: no export", line);
            o->name = intern(name);
            for (char *tok; (tok = strtok_r(NULL, " ", &save)) != NULL;) {
                if (strcmp(tok, "=") == 0) {
                    char *r = strtok_r(NULL, " ", &save);
                    if (!r) fail(2, "record line %u: no result", line);
                    o->result = value(r, line);
                    o->has_result = 1;
                    break;
                }
                if (o->argc == MAX_ARGS) fail(2, "record line %u: too many arguments", line);
                o->args[o->argc++] = value(tok, line);
            }
        } else if (strcmp(kind, "h") == 0) {
            struct op *o = next_op(OP_HASH, line);
            o->core = (uint16_t)core;
            char *crc = strtok_r(NULL, " ", &save);
            if (!crc) fail(2, "record line %u: no hash", line);
            o->crc = (uint32_t)strtoul(crc, NULL, 16);
        } else fail(2, "record line %u: unknown record %s", line, kind);
    }
    free(text);
    fclose(f);
}

static uint32_t crc_table[256];

static uint32_t crc32(const uint8_t *p, uint32_t n) {
    uint32_t c = 0xffffffffu;
    for (uint32_t i = 0; i < n; i++) c = (c >> 8) ^ crc_table[(c ^ p[i]) & 0xff];
    return c ^ 0xffffffffu;
}

static void new_core(int id, uint32_t line) {
    if (id != core_count) fail(2, "record line %u: core %d out of order", line, id);
    struct core *c = &cores[core_count++];
    c->runtime = m3_NewRuntime(env, STACK_BYTES, NULL);
    IM3Module module = NULL;
    M3Result r = c->runtime ? m3_ParseModule(env, &module, module_bytes, module_len) : "out of memory";
    if (!r) r = m3_LoadModule(c->runtime, module);
    if (r) fail(2, "core %d: %s", id, r);
}

static struct core *core_of(const struct op *o) {
    if (o->core >= core_count) fail(2, "record line %u: core %u was never made", o->line, o->core);
    return &cores[o->core];
}

static uint8_t *memory_of(struct core *c, uint32_t *size) {
    return m3_GetMemory(c->runtime, size, 0);
}

static void describe_value(char *out, size_t n, M3ValueType t, uint64_t v) {
    if (t == c_m3Type_f64) {
        double d;
        memcpy(&d, &v, 8);
        snprintf(out, n, "%.17g", d);
    } else snprintf(out, n, "%d", (int32_t)(uint32_t)v);
}

static void call(const struct op *o) {
    struct core *c = core_of(o);
    IM3Function f = c->fns[o->name];
    if (!f) {
        M3Result r = m3_FindFunction(&f, c->runtime, names[o->name]);
        if (r) fail(1, "record line %u: core %u: export %s: %s", o->line, o->core, names[o->name], r);
        c->fns[o->name] = f;
    }
    uint32_t argc = m3_GetArgCount(f);
    if (argc != o->argc) fail(1, "record line %u: %s takes %u arguments, the record has %u", o->line, names[o->name], argc, o->argc);
    const void *argv[MAX_ARGS];
    for (uint32_t i = 0; i < argc; i++) argv[i] = &o->args[i];
    M3Result r = m3_Call(f, argc, argv);
    if (r) fail(1, "record line %u: core %u: %s trapped: %s", o->line, o->core, names[o->name], r);
    if (!o->has_result) {
        if (m3_GetRetCount(f) != 0) fail(1, "record line %u: %s returns a value the record does not have", o->line, names[o->name]);
        return;
    }
    uint64_t got = 0;
    const void *ret[1] = {&got};
    if (m3_GetRetCount(f) != 1 || (r = m3_GetResults(f, 1, ret)) != NULL) fail(1, "record line %u: %s: no result", o->line, names[o->name]);
    M3ValueType t = m3_GetRetType(f, 0);
    uint64_t mask = t == c_m3Type_f64 || t == c_m3Type_i64 ? ~0ull : 0xffffffffull;
    if ((got & mask) != (o->result & mask)) {
        char a[64], b[64];
        describe_value(a, sizeof a, t, got);
        describe_value(b, sizeof b, t, o->result);
        fail(1, "record line %u: core %u: %s returned %s under wasm3, %s under V8", o->line, o->core, names[o->name], a, b);
    }
}

static double cpu_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    const char *module = "build/dialback.wasm", *record = NULL;
    int bench = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--module") == 0 && i + 1 < argc) module = argv[++i];
        else if (strcmp(argv[i], "--bench") == 0) bench = 1;
        else if (argv[i][0] != '-' && !record) record = argv[i];
        else fail(2, "usage: dialback-replay [--module M] [--bench] RECORD");
    }
    if (!record) fail(2, "usage: dialback-replay [--module M] [--bench] RECORD");
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t v = i;
        for (int k = 0; k < 8; k++) v = v & 1 ? (v >> 1) ^ 0xedb88320u : v >> 1;
        crc_table[i] = v;
    }
    module_bytes = read_module(module, &module_len);
    env = m3_NewEnvironment();
    if (!env) fail(2, "wasm3: no environment");
    parse(record);

    size_t calls = 0, writes = 0, hashes = 0;
    double began[MAX_NAMES] = {0};
    size_t calls_at[MAX_NAMES] = {0};
    for (size_t i = 0; i < op_count; i++) {
        const struct op *o = &ops[i];
        switch (o->kind) {
        case OP_CORE:
            new_core(o->core, o->line);
            break;
        case OP_WRITE: {
            uint32_t size = 0;
            uint8_t *mem = memory_of(core_of(o), &size);
            if (!mem || (uint64_t)o->addr + o->len > size) fail(1, "record line %u: a write past the core's %u-byte memory", o->line, size);
            memcpy(mem + o->addr, o->bytes, o->len);
            writes++;
            break;
        }
        case OP_CALL:
            call(o);
            calls++;
            break;
        case OP_HASH: {
            uint32_t size = 0;
            uint8_t *mem = memory_of(core_of(o), &size);
            uint32_t crc = crc32(mem, size);
            if (crc != o->crc) fail(1, "record line %u: core %u: memory CRC-32 %08x under wasm3, %08x under V8", o->line, o->core, crc, o->crc);
            hashes++;
            break;
        }
        case OP_BEGIN:
            began[o->name] = cpu_seconds();
            calls_at[o->name] = calls;
            break;
        case OP_END:
            if (bench) printf("bench label=%s seconds=%.6f calls=%zu\n", names[o->name], cpu_seconds() - began[o->name], calls - calls_at[o->name]);
            break;
        }
    }
    printf("replayed %zu calls and %zu writes on %d cores: every result and %zu memory hashes equal\n", calls, writes, core_count, hashes);
    for (int i = 0; i < core_count; i++) m3_FreeRuntime(cores[i].runtime);
    m3_FreeEnvironment(env);
    return 0;
}
