/*
 * webhook_load: drives POST /webhooks/ringcentral with unique telephony-session notifications
 * over many keep-alive connections (epoll, one thread) and records every uuid answered 200.
 *
 *   webhook_load HOST PORT TOKEN CONNECTIONS SECONDS ACKED_FILE PREFIX
 *
 * Each notification is a Disconnected party with a recording, so the intake stores the event and
 * enqueues one fetch-call-by-session job. A connection that fails (the server was killed) is
 * closed and not reopened; the run ends when the time is up or no connection is left. The uuids
 * answered 200 go to ACKED_FILE, one a line. Prints: acked, other statuses, seconds, events/s,
 * p50/p99/max latency in ms.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUF 8192

typedef struct {
    int fd;
    int alive;
    char out[BUF];
    size_t out_len, out_sent;
    char in[BUF];
    size_t in_len;
    char uuid[96];
    double sent_at;
    long seq;
    int watching_out; /* EPOLLOUT is registered: only while part of a request waits to be sent */
} conn_t;

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Asks epoll for EPOLLOUT only while a request is partly unsent: a socket is almost always
 * writable, so a level-triggered EPOLLOUT left on would make epoll_wait return at once, and the
 * load generator would spin and take CPU from the server it measures. */
static void watch(int ep, conn_t *c, int index) {
    int want_out = c->out_sent < c->out_len;
    if (want_out == c->watching_out) return;
    struct epoll_event event = {.events = EPOLLIN | (want_out ? EPOLLOUT : 0), .data.u32 = (unsigned)index};
    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &event);
    c->watching_out = want_out;
}

static const char *host, *token, *prefix;
static int port;

static void prepare(conn_t *c, int index) {
    char body[1024];
    snprintf(c->uuid, sizeof c->uuid, "%s-%d-%ld", prefix, index, c->seq++);
    int n = snprintf(body, sizeof body,
        "{\"uuid\":\"%s\",\"event\":\"/restapi/v1.0/account/~/extension/~/telephony/sessions\","
        "\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"subscriptionId\":\"bench\",\"ownerId\":\"1\","
        "\"body\":{\"sequence\":7,\"sessionId\":\"%s\",\"telephonySessionId\":\"s-%s\",\"eventTime\":\"2026-01-01T00:00:00.000Z\","
        "\"parties\":[{\"id\":\"p-1\",\"direction\":\"Inbound\",\"status\":{\"code\":\"Disconnected\",\"reason\":\"CallFinished\"},"
        "\"recordings\":[{\"id\":\"r-%s\",\"active\":false}]}]}}",
        c->uuid, c->uuid, c->uuid, c->uuid);
    c->out_len = snprintf(c->out, sizeof c->out,
        "POST /webhooks/ringcentral HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\n"
        "Verification-Token: %s\r\nContent-Length: %d\r\n\r\n%s",
        host, port, token, n, body);
    c->out_sent = 0;
    c->in_len = 0;
    c->sent_at = now_s();
}

int main(int argc, char **argv) {
    if (argc != 8) {
        fprintf(stderr, "usage: %s HOST PORT TOKEN CONNECTIONS SECONDS ACKED_FILE PREFIX\n", argv[0]);
        return 2;
    }
    host = argv[1];
    port = atoi(argv[2]);
    token = argv[3];
    int count = atoi(argv[4]);
    double seconds = atof(argv[5]);
    FILE *acked = fopen(argv[6], "w");
    prefix = argv[7];
    if (!acked || count < 1) return 2;

    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, host, &address.sin_addr);
    int ep = epoll_create1(0);
    conn_t *conns = calloc(count, sizeof(conn_t));
    int alive = 0;
    for (int i = 0; i < count; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0) {
            perror("connect");
            return 1;
        }
        fcntl(fd, F_SETFL, O_NONBLOCK);
        conns[i].fd = fd;
        conns[i].alive = 1;
        alive++;
        prepare(&conns[i], i);
        struct epoll_event event = {.events = EPOLLIN | EPOLLOUT, .data.u32 = (unsigned)i};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &event);
        conns[i].watching_out = 1;
    }

    size_t latency_cap = 1 << 22, latency_count = 0;
    double *latencies = malloc(latency_cap * sizeof(double));
    long ok = 0, other = 0;
    double start = now_s(), end = start + seconds;
    struct epoll_event events[256];
    while (alive > 0 && now_s() < end) {
        int n = epoll_wait(ep, events, 256, 100);
        for (int k = 0; k < n; k++) {
            int i = events[k].data.u32;
            conn_t *c = &conns[i];
            if (!c->alive) continue;
            int dead = 0;
            if ((events[k].events & EPOLLOUT) && c->out_sent < c->out_len) {
                ssize_t w = send(c->fd, c->out + c->out_sent, c->out_len - c->out_sent, MSG_NOSIGNAL);
                if (w > 0) c->out_sent += w;
                else if (w < 0 && errno != EAGAIN) dead = 1;
                if (!dead) watch(ep, c, i);
            }
            if (!dead && (events[k].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) {
                ssize_t r = recv(c->fd, c->in + c->in_len, BUF - 1 - c->in_len, 0);
                if (r > 0) {
                    c->in_len += r;
                    c->in[c->in_len] = 0;
                    char *head_end = strstr(c->in, "\r\n\r\n");
                    if (head_end) {
                        int status = atoi(c->in + 9);
                        char *cl = strcasestr(c->in, "content-length:");
                        size_t body_len = cl ? (size_t)atol(cl + 15) : 0;
                        size_t total = (head_end + 4 - c->in) + body_len;
                        if (c->in_len >= total) {
                            if (status == 200) {
                                ok++;
                                fprintf(acked, "%s\n", c->uuid);
                            } else {
                                other++;
                            }
                            if (latency_count < latency_cap) latencies[latency_count++] = now_s() - c->sent_at;
                            prepare(c, i);
                            if (now_s() >= end) break;
                            ssize_t w = send(c->fd, c->out, c->out_len, MSG_NOSIGNAL);
                            if (w > 0) c->out_sent = w;
                            else if (w < 0 && errno != EAGAIN) dead = 1;
                            if (!dead) watch(ep, c, i);
                        }
                    }
                } else if (r == 0 || (r < 0 && errno != EAGAIN)) {
                    dead = 1;
                }
            }
            if (dead) {
                c->alive = 0;
                alive--;
                epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                close(c->fd);
            }
        }
    }
    double elapsed = now_s() - start;
    fclose(acked);
    qsort(latencies, latency_count, sizeof(double), cmp_double);
    double p50 = latency_count ? latencies[latency_count / 2] * 1000 : 0;
    double p99 = latency_count ? latencies[(size_t)(latency_count * 0.99)] * 1000 : 0;
    double max = latency_count ? latencies[latency_count - 1] * 1000 : 0;
    printf("acked %ld other %ld seconds %.2f rate %.0f p50_ms %.2f p99_ms %.2f max_ms %.2f\n", ok, other, elapsed,
        ok / elapsed, p50, p99, max);
    return 0;
}
