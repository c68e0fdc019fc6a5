/* What the C reference programs share: Go's way of sizing a run.
 *
 * measure(name, run, argc, argv) calls run(n), which returns the
 * nanoseconds n items took, with n growing (at most 100-fold a step, like
 * Go's testing package) until a run lasts the benchtime (argv[1], in
 * seconds), then prints that last run as one line of the Go benchmark
 * format. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long long now_ns(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void measure(const char *name, long long (*run)(long), int argc, char **argv) {
	double goal = (argc > 1 ? atof(argv[1]) : 0.1) * 1e9;
	long n = 1;
	long long elapsed = run(n);
	while (elapsed < goal && n < 1000000000L) {
		double per = elapsed > 0 ? (double)elapsed / n : 1;
		double next = goal / per * 1.2;
		if (next < n + 1) next = n + 1;
		if (next > 100.0 * n) next = 100.0 * n;
		n = (long)next;
		elapsed = run(n);
	}
	printf("%s %ld %.2f ns/op\n", name, n, (double)elapsed / n);
}

/* check fails the run when the replies do not add up: a lost item, or a
 * loop the compiler emptied. */
static void check(const char *what, long long got, long long want) {
	if (got != want) {
		fprintf(stderr, "%s: replies sum to %lld, want %lld\n", what, got, want);
		exit(1);
	}
}
