/*
 * Reference for the chat matcher bench: an Aho-Corasick automaton over the same six
 * patterns (expect CONNECT first, then ERROR, BUSY, NO CARRIER, NO DIALTONE, NO ANSWER),
 * compiled to a full 256-column DFA whose entries carry a match flag, scanning a buffer
 * `repeats` times as one stream and restarting after each match.
 *
 * usage: aho_ref FILE REPEATS RUNS  ->  {"mbPerS":[...],"matches":N} on stdout
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_STATES 256
#define MATCH_FLAG 0x8000u
#define NO_PATTERN 0xffu

static const char *const patterns[] = {"CONNECT", "ERROR", "BUSY", "NO CARRIER", "NO DIALTONE", "NO ANSWER"};
#define PATTERN_COUNT (sizeof patterns / sizeof patterns[0])

static uint16_t delta[MAX_STATES][256];
static uint8_t own[MAX_STATES], best[MAX_STATES];
static uint16_t fail_of[MAX_STATES];

static void build(void) {
  unsigned states = 1;
  memset(delta, 0, sizeof delta);
  memset(own, NO_PATTERN, sizeof own);
  for (unsigned p = 0; p < PATTERN_COUNT; p++) {
    unsigned s = 0;
    for (const unsigned char *c = (const unsigned char *)patterns[p]; *c; c++) {
      if (!delta[s][*c]) delta[s][*c] = (uint16_t)states++;
      s = delta[s][*c];
    }
    if (own[s] == NO_PATTERN) own[s] = (uint8_t)p;
  }
  /* Breadth-first: failure links, best pattern per state, missing edges via the failure state. */
  uint16_t queue[MAX_STATES];
  unsigned head = 0, tail = 0;
  best[0] = NO_PATTERN;
  for (unsigned c = 0; c < 256; c++) {
    unsigned t = delta[0][c];
    if (!t) continue;
    fail_of[t] = 0;
    best[t] = own[t];
    queue[tail++] = (uint16_t)t;
  }
  while (head < tail) {
    unsigned s = queue[head++];
    for (unsigned c = 0; c < 256; c++) {
      unsigned t = delta[s][c];
      unsigned via = delta[fail_of[s]][c];
      if (!t) {
        delta[s][c] = (uint16_t)via;
        continue;
      }
      fail_of[t] = (uint16_t)via;
      best[t] = own[t] < best[via] ? own[t] : best[via];
      queue[tail++] = (uint16_t)t;
    }
  }
  /* Entering a state where a pattern ends carries the flag: the scan stops there. */
  for (unsigned s = 0; s < states; s++)
    for (unsigned c = 0; c < 256; c++) {
      unsigned t = delta[s][c];
      if (best[t] != NO_PATTERN) delta[s][c] = (uint16_t)(MATCH_FLAG | best[t]);
    }
}

static unsigned scan(const unsigned char *buf, size_t len, unsigned repeats) {
  unsigned matches = 0, s = 0;
  for (unsigned r = 0; r < repeats; r++) {
    for (size_t i = 0; i < len; i++) {
      s = delta[s][buf[i]];
      if (s & MATCH_FLAG) {
        matches++;
        s = 0;
      }
    }
  }
  return matches;
}

static double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s FILE REPEATS RUNS\n", argv[0]);
    return 2;
  }
  FILE *f = fopen(argv[1], "rb");
  if (!f) {
    perror(argv[1]);
    return 1;
  }
  static unsigned char buf[1 << 20];
  size_t len = fread(buf, 1, sizeof buf, f);
  fclose(f);
  unsigned repeats = (unsigned)strtoul(argv[2], NULL, 10);
  unsigned runs = (unsigned)strtoul(argv[3], NULL, 10);
  build();
  unsigned matches = scan(buf, len, 1); /* warm-up */
  printf("{\"mbPerS\":[");
  for (unsigned run = 0; run < runs; run++) {
    double start = now_seconds();
    matches = scan(buf, len, repeats);
    double seconds = now_seconds() - start;
    printf("%s%.1f", run ? "," : "", (double)len * repeats / seconds / 1e6);
  }
  printf("],\"matches\":%u}\n", matches);
  return 0;
}
