//go:build unix

package bench

import (
	"syscall"
	"time"
)

// processCPU is the user and system CPU time of the whole process so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// threadSleeps is how many times the process's threads have gone to sleep
// in the kernel of their own accord (voluntary context switches): a Go
// thread does so when it finds no goroutine to run, and waking it again
// costs microseconds. -1 where unknown.
func threadSleeps() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return int64(ru.Nvcsw)
}
