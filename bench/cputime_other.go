//go:build !unix

package bench

import "time"

// processCPU is not measured here: without getrusage the cpu-ns/op metric
// is left out rather than guessed.
func processCPU() time.Duration { return -1 }
