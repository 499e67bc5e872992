// bulkhead-testbed-worker: one service (or one hog) of the real-kernel testbed (`bulkhead testbed`).
//
//   bulkhead-testbed-worker requests SCHEDULE OUT EPOCH_NS
//       SCHEDULE: one request per line, "arrival_ns work_ns" (arrival since the run's start, CPU
//       work in thread CPU time), sorted by arrival. At each arrival a new thread is created that
//       burns `work` nanoseconds of its own CPU time (CLOCK_THREAD_CPUTIME_ID), as one thread per
//       request does on a real server. OUT gets one line per request, "arrival_ns finish_ns"
//       (finish since the run's start, CLOCK_MONOTONIC), then "cpu N": the process's CPU time in
//       ns. EPOCH_NS is the CLOCK_MONOTONIC time of
//       the run's start: every worker of a run shares it, and the driver moves the process into
//       its cgroup before that instant.
//   bulkhead-testbed-worker spin THREADS START_NS END_NS EPOCH_NS
//       THREADS always-runnable threads from START to END (since the run's start): a CPU hog.
//
// C rather than Swift: the measured threads must do nothing but burn CPU and read two clocks, with
// no runtime of our own in between. The driver (Sources/BulkheadTestbed) does everything else.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <signal.h>
#include <time.h>

static int64_t epoch_ns;

static int64_t now_ns(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void sleep_until(int64_t t_since_epoch) {
    int64_t t = epoch_ns + t_since_epoch;
    struct timespec ts = {.tv_sec = t / 1000000000LL, .tv_nsec = t % 1000000000LL};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {}
}

static void die(const char *what) {
    fprintf(stderr, "bulkhead-testbed-worker: %s: %s\n", what, strerror(errno));
    exit(2);
}

// Burns `work` ns of this thread's CPU time. The loop body between clock reads is short (a few
// hundred ns), so a request overshoots its work by well under a microsecond.
static void burn(int64_t work) {
    int64_t until = now_ns(CLOCK_THREAD_CPUTIME_ID) + work;
    volatile uint64_t x = 0;
    while (now_ns(CLOCK_THREAD_CPUTIME_ID) < until) {
        for (int i = 0; i < 64; i++) x += (uint64_t)i * 2654435761u;
    }
}

typedef struct {
    int64_t arrival, work, finish;
    pthread_t thread;
} request;

static void *serve(void *arg) {
    request *r = arg;
    burn(r->work);
    r->finish = now_ns(CLOCK_MONOTONIC) - epoch_ns;
    return NULL;
}

static int run_requests(const char *schedule, const char *out) {
    FILE *in = fopen(schedule, "r");
    if (!in) die(schedule);
    size_t cap = 1024, n = 0;
    request *rs = malloc(cap * sizeof *rs);
    long long a, w;
    while (fscanf(in, "%lld %lld", &a, &w) == 2) {
        if (n == cap) rs = realloc(rs, (cap *= 2) * sizeof *rs);
        if (!rs) die("realloc");
        rs[n++] = (request){.arrival = a, .work = w, .finish = -1};
    }
    fclose(in);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    for (size_t i = 0; i < n; i++) {
        sleep_until(rs[i].arrival);
        int e = pthread_create(&rs[i].thread, &attr, serve, &rs[i]);
        if (e) { errno = e; die("pthread_create"); }
    }
    for (size_t i = 0; i < n; i++) pthread_join(rs[i].thread, NULL);
    FILE *o = fopen(out, "w");
    if (!o) die(out);
    for (size_t i = 0; i < n; i++) fprintf(o, "%lld %lld\n", (long long)rs[i].arrival, (long long)rs[i].finish);
    // The process's whole CPU time (every thread, user + system): minus the requests' work, the
    // kernel's and the worker's own cost per request (thread creation, wakeups, exits).
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    fprintf(o, "cpu %lld\n", (long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL
                                + (long long)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL);
    if (fclose(o)) die(out);
    free(rs);
    return 0;
}

static int64_t spin_end;

static void *spin(void *arg) {
    (void)arg;
    volatile uint64_t x = 0;
    while (now_ns(CLOCK_MONOTONIC) - epoch_ns < spin_end) {
        for (int i = 0; i < 4096; i++) x += (uint64_t)i;
    }
    return NULL;
}

static int run_spin(int threads, int64_t start, int64_t end) {
    spin_end = end;
    sleep_until(start);
    pthread_t *ts = calloc((size_t)threads, sizeof *ts);
    for (int i = 0; i < threads; i++)
        if (pthread_create(&ts[i], NULL, spin, NULL)) die("pthread_create");
    for (int i = 0; i < threads; i++) pthread_join(ts[i], NULL);
    free(ts);
    return 0;
}

int main(int argc, char **argv) {
    // Die with the driver: a killed `bulkhead testbed` must not leave spinners behind.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (argc == 5 && strcmp(argv[1], "requests") == 0) {
        epoch_ns = atoll(argv[4]);
        return run_requests(argv[2], argv[3]);
    }
    if (argc == 6 && strcmp(argv[1], "spin") == 0) {
        epoch_ns = atoll(argv[5]);
        return run_spin(atoi(argv[2]), atoll(argv[3]), atoll(argv[4]));
    }
    fprintf(stderr, "usage: bulkhead-testbed-worker requests SCHEDULE OUT EPOCH_NS\n"
                    "       bulkhead-testbed-worker spin THREADS START_NS END_NS EPOCH_NS\n");
    return 2;
}
