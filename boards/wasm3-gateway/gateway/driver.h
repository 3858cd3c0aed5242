// The two kinds of line driver behind line.c.
#ifndef DIALBACK_DRIVER_H
#define DIALBACK_DRIVER_H

#include <stddef.h>

#include "line.h"

int serial_open(struct line *l, char *err, size_t err_len);
/** Reads DCD, RI, DSR, CTS into the line; 0, or -1 when the wires cannot be read. */
int serial_read_modem(struct line *l);
/** Sets DTR and RTS together; 0, or -1 when the device has no modem lines. */
int serial_set_modem(struct line *l, int dtr, int rts);

int tcp_listen(struct line *l, char *err, size_t err_len);
void tcp_accept(struct line *l);
/** Ends the call: the connection is closed (carrier is gone). */
void tcp_hang_up(struct line *l);

#endif
