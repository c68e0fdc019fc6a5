// Package handoff is the producer–consumer contract that every mechanism in
// this suite implements and every benchmark measures.
//
// It is the Python generator protocol of the project's seed notes, in Go:
//
//	c.send(None)      // prime the consumer        -> Open
//	r = c.send(n)     // hand n over, get a reply  -> Conn.Send
//	                  // hand n over, no reply     -> Conn.Put
//	c.close()         // end the consumer          -> Conn.Close
//
// A producer opens a [Conn] around a [Handler], the consumer's work on one
// item, and hands items over with Send (wait for the reply) or Put (do not
// wait, within a bound set by [Options.Capacity]). Close ends the consumer
// and reports how it ended. The rules every implementation keeps are the doc
// comments of [Conn] and its methods; package handofftest checks each of them
// as one subtest, so an implementation that breaks a rule fails the suite.
//
// Implementations differ in how the item crosses from producer to consumer —
// a locked ring, channels, an inline state machine, a coroutine, a lock-free
// ring — and that difference is what the benchmarks price. What an
// implementation offers beyond the contract (several producers at once,
// detection of a handler calling its own Conn) it declares in its [Traits].
package handoff
