/* The seed's Protothreads, measured: a stackless consumer whose place is a
 * local continuation (lc) that a switch jumps back into — the "switch (lc)"
 * trick, written here in a few macros rather than taken from the library.
 * Each send sets the item and calls the consumer, which resumes after its
 * yield, computes the reply (3n+1) and yields again. The consumer is not
 * inlined and the replies are checked, so the compiler cannot drop the
 * loop. Prints ns per send. */
#include "refbench.h"

struct pt {
	int lc;
};

#define PT_BEGIN(pt) switch ((pt)->lc) { case 0:
#define PT_YIELD(pt) do { (pt)->lc = __LINE__; return 1; case __LINE__:; } while (0)
#define PT_END(pt) } (pt)->lc = 0; return 0

struct consumer {
	struct pt pt;
	long item, reply;
};

__attribute__((noinline)) static int consume(struct consumer *c) {
	PT_BEGIN(&c->pt);
	for (;;) {
		PT_YIELD(&c->pt); /* n = yield r */
		c->reply = 3 * c->item + 1;
	}
	PT_END(&c->pt);
}

/* send is the seed's c.send(n); the function pointer is read through a
 * volatile so that the call cannot be inlined or hoisted either. */
static int (*volatile resume)(struct consumer *) = consume;

static long long run(long n) {
	struct consumer c = {{0}, 0, 0};
	resume(&c); /* c.send(None): run to the first yield */
	long long total = 0;
	long long start = now_ns();
	for (long i = 1; i <= n; i++) {
		c.item = i;
		resume(&c);
		total += c.reply;
	}
	long long elapsed = now_ns() - start;
	check("c-protothread", total, 3LL * n * (n + 1) / 2 + n);
	return elapsed;
}

int main(int argc, char **argv) {
	measure("BenchmarkHandoff/impl=c-protothread/mode=roundtrip/cap=0/payload=8B/work=0/ref=true", run, argc, argv);
	return 0;
}
