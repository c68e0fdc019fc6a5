// Package admission is the protocol by which the Conns that run a consumer
// goroutine behind a queue (package channels, and the third-party rows'
// queueconn) let producers in and end: a gate that counts the producers
// inside Send and Put, so that Close, which waits for them to leave, puts
// its end marker behind every item they put, and a call racing with Close
// is either inside (its item handled) or refused (ErrClosed), never lost;
// and the handler panic that the first call to observe it re-raises.
//
// A Gate costs a producer two atomic adds on its own word, which the
// Conn keeps on a cache line of its own; a Conn that takes one producer at
// a time passes with EnterAs(true), one load (Open), since Close need not
// wait for it, and has no Leave.
package admission

import (
	"sync/atomic"

	"github.com/handoffbench/handoff"
)

// Bits of the gate's word above the count of producers inside.
const (
	closingBit = 1 << 62 // Close was called
	endedBit   = 1 << 61 // the consumer failed and only drains now
	flagBits   = closingBit | endedBit
)

// A Gate admits producers until Close or the consumer's end. Its zero
// value is not ready: use Init.
type Gate struct {
	word    atomic.Int64
	drained chan struct{} // a token when the last producer leaves after closing

	panicked *handoff.PanicError // set before End
	reraised atomic.Bool
}

// Init readies g.
func (g *Gate) Init() { g.drained = make(chan struct{}, 1) }

// Open says whether the gate admits a producer: Close has not begun and
// the consumer has not ended. It is Enter for a Conn that takes one
// producer at a time, which Close need not wait for: nothing is counted,
// and there is no Leave.
func (g *Gate) Open() bool { return g.word.Load()&flagBits == 0 }

// Enter admits a producer unless Close has begun or the consumer has
// ended. An admitted producer is counted until Leave.
func (g *Gate) Enter() bool { return g.EnterAs(false) }

// EnterAs is Enter for a Conn of several producers, and Open for a Conn of
// one at a time: a producer the gate need not count. One method, so that
// a Conn that is either passes the gate with one call the compiler
// inlines; Enter is EnterAs(false), its branch folded away.
func (g *Gate) EnterAs(one bool) bool {
	if one {
		return g.Open()
	}
	if g.word.Add(1)&flagBits == 0 {
		return true
	}
	g.Leave()
	return false
}

// Leave lets an admitted producer out; the last one out after Close began
// lets Close go on.
func (g *Gate) Leave() {
	if n := g.word.Add(-1); n&^flagBits == 0 && n&closingBit != 0 {
		select {
		case g.drained <- struct{}{}:
		default:
		}
	}
}

// Close shuts the gate. For the first Close it waits until the producers
// inside have left, and says true: the caller then puts the end marker,
// behind all their items.
func (g *Gate) Close() bool {
	old := g.word.Or(closingBit)
	if old&closingBit != 0 {
		return false
	}
	if old&^flagBits != 0 {
		<-g.drained
	}
	return true
}

// End shuts the gate because the consumer failed; p is the handler's
// panic, nil for an error. The consumer calls it before it answers the
// failing item's Send, so that the Send's next call is refused.
func (g *Gate) End(p *handoff.PanicError) {
	if p != nil {
		g.panicked = p
	}
	g.word.Or(endedBit) // after panicked is set: a refusal reads it
}

// Refuse is the answer to a producer the gate turned away: the handler's
// panic, re-raised, if this is the first call to observe it, or ErrClosed.
func (g *Gate) Refuse() error {
	if g.word.Load()&endedBit != 0 {
		g.Reraise()
	}
	return handoff.ErrClosed
}

// Reraise re-raises the handler's panic if no call has yet: for Close,
// once the consumer has exited.
func (g *Gate) Reraise() {
	if g.panicked != nil && g.reraised.CompareAndSwap(false, true) {
		panic(g.panicked.Value)
	}
}

// Drain is what a consumer does once its handler failed with err: it takes
// the items still coming until Close's end marker, so that no producer
// waits forever, refusing each that waits for a reply and counting the
// others, which it could not handle; its result is the Conn's outcome.
// next returns the next item and whether it is the marker; refuse refuses
// an item and says whether it waited for a reply.
func Drain[T any](err error, next func() (T, bool), refuse func(T) bool) *handoff.ConsumerError {
	unhandled := 0
	for {
		it, last := next()
		if last {
			return &handoff.ConsumerError{Err: err, Unhandled: unhandled}
		}
		if !refuse(it) {
			unhandled++
		}
	}
}
