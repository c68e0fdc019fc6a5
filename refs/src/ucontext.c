/* The seed's stackful C coroutines (libco, cloudwu/coroutine), measured on
 * the mechanism they are built on: two ucontext_t contexts and swapcontext.
 * The producer sets the item and swaps to the consumer, which computes the
 * reply (3n+1) on its own stack and swaps back: one round trip is two
 * context switches, each saving and restoring the registers and the signal
 * mask (a system call on Linux). Prints ns per round trip. */
#include <ucontext.h>

#include "refbench.h"

static ucontext_t producer, consumer;
static long item, reply;

static void consume(void) {
	for (;;) {
		reply = 3 * item + 1;
		swapcontext(&consumer, &producer);
	}
}

static long long run(long n) {
	static char stack[64 * 1024];
	getcontext(&consumer);
	consumer.uc_stack.ss_sp = stack;
	consumer.uc_stack.ss_size = sizeof stack;
	consumer.uc_link = NULL;
	makecontext(&consumer, consume, 0);
	long long total = 0;
	long long start = now_ns();
	for (long i = 1; i <= n; i++) {
		item = i;
		swapcontext(&producer, &consumer);
		total += reply;
	}
	long long elapsed = now_ns() - start;
	check("c-ucontext", total, 3LL * n * (n + 1) / 2 + n);
	return elapsed;
}

int main(int argc, char **argv) {
	measure("BenchmarkHandoff/impl=c-ucontext/mode=roundtrip/cap=0/payload=8B/work=0/ref=true", run, argc, argv);
	return 0;
}
