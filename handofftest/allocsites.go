package handofftest

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
)

// allocSites counts allocations per call stack from the heap profile, so
// that a ZeroAlloc window can count what the Conn allocated, apart from the
// runtime refilling its own caches, and name the code that did. Take
// snapshots with runtime.MemProfileRate = 1.
type allocSites map[[32]uintptr]int64

// snapshotAllocs reads the heap profile. The profile is only complete as of
// the last GC, hence the GC: runtime.GC publishes the allocations made up to
// it before it returns.
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
	// runtime: the runtime allocated for a cache of its own (a sudog for a
	// parked goroutine, a timer heap, an M or a G), not for the caller's
	// value (see runtimeOwn).
	runtime bool
	// snapshot: snapshotAllocs's own reading of the profile.
	snapshot bool
}

// since lists the sites that allocated after before, most first.
func (s allocSites) since(before allocSites) []allocSite {
	var sites []allocSite
	for k, n := range s {
		if d := n - before[k]; d > 0 {
			var b strings.Builder
			var names []string
			frames := runtime.CallersFrames(k[:])
			for {
				f, more := frames.Next()
				if f.Function != "" {
					names = append(names, f.Function)
					fmt.Fprintf(&b, "\n\t\t%s (%s:%d)", f.Function, f.File, f.Line)
				}
				if !more {
					break
				}
			}
			sites = append(sites, allocSite{n: d, stack: b.String(), runtime: runtimeOwn(names),
				snapshot: slices.ContainsFunc(names, func(n string) bool { return strings.HasSuffix(n, "handofftest.snapshotAllocs") })})
		}
	}
	slices.SortFunc(sites, func(a, b allocSite) int { return int(b.n - a.n) })
	return sites
}

// allocEntries are the runtime functions through which Go code allocates:
// new, make, append, a map insert, a conversion to an interface, a string
// built. An allocation that reaches code outside the runtime through these
// alone was made for that code.
var allocEntries = []string{
	"mallocgc", "newobject", "newarray", "makeslice", "makeslicecopy", "growslice",
	"makemap", "makemap_small", "makechan", "mapassign", "mapassign_fast32", "mapassign_fast64",
	"mapassign_fast64ptr", "mapassign_faststr", "convT", "convTnoptr", "convT16", "convT32",
	"convT64", "convTstring", "convTslice", "rawstring", "rawstringtmp", "rawbyteslice",
	"rawruneslice", "concatstrings", "concatstring2", "concatstring3", "concatstring4",
	"concatstring5", "slicebytetostring", "stringtoslicebyte", "stringtoslicerune",
	"slicerunetostring", "intstring",
}

// runtimeOwn says whether a stack, innermost frame first, is the runtime
// allocating for a cache of its own rather than for the code that called
// it: the first frame past the allocation entries is another runtime
// function, such as runtime.acquireSudog, which a goroutine that parks on
// a P whose sudog cache is empty calls (sync.Cond.Wait, a contended
// sync.Mutex, a channel operation that blocks). Those caches are per P, and
// a GC empties the central one, so a Conn that parks now and then, on
// whichever P it happens to run, sees them refill at random moments: a cost
// of parking in Go, not of the Conn, and bounded by the caches' size.
func runtimeOwn(frames []string) bool {
	for _, f := range frames {
		switch {
		case strings.HasPrefix(f, "internal/runtime/maps."):
			continue
		case strings.HasPrefix(f, "runtime."):
			// mallocgc and the size-class variants it dispatches to.
			if name := strings.TrimPrefix(f, "runtime."); strings.HasPrefix(name, "mallocgc") || slices.Contains(allocEntries, name) {
				continue
			}
			return true
		}
		return false
	}
	return false
}
