package handoff

import (
	"fmt"
	"runtime/debug"
)

// A ConsumerError is what Close returns when the consumer ended because its
// handler failed or panicked. errors.Is and errors.As reach the handler's
// error (or the *PanicError) through it.
type ConsumerError struct {
	// Err is the handler's error, or a *PanicError if the handler panicked.
	Err error

	// Unhandled counts the items whose Put returned nil but which were
	// never handled because the consumer ended first. Items whose Send or
	// Put returned an error are not counted: their caller already knows.
	Unhandled int
}

func (e *ConsumerError) Error() string {
	if e.Unhandled == 0 {
		return "handoff: consumer ended: " + e.Err.Error()
	}
	return fmt.Sprintf("handoff: consumer ended, %d put item(s) never handled: %v", e.Unhandled, e.Err)
}

func (e *ConsumerError) Unwrap() error { return e.Err }

// A PanicError reports a handler panic: the value it panicked with and the
// consumer's stack at that moment.
type PanicError struct {
	Value any
	Stack []byte
}

// NewPanicError captures the current goroutine's stack. Call it from the
// deferred function that recovered v, so the stack still shows the handler.
func NewPanicError(v any) *PanicError {
	return &PanicError{Value: v, Stack: debug.Stack()}
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("handoff: handler panicked: %v\n\nconsumer stack:\n%s", e.Value, e.Stack)
}

// Unwrap returns the panic value if it is an error, so errors.Is sees
// through a handler that panicked with an error.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}
