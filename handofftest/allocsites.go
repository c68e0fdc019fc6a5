package handofftest

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
)

// allocSites counts allocations per call stack from the heap profile, so
// that a ZeroAlloc failure can name the code that allocated. Take snapshots
// with runtime.MemProfileRate = 1.
type allocSites map[[32]uintptr]int64

// snapshotAllocs reads the heap profile. The profile is only complete as of
// the last GC, hence the GC.
func snapshotAllocs() allocSites {
	runtime.GC()
	var recs []runtime.MemProfileRecord
	for n := 64; ; n *= 2 {
		recs = make([]runtime.MemProfileRecord, n)
		if got, ok := runtime.MemProfile(recs, true); ok {
			recs = recs[:got]
			break
		}
	}
	s := allocSites{}
	for _, r := range recs {
		s[r.Stack0] += r.AllocObjects
	}
	return s
}

// allocSite is one stack that allocated n objects between two snapshots.
type allocSite struct {
	n     int64
	stack string
}

// since lists the sites that allocated after before, most first.
func (s allocSites) since(before allocSites) []allocSite {
	var sites []allocSite
	for k, n := range s {
		if d := n - before[k]; d > 0 {
			var b strings.Builder
			frames := runtime.CallersFrames(k[:])
			for {
				f, more := frames.Next()
				if f.Function != "" {
					fmt.Fprintf(&b, "\n\t\t%s (%s:%d)", f.Function, f.File, f.Line)
				}
				if !more {
					break
				}
			}
			sites = append(sites, allocSite{d, b.String()})
		}
	}
	slices.SortFunc(sites, func(a, b allocSite) int { return int(b.n - a.n) })
	return sites
}
