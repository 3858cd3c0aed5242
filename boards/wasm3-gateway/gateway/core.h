// The firmware module under wasm3: loading it and calling the board ABI (boards/abi.md).
// One core per process; every export the hosts call is looked up once.
#ifndef DIALBACK_CORE_H
#define DIALBACK_CORE_H

#include <stddef.h>
#include <stdint.h>

#define CORE_ABI_VERSION 1
#define CORE_GLOBAL_LINE 0xffff
#define CORE_EVENT_BYTES 32
#define CORE_PARAM_BYTES 2048

// The exports the C hosts call, by name (X-macro: one table, one enum).
#define CORE_EXPORTS(X)                                                                                               \
    X(abiVersion) X(engineHint) X(linesServed) X(imageBuffer) X(init) X(rxBuffer) X(rxBufferSize) X(rxPush)          \
    X(txPeek) X(txPtr) X(txCommit) X(lineSignals) X(tick) X(eventNext) X(eventPtr) X(counterGet) X(pppParamBuffer)   \
    X(entropyPush) X(entropySeeded) X(authResult) X(ipPush) X(memoryArenaUsed) X(memoryArenaCapacity)

enum core_export {
#define CORE_ENUM(name) CORE_##name,
    CORE_EXPORTS(CORE_ENUM)
#undef CORE_ENUM
    CORE_EXPORT_COUNT
};

/** One event record (boards/abi.md, Events), copied out of the core's memory. */
struct core_event {
    uint32_t seq;
    uint16_t line;
    uint16_t kind;
    int32_t arg[4];
    const uint8_t *data; // valid until the next eventNext
    uint32_t data_len;
};

/**
 * Loads the module at `path` and tells the core what runs it (`hint`: 1 interpreter). Returns
 * 0, or -1 with a message in `err`. A module that lacks an export the hosts need is refused.
 */
int core_load(const char *path, int32_t hint, char *err, size_t err_len);
void core_free(void);

/** Module bytes and fixed memory, for the memory report. */
uint32_t core_module_bytes(void);
uint32_t core_memory_bytes(void);

/** A view of `len` bytes at `ptr` in the core's memory, or NULL when it is outside. */
uint8_t *core_mem(uint32_t ptr, uint32_t len);

/** Calls an export with i32 arguments; its i32 result (0 for a void export). A trap ends the process (status 3). */
int32_t core_call(enum core_export e, ...);
/** tick(nowMs) → next deadline, or -1. */
double core_tick(double now_ms);
/** The next event, or 0 when none is left. */
int core_next_event(struct core_event *out);

/** Status name and meaning of an image refusal (ImageStatus). */
const char *core_status_name(int32_t status);
const char *core_status_meaning(int32_t status);

#endif
