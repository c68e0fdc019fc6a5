package handoff

import (
	"errors"
	"fmt"
)

// A Handler is the consumer's work on one item: it takes the item and returns
// the reply that Send passes back to the producer.
//
// A handler is never called concurrently with itself on one Conn. It may run
// on the producer's goroutine or on a goroutine of the Conn, depending on the
// implementation. A non-nil error ends the consumer (see [Conn]); so does a
// panic, which the Conn carries back to the producer instead of letting it
// crash the process from a goroutine the producer does not own.
type Handler[In, Out any] func(In) (Out, error)

// A Conn hands items from a producer to a consumer that runs a [Handler].
//
// Rules every implementation keeps (package handofftest checks each):
//
//  1. Order. The handler sees items one at a time, never concurrently, in
//     the order Send and Put were called, each exactly once.
//  2. Send hands its item over and returns the handler's reply for it; every
//     item Put before it has been handled first.
//  3. Put hands its item over without waiting for the reply. At any moment
//     the items whose Put has returned but which are not yet handled number
//     at most Options.Capacity + 1: Capacity waiting and one in the handler.
//     Capacity 0 is a synchronous handoff.
//  4. Close handles every item put before it, ends the consumer and returns
//     only when no goroutine of the Conn is left. It returns the consumer's
//     outcome: nil, or a *[ConsumerError]. Later calls to Close return the
//     same result. Send and Put after Close, or after the consumer ended for
//     any reason, return an error that matches [ErrClosed].
//  5. A handler error ends the consumer. The call that delivered the failing
//     item returns that error when it is still waiting for it: a Send, or a
//     Put of an implementation whose Traits say Synchronous (it handles the
//     item, or flushes the batch holding it, before returning). Close returns a
//     *ConsumerError that wraps it and counts the items put but never
//     handled.
//  6. A handler panic is re-raised, with its original value, by the first
//     Send, Put or Close that observes it, in the producer's goroutine. From
//     then on Send and Put return [ErrClosed] and Close returns a
//     *ConsumerError that wraps a *[PanicError].
//  7. A handler that calls Send, Put or Close on its own Conn gets an error
//     matching [ErrReentrant], never a panic or a deadlock — if the
//     implementation's [Traits] say it detects reentry. Goroutine-based
//     implementations cannot tell the consumer's goroutine from a producer's
//     and deadlock instead (or, with a single-producer ring, race with the
//     producer); their Traits say so.
//  8. In steady state Send and Put of a non-pointer item allocate nothing —
//     unless the implementation's Traits say Allocates (a third-party queue
//     that boxes its items cannot keep this rule; the trait says so).
//  9. Send and Put may be called from several goroutines at once only if the
//     implementation's Traits say ConcurrentProducers; each producer's items
//     then keep their order, and Close may race with them: a racing Send or
//     Put is either handled or returns ErrClosed, never lost.
type Conn[In, Out any] interface {
	// Send hands v to the consumer and waits for the handler's reply. If the
	// handler fails on v, Send returns its error. If the consumer has ended
	// before v, Send returns an error matching ErrClosed and v is not
	// handled. (An error of Send or Put that matches ErrClosed or
	// ErrReentrant means its item was not handled; any other is the
	// handler's error for that very item.)
	Send(v In) (Out, error)

	// Put hands v to the consumer without waiting for the reply, blocking
	// only while Capacity+1 earlier items are still unhandled. A nil result
	// means v will be handled unless the consumer ends first, in which case
	// Close counts it in ConsumerError.Unhandled.
	Put(v In) error

	// Close has every item put before it handled, ends the consumer, waits
	// for the Conn's goroutines to exit and returns the consumer's outcome.
	Close() error
}

// Options configure a Conn. The zero value is a synchronous handoff.
type Options struct {
	// Capacity is how many items Put may leave waiting for the consumer
	// beyond the one being handled. It must be between 0 and the
	// implementation's Traits.MaxCapacity.
	Capacity int
}

// An OpenFunc opens a Conn around h with options o: an implementation's
// Open, instantiated for one item type (mypkg.Open[int, int]). It is how
// the conformance suite (handofftest.Run) and the benchmarks (package
// bench) take an implementation, from this module or another.
type OpenFunc[In, Out any] func(h Handler[In, Out], o Options) (Conn[In, Out], error)

// Traits are what an implementation offers beyond the rules every Conn
// keeps. The conformance suite tests each claim and skips what is not
// claimed.
type Traits struct {
	// ConcurrentProducers: Send and Put may be called from several
	// goroutines at once (rule 9).
	ConcurrentProducers bool

	// DetectsReentry: a handler that calls Send, Put or Close on its own
	// Conn gets ErrReentrant (rule 7). Without it, such a call deadlocks
	// or races with the producer.
	DetectsReentry bool

	// MaxCapacity is the largest Options.Capacity that Open accepts.
	MaxCapacity int

	// Synchronous: the Send, Put or Close that hands an item over, or
	// flushes the batch holding it, waits for its handler to return. Such a
	// call is still waiting when the handler fails, so it returns the
	// handler's error (rule 5). Without it, a Put returns while its item is
	// still waiting or being handled, on a goroutine of the Conn.
	Synchronous bool

	// OnProducerGoroutine: the handler runs on the goroutine that called
	// Send, Put or Close, so it sees that goroutine's LockOSThread, pprof
	// labels and goroutine-local state. A Synchronous Conn need not: iter.
	// Pull runs the handler on a coroutine goroutine of its own, switched
	// to and from without the scheduler.
	OnProducerGoroutine bool

	// Allocates: Send and Put allocate per item, breaking rule 8 (a
	// third-party queue of interface{} values boxes each item). The suite
	// checks the claim both ways.
	Allocates bool
}

var (
	// ErrClosed is matched by the error of a Send or Put after Close, or
	// after the consumer ended because its handler failed or panicked.
	ErrClosed = errors.New("handoff: connection closed")

	// ErrReentrant is matched by the error of a Send, Put or Close that a
	// handler made on its own Conn, in implementations that detect it.
	ErrReentrant = errors.New("handoff: handler called its own connection")

	// ErrInvalid is matched by the error Open returns for a nil handler or a
	// capacity out of range.
	ErrInvalid = errors.New("handoff: invalid argument")
)

// CheckOpen is the argument check every Open performs before it starts
// anything: a non-nil handler and a capacity in [0, maxCapacity]. impl names
// the implementation in the error.
func CheckOpen[In, Out any](impl string, h Handler[In, Out], o Options, maxCapacity int) error {
	switch {
	case h == nil:
		return fmt.Errorf("%s.Open: nil handler: %w", impl, ErrInvalid)
	case o.Capacity < 0:
		return fmt.Errorf("%s.Open: capacity %d is negative: %w", impl, o.Capacity, ErrInvalid)
	case o.Capacity > maxCapacity:
		return fmt.Errorf("%s.Open: capacity %d exceeds the limit of %d: %w", impl, o.Capacity, maxCapacity, ErrInvalid)
	}
	return nil
}
