// Package matrix is the benchmark matrix: every case package bench can run,
// named the way benchstat pivots on (key=value segments), and the profiles
// that choose which cases a run measures at which GOMAXPROCS values.
//
// Package bench registers the whole matrix as sub-benchmarks; the runner
// runs a profile's units one at a time, each in its own process, in a
// shuffled order. Both pass the registry's implementations in (impls.Rows),
// so neither names one, and the matrix itself does not import the registry:
// the report reads its names and ladders without the implementations.
package matrix

import (
	"fmt"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/handoffbench/handoff/resultfmt"
)

// The benchmarks, as top-level names without the "Benchmark" prefix.
const (
	Handoff    = "Handoff"    // one Send (roundtrip) or Put (stream) per op, through an implementation
	Floor      = "Floor"      // the same exchange on a raw mechanism, without the contract
	Latency    = "Latency"    // Put-to-handler latency percentiles of a stream
	Contention = "Contention" // several producers Putting into one Conn
	Idle       = "Idle"       // the CPU an open Conn burns while nobody uses it
	Load       = "Load"       // Handoff's exchange (or a floor's) with the cores kept busy
	Pipeline   = "Pipeline"   // a stream with work on both sides, which crossing threads can overlap
)

// Loads: what keeps the cores busy during a Load case. The load axis's
// third value, none, is the idle machine: the Handoff and Floor cases of
// the same run at the same GOMAXPROCS, which every profile measures, so the
// Load benchmark does not measure them again.
const (
	// LoadProcs runs GOMAXPROCS CPU-bound co-runner goroutines in the
	// benchmark's own process, each counting fixed chunks of work: a busy
	// Go service. The case reports the work they lose to the handoff.
	LoadProcs = "procs"
	// LoadHost runs a separate process with one busy thread per CPU for
	// the case's duration: a shared host, or a container over its quota.
	LoadHost = "host"
	LoadNone = "none" // the idle machine: the Handoff and Floor cases
)

// Modes of exchange.
const (
	Roundtrip = "roundtrip" // r = c.send(n): hand over and wait for the reply
	Stream    = "stream"    // hand over without waiting, within the capacity bound
)

// Payloads: the item type handed over.
const (
	P8B  = "8B"  // an int
	P64B = "64B" // a 64-byte struct passed by value
	PPtr = "ptr" // a pointer to a 64-byte struct
)

// Floors: the raw mechanisms the implementations are built on.
const (
	FuncCall          = "funccall"           // an indirect call through a func value
	ChanPingPong      = "chan-pingpong"      // a request and a reply over two unbuffered channels
	ChanStream        = "chan-stream"        // sends on a buffered channel to a ranging goroutine
	MutexCondPingPong = "mutexcond-pingpong" // a slot under a mutex, two sync.Conds to wait
	IterPullRoundtrip = "iterpull-roundtrip" // set a variable, call next, read the yielded reply
	// The machine's cross-core limit: two goroutines that never park.
	AtomicSpinPingPong = "atomic-spin-pingpong" // each side spins on its own cache-line-padded atomic
	AtomicSpinStream   = "atomic-spin-stream"   // a one-way ring, indices published in batches
	// The ladders' steps (see Ladders): each adds one thing to the one below.
	LadderSMDirect    = "ladder-sm-direct"    // the loop calls the handler's body, inlined
	LadderSMFuncValue = "ladder-sm-funcvalue" // the loop calls the handler through a func value
	LadderSMDict      = "ladder-sm-dict"      // funccall with Send a generic method out of line: its dictionary
	LadderSMRecover   = "ladder-sm-recover"   // + the deferred recover
	LadderSMSwitch    = "ladder-sm-switch"    // + the switch on the state field
	LadderIPNext      = "ladder-ip-next"      // iter.Pull's next alone: item and reply in fields
	LadderIPChecks    = "ladder-ip-checks"    // iterpull-roundtrip + the contract's checks on both sides
	// The pipeline's floors (PipelineFloors): no handoff, the works alone.
	Serial       = "serial"        // both sides' work one after the other, in one goroutine
	OverlapLimit = "overlap-limit" // the larger side's work alone: what perfect overlap would cost
)

// Values the matrix takes.
var (
	Capacities = []int{0, 1, 16, 256}
	Payloads   = []string{P8B, P64B, PPtr}
	Works      = []int{0, 100}
	Producers  = []int{1, 2, 4, 8}
	Loads      = []string{LoadProcs, LoadHost}
	// LoadFloors are the floors measured under load: the roundtrip
	// mechanisms that park (a channel, a Cond) and the one that spins.
	LoadFloors = []string{ChanPingPong, MutexCondPingPong, AtomicSpinPingPong}
	Floors     = []string{FuncCall, ChanPingPong, MutexCondPingPong, IterPullRoundtrip, ChanStream, AtomicSpinPingPong, AtomicSpinStream,
		LadderSMDirect, LadderSMFuncValue, LadderSMDict, LadderSMRecover, LadderSMSwitch, LadderIPNext, LadderIPChecks}
	// PipelineWorks are the pipeline's levels of work, in nominal ns per
	// item: the producer's before each Put, and the handler's. The even
	// pairs span a stream where the handoff's cost swamps the work to one
	// where the work swamps it; the uneven one is a fast producer feeding a
	// slow handler, where only the slow side's work can be hidden.
	PipelineWorks = []PipelineWork{{0, 0}, {25, 25}, {250, 250}, {2500, 2500}, {25, 250}}
	// PipelineCaps are the capacities of its stream.
	PipelineCaps = []int{16, 256}
	// PipelineFloors are its floors, measured at each level of work.
	PipelineFloors = []string{Serial, OverlapLimit}
	// PipelineMechanisms are the stream floors run as pipeline rows, at
	// each capacity: the raw mechanisms under channels and lockfree-spin,
	// so that a row far from the overlap limit can be told from its
	// mechanism (a raw buffered channel, a batch-publishing spinning ring).
	PipelineMechanisms = []string{ChanStream, AtomicSpinStream}
)

// A PipelineWork is one level of a pipeline's work: nominal ns per item on
// the producer's side and in the handler.
type PipelineWork struct{ Producer, Handler int }

// streamFloor says whether a floor streams (Put) rather than replies (Send).
func streamFloor(f string) bool { return f == ChanStream || f == AtomicSpinStream }

// ladderFloor says whether a floor is a step of a ladder and nothing else:
// measured at roundtrip with no work, on one P.
func ladderFloor(f string) bool { return strings.HasPrefix(f, "ladder-") }

// MaxProcs is the largest GOMAXPROCS at which a profile measures the case:
// 1 for the ladders' own steps, which never leave the producer's thread, so
// that a second P changes nothing in them but the noise (their ends, the
// funccall and iterpull-roundtrip floors and the implementations, are
// measured at every GOMAXPROCS); 0 for no limit.
func (c Case) MaxProcs() int {
	if c.Bench == Floor && ladderFloor(c.Impl) {
		return 1
	}
	return 0
}

// MinProcs is the least GOMAXPROCS at which the case means anything: 2 for
// the spinning floors, which with one P would only hold off the side they
// wait for, and 1 for the rest.
// The Idle benchmark, too, runs at 2 only: an idle Conn's cost is what its
// waiting burns, which a second P shows and one P hides.
// A Load case, too: with one P the co-runners would only take turns with
// the handoff, which is no busier than a slow machine.
func (c Case) MinProcs() int {
	if (c.Bench == Floor || c.Bench == Pipeline) && (c.Impl == AtomicSpinPingPong || c.Impl == AtomicSpinStream) || c.Bench == Idle || c.Bench == Load {
		return 2
	}
	return 1
}

// variant says whether an implementation is one of the rows added to answer
// the locked vs lock-free questions — a spinning form of a synchronisation,
// or a third-party queue — which the default profile measures on the modes
// those pages draw rather than across every payload and work.
func variant(im resultfmt.Row) bool {
	return im.Wait == resultfmt.WaitSpin || im.Wait == resultfmt.WaitAdaptive || im.ThirdParty()
}

// A Case is one sub-benchmark.
type Case struct {
	Bench     string
	Impl      string // the implementation, or for Floor the mechanism
	Mode      string
	Cap       int
	Payload   string
	Work      int    // nominal nanoseconds of work per item in the handler: 0 or 100
	Producers int    // Contention only: goroutines Putting (stream) or Sending (roundtrip) at once
	Load      string // Load only: LoadProcs or LoadHost
	PWork     int    // Pipeline only: nominal ns of the producer's work before each Put
}

// Inner is the idle case a Load case measures under its load, with an int
// and no work: for a roundtrip, the Handoff case of its implementation or
// the Floor case of its floor; for a stream, the Latency case at the same
// capacity, which gives the Put-to-handler percentiles under load beside
// ns/op (its ns/op includes two clock reads an item). The Load case's own
// name keeps the key impl= for both kinds, so that one table holds every
// row under load.
func (c Case) Inner() Case {
	in := Case{Bench: Handoff, Impl: c.Impl, Mode: c.Mode, Cap: c.Cap, Payload: P8B}
	switch {
	case slices.Contains(Floors, c.Impl):
		in.Bench = Floor
	case c.Mode == Stream:
		in.Bench = Latency
	}
	return in
}

// Ramps says whether every run of the case must be given the benchtime as
// a duration rather than repeat the first run's b.N (runner.Plan.Iters):
// under load a spinning row's speed varies 60x from one run to the next,
// and a b.N fixed by a fast first run would make a slow later one take 60
// times the benchtime. Given a duration, a Load case runs for that long in
// one call (package bench's time box).
func (c Case) Ramps() bool { return c.Bench == Load }

// Sub is the case's name below its top-level benchmark.
func (c Case) Sub() string {
	switch c.Bench {
	case Floor:
		return fmt.Sprintf("floor=%s/mode=%s/cap=%d/payload=%s/work=%d", c.Impl, c.Mode, c.Cap, c.Payload, c.Work)
	case Latency:
		return fmt.Sprintf("impl=%s/mode=%s/cap=%d", c.Impl, c.Mode, c.Cap)
	case Contention:
		if c.Mode == Roundtrip { // the stream's name predates the mode key, and keeps its form
			return fmt.Sprintf("impl=%s/mode=%s/producers=%d/cap=%d", c.Impl, c.Mode, c.Producers, c.Cap)
		}
		return fmt.Sprintf("impl=%s/producers=%d/cap=%d", c.Impl, c.Producers, c.Cap)
	case Idle:
		return fmt.Sprintf("impl=%s/cap=%d", c.Impl, c.Cap)
	case Load:
		return fmt.Sprintf("impl=%s/mode=%s/cap=%d/load=%s", c.Impl, c.Mode, c.Cap, c.Load)
	case Pipeline:
		if slices.Contains(PipelineFloors, c.Impl) { // no stream, so no capacity
			return fmt.Sprintf("impl=%s/pwork=%d/work=%d", c.Impl, c.PWork, c.Work)
		}
		return fmt.Sprintf("impl=%s/cap=%d/pwork=%d/work=%d", c.Impl, c.Cap, c.PWork, c.Work)
	}
	return fmt.Sprintf("impl=%s/mode=%s/cap=%d/payload=%s/work=%d", c.Impl, c.Mode, c.Cap, c.Payload, c.Work)
}

// Name is the full benchmark name without the GOMAXPROCS suffix.
func (c Case) Name() string { return "Benchmark" + c.Bench + "/" + c.Sub() }

// Pattern is the -test.bench pattern that selects this case alone.
func (c Case) Pattern() string {
	parts := strings.Split(c.Name(), "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	return strings.Join(parts, "/")
}

// All is the whole matrix over the implementations impls (impls.Rows; rows
// of other kinds are skipped): every case of every benchmark.
func All(impls []resultfmt.Row) []Case {
	var cs []Case
	for _, im := range resultfmt.OfKind(impls, resultfmt.Implementation) {
		for _, p := range Payloads {
			if !im.Measures(p) {
				continue
			}
			for _, w := range Works {
				cs = append(cs, Case{Bench: Handoff, Impl: im.Name, Mode: Roundtrip, Payload: p, Work: w})
				for _, c := range Capacities {
					cs = append(cs, Case{Bench: Handoff, Impl: im.Name, Mode: Stream, Cap: c, Payload: p, Work: w})
				}
			}
		}
		for _, c := range Capacities {
			cs = append(cs, Case{Bench: Latency, Impl: im.Name, Mode: Stream, Cap: c, Payload: P8B})
		}
		if im.Traits != nil && im.Traits.ConcurrentProducers {
			for _, n := range Producers {
				cs = append(cs, Case{Bench: Contention, Impl: im.Name, Mode: Stream, Cap: 16, Payload: P8B, Producers: n})
			}
			for _, n := range Producers {
				cs = append(cs, Case{Bench: Contention, Impl: im.Name, Mode: Roundtrip, Payload: P8B, Producers: n})
			}
		}
		if im.CrossesThreads() {
			cs = append(cs, Case{Bench: Idle, Impl: im.Name, Cap: 16, Payload: P8B})
			for _, l := range Loads {
				cs = append(cs, Case{Bench: Load, Impl: im.Name, Mode: Roundtrip, Payload: P8B, Load: l},
					Case{Bench: Load, Impl: im.Name, Mode: Stream, Cap: 256, Payload: P8B, Load: l})
			}
		}
		for _, w := range PipelineWorks {
			for _, c := range PipelineCaps {
				cs = append(cs, Case{Bench: Pipeline, Impl: im.Name, Mode: Stream, Cap: c, Payload: P8B, PWork: w.Producer, Work: w.Handler})
			}
		}
	}
	for _, w := range PipelineWorks {
		for _, f := range PipelineFloors {
			cs = append(cs, Case{Bench: Pipeline, Impl: f, Mode: Stream, Payload: P8B, PWork: w.Producer, Work: w.Handler})
		}
		for _, f := range PipelineMechanisms {
			for _, c := range PipelineCaps {
				cs = append(cs, Case{Bench: Pipeline, Impl: f, Mode: Stream, Cap: c, Payload: P8B, PWork: w.Producer, Work: w.Handler})
			}
		}
	}
	for _, f := range LoadFloors {
		for _, l := range Loads {
			cs = append(cs, Case{Bench: Load, Impl: f, Mode: Roundtrip, Payload: P8B, Load: l})
		}
	}
	cs = append(cs, rowFloors(impls)...)
	for _, f := range Floors {
		if ladderFloor(f) {
			cs = append(cs, Case{Bench: Floor, Impl: f, Mode: Roundtrip, Payload: P8B})
			continue
		}
		for _, w := range Works {
			if !streamFloor(f) {
				cs = append(cs, Case{Bench: Floor, Impl: f, Mode: Roundtrip, Payload: P8B, Work: w})
				continue
			}
			for _, c := range Capacities {
				if c == 0 && f == AtomicSpinStream {
					continue // a ring has at least one slot
				}
				cs = append(cs, Case{Bench: Floor, Impl: f, Mode: Stream, Cap: c, Payload: P8B, Work: w})
			}
		}
	}
	return cs
}

// RowFloorCap is the capacity at which a row's own floor streams: the
// report's headline capacity, where the row's cost over its floor is read.
const RowFloorCap = 256

// rowFloors are the Floor cases of the floors among impls that are not the
// matrix's own (a third-party row's raw queue, a user's mechanism), in the
// modes the implementations name them for: a roundtrip, and a stream at
// RowFloorCap; an int and no work.
func rowFloors(impls []resultfmt.Row) []Case {
	var cs []Case
	for _, f := range resultfmt.OfKind(impls, resultfmt.Floor) {
		if slices.Contains(Floors, f.Name) || slices.Contains(PipelineFloors, f.Name) {
			continue
		}
		roundtrip := slices.ContainsFunc(impls, func(r resultfmt.Row) bool { return r.RoundtripFloor == f.Name })
		stream := slices.ContainsFunc(impls, func(r resultfmt.Row) bool { return r.StreamFloor == f.Name })
		if roundtrip {
			cs = append(cs, Case{Bench: Floor, Impl: f.Name, Mode: Roundtrip, Payload: P8B})
		}
		if stream {
			cs = append(cs, Case{Bench: Floor, Impl: f.Name, Mode: Stream, Cap: RowFloorCap, Payload: P8B})
		}
	}
	return cs
}

// A Unit is one run of the benchmark binary: a case at one GOMAXPROCS.
type Unit struct {
	Case
	Procs int
}

// Args are the benchmark binary's arguments for the unit.
func (u Unit) Args() []string {
	return []string{"-test.run=^$", "-test.bench=" + u.Pattern(), fmt.Sprintf("-test.cpu=%d", u.Procs)}
}

func (u Unit) String() string {
	if u.Procs == 1 {
		return u.Name()
	}
	return fmt.Sprintf("%s-%d", u.Name(), u.Procs)
}

// A Profile is a named choice of units and how long to run each.
type Profile struct {
	Name      string
	Doc       string
	Benchtime string // -test.benchtime for each unit
	Rounds    int    // default rounds: at least 6 for benchstat's 95% intervals, 10 to narrow them
	// pick says whether the profile measures u; variant, whether u's
	// implementation is a variant row (see variant).
	pick func(u Unit, variant bool) bool
}

// Profiles, from the smoke test to the whole matrix.
var Profiles = []Profile{
	{"quick", "roundtrip and streams at capacity 16 and 256 with an int, the floors, latency and 2 producers Putting and Sending: a smoke test in under a minute", "20ms", 6, pickQuick},
	{"default", "what the report draws: every mode and capacity with an int, payloads and work at roundtrip on one P, floors, latency, contention (2 and 8 producers Putting, 8 Sending for the rows that park), under load, and the pipeline at GOMAXPROCS=2", "60ms", 11, pickDefault},
	{"full", "the whole matrix", "200ms", 10, func(Unit, bool) bool { return true }},
}

// LookupProfile returns the profile called name.
func LookupProfile(name string) (Profile, error) {
	var names []string
	for _, p := range Profiles {
		if p.Name == name {
			return p, nil
		}
		names = append(names, p.Name)
	}
	return Profile{}, fmt.Errorf("no profile %q (have %s)", name, strings.Join(names, ", "))
}

// Select is the profile's units over rs, the rows a benchmark binary
// measures, narrowed to the rows named in implList (comma-separated; ""
// for all) and to names matching the regular expression expr ("" for
// all). A name in also is accepted and selects no unit (a reference row,
// measured outside the binary); a name neither rs nor also has is an
// error that lists them.
func (p Profile) Select(rs []resultfmt.Row, implList, expr string, also ...string) ([]Unit, error) {
	units := p.Units(rs)
	if implList != "" {
		var known []string
		for _, r := range rs {
			known = append(known, r.Name)
		}
		for _, n := range also {
			if !slices.Contains(known, n) {
				known = append(known, n)
			}
		}
		want := strings.Split(implList, ",")
		for _, name := range want {
			if !slices.Contains(known, name) {
				return nil, fmt.Errorf("-impls: no implementation or floor %q (have %s)", name, strings.Join(known, ", "))
			}
		}
		units = slices.DeleteFunc(units, func(u Unit) bool { return !slices.Contains(want, u.Impl) })
	}
	if expr != "" {
		re, err := regexp.Compile(expr)
		if err != nil {
			return nil, fmt.Errorf("-run: %w", err)
		}
		units = slices.DeleteFunc(units, func(u Unit) bool { return !re.MatchString(u.String()) })
	}
	return units, nil
}

// A Choice is a command's choice of profile, -run expression, rounds and
// benchtime, as its flags gave them. A value left out (not Given) takes
// its default; one given is checked as it is, so that -rounds=0 and
// -benchtime= are refused rather than defaulted.
type Choice struct {
	Profile, Run                string
	Rounds, MinRounds           int
	DefaultRounds               int // 0: the profile's
	Benchtime                   string
	RoundsGiven, BenchtimeGiven bool
}

// Resolve checks the choice and fills in its defaults. Which of the
// profile's units -impls and -run select is known only once the benchmark
// binary has said which rows it measures (Profile.Select).
func (c *Choice) Resolve() (Profile, error) {
	profile, err := LookupProfile(c.Profile)
	if err != nil {
		return profile, fmt.Errorf("-profile: %w", err)
	}
	if c.Run != "" {
		if _, err := regexp.Compile(c.Run); err != nil {
			return profile, fmt.Errorf("-run: %w", err)
		}
	}
	def := c.DefaultRounds
	if def == 0 {
		def = profile.Rounds
	}
	if c.Rounds == 0 && !c.RoundsGiven {
		c.Rounds = def
	}
	if c.Rounds < c.MinRounds {
		return profile, fmt.Errorf("-rounds %d: need at least %d (benchstat wants 6 for a 95%% interval, a comparison about 10 to decide); leave it unset for the default of %d",
			c.Rounds, c.MinRounds, def)
	}
	if c.Benchtime == "" && !c.BenchtimeGiven {
		c.Benchtime = profile.Benchtime
	}
	return profile, CheckBenchtime(c.Benchtime)
}

// CheckBenchtime accepts what -test.benchtime does: a positive duration or
// count (Nx).
func CheckBenchtime(s string) error {
	if d, count, err := ParseBenchtime(s); err == nil && (d > 0 || count > 0) {
		return nil
	}
	return fmt.Errorf("-benchtime %q: want a duration such as 100ms or a count such as 1000x", s)
}

// ParseBenchtime reads a -test.benchtime: a duration, or a count of
// iterations written Nx.
func ParseBenchtime(s string) (d time.Duration, count int, err error) {
	if n, ok := strings.CutSuffix(s, "x"); ok {
		count, err = strconv.Atoi(n)
		return 0, count, err
	}
	d, err = time.ParseDuration(s)
	return d, 0, err
}

// Procs are the GOMAXPROCS values every profile measures: 1 and 2, and the
// machine's CPU count when it is larger.
func Procs() []int {
	ps := []int{1, 2}
	if n := runtime.NumCPU(); n > 2 {
		ps = append(ps, n)
	}
	return ps
}

// Units are the profile's cases over the implementations impls
// (impls.Rows) at every GOMAXPROCS value, in matrix order.
func (p Profile) Units(impls []resultfmt.Row) []Unit {
	var us []Unit
	for _, c := range All(impls) {
		im, _ := resultfmt.Find(impls, c.Impl)
		for _, n := range Procs() {
			if n < c.MinProcs() || c.MaxProcs() > 0 && n > c.MaxProcs() {
				continue
			}
			if u := (Unit{c, n}); p.pick(u, c.Bench != Floor && variant(im)) {
				us = append(us, u)
			}
		}
	}
	return us
}

func pickQuick(c Unit, variant bool) bool {
	switch c.Bench {
	case Handoff:
		return c.Payload == P8B && c.Work == 0 && (c.Mode == Roundtrip || c.Cap == 16 || c.Cap == 256)
	case Floor:
		return c.Work == 0 && (c.Mode == Roundtrip || c.Cap == 16 || c.Cap == 256)
	case Latency:
		return c.Cap == 16 && !variant
	case Contention:
		return c.Producers == 2
	case Idle:
		return true
	case Load:
		return c.Mode == Roundtrip
	case Pipeline:
		return c.Procs == 2 && (c.Cap == 256 || c.Cap == 0) && c.PWork == 250 && c.Work == 250
	}
	return false
}

func pickDefault(c Unit, variant bool) bool {
	switch c.Bench {
	case Handoff:
		basic := c.Payload == P8B && c.Work == 0 // every mode and capacity
		if variant {
			return basic && (c.Mode == Roundtrip || c.Cap == 256)
		}
		// The payload and work cases at one P alone: the report's page and
		// finding on them read the smallest GOMAXPROCS, which holds the
		// handoff on one core and shows what the item and the work add.
		payloads := c.Mode == Roundtrip && c.Work == 0
		work := c.Mode == Roundtrip && c.Payload == P8B
		return basic || (payloads || work) && c.Procs == 1
	case Floor:
		return c.Work == 0 || c.Impl == FuncCall && c.Procs == 1
	case Latency:
		if variant {
			return c.Cap == 256
		}
		return c.Cap == 0 || c.Cap == 256
	case Contention:
		if c.Mode == Roundtrip {
			// The most producers, which the decision table reads, for the
			// rows that park. The spinning and third-party rows Sending from
			// 8 goroutines on 2 cores fall to some 10k replies a second, and
			// took 140 s of a 6:46 default run (xsync-mpmc 91 s, workiva-ring
			// 48 s): the full profile measures them.
			return c.Producers == 8 && !variant
		}
		return c.Producers != 4
	case Idle, Load:
		return true
	case Pipeline:
		// Where crossing threads can pay (a spare core) at the report's
		// capacity, over the levels that place the break-even; no work at
		// all is the Handoff stream's, GOMAXPROCS=1 and capacity 16 are
		// the full profile's.
		// The raw mechanisms only where a row's reason is read against
		// them: the levels with the most work.
		if slices.Contains(PipelineMechanisms, c.Impl) && c.Work < 250 {
			return false
		}
		return c.Procs == 2 && (c.Cap == 256 || c.Cap == 0) && c.Work > 0
	}
	return false
}
