// A raw TCP line, as access servers expose lines for reverse telnet: one connection at a time
// is the call (carrier up), its close is carrier loss, and a DTR drop closes it. Loopback only,
// as the Node host's TCP driver (host/lines/tcp-driver.ts).

#define _GNU_SOURCE // ppoll, accept4

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "driver.h"
#include "log.h"

int tcp_listen(struct line *l, char *err, size_t err_len) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        snprintf(err, err_len, "line %d: socket: %s", l->tty, strerror(errno));
        return -1;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)l->port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 4) != 0) {
        snprintf(err, err_len, "line %d: tcp 127.0.0.1:%d: %s", l->tty, l->port, strerror(errno));
        close(fd);
        return -1;
    }
    l->listen_fd = fd;
    return 0;
}

void tcp_accept(struct line *l) {
    int fd = accept4(l->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    // One call per line; a line whose DTE is not ready (DTR low) takes none.
    if (l->fd >= 0 || !l->dtr) {
        logf_(LOG_LEVEL_INFO, "TTY%d: tcp connection refused: %s", l->tty, l->fd >= 0 ? "the line has a call" : "DTR is down");
        close(fd);
        return;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    l->fd = fd;
    l->dcd = 1;
}

void tcp_hang_up(struct line *l) {
    if (l->fd >= 0) close(l->fd);
    l->fd = -1;
    l->dcd = 0;
}
