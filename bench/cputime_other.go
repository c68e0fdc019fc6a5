//go:build !unix

package bench

import "time"

// processCPU is not measured here: without getrusage the cpu-ns/op metric
// is left out rather than guessed.
func processCPU() time.Duration { return -1 }

// threadSleeps is not counted here.
func threadSleeps() int64 { return -1 }
