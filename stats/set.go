// Package stats reads results files and computes what the report and the
// regression gate say about them, with golang.org/x/perf doing the work:
// benchfmt reads the file, benchproc splits benchmark names into their
// key=value parts, benchmath gives medians with confidence intervals and
// Mann–Whitney U tests under each unit's assumption — the numbers benchstat
// prints. On top it adds what benchstat lacks: corrections for comparing
// many benchmarks at once, and a verdict a CI job can exit on; and, for
// two files of one interleaved run, a paired, sequential comparison
// (paired.go, huber.go, signflip.go, spending.go, sequential.go): Huber
// estimates of ln(new/old) per round with sign-flip intervals, max-T over
// sign flips of whole rounds, and α and β spent across looks.
package stats

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchproc"

	"github.com/handoffbench/handoff/resultfmt"
)

// A Key is one benchmark at one GOMAXPROCS, split into the matrix's keys.
// Fields a benchmark's name does not have are zero.
type Key struct {
	Bench     string // Handoff, Floor, Latency, Contention
	Impl      string // impl=, or floor= for Floor
	Mode      string
	Cap       int
	Payload   string
	Work      int
	Producers int
	Load      string // load= of a Load benchmark: what kept the cores busy
	PWork     int    // pwork= of a Pipeline benchmark: the producer's work before each Put
	Procs     int    // GOMAXPROCS, from the name's -N suffix (1 without)
	Name      string
}

func (k Key) String() string { return k.Name }

// A Set is a results file, grouped: for each benchmark and unit, the values
// of every run, in the unit as the file writes it (ns/op, not sec/op).
type Set struct {
	Path   string
	Config map[string]string // the file configuration (goos, cpu, commit, …) of its first result
	Units  benchfmt.UnitMetadataMap

	keys     []Key
	exact    map[Key]Key // each key, with its Name cleared, to itself
	samples  map[Key]map[string][]float64
	places   map[Key]map[string][]Place // beside samples, value for value
	iters    map[Key][]int              // each timed result's b.N
	unplaced int                        // results that record no round
	units    []string                   // every unit seen, in order of first appearance
	refs     map[string]bool

	runs     []Run       // the runs the file holds (runs.go)
	rounds   map[Key]int // results per benchmark
	lastLine int         // the line of the last result
	warnings []string
}

// A Place is where a result ran in its run: its round, and its arm's
// position among the arms run back to back for its benchmark in that round
// (1 ran first). Zero in a file that does not record them.
type Place struct{ Round, Position int }

// Places are where each of Values(k, unit) ran, in the same order.
func (s *Set) Places(k Key, unit string) []Place { return s.places[k][unit] }

// RecordsRounds says whether every result of the set records its round and
// arm position: only then can its runs be paired round by round with
// another set's.
func (s *Set) RecordsRounds() bool { return s.unplaced == 0 }

// Keys are the benchmarks of the set, in the order they first appear.
func (s *Set) Keys() []Key { return s.keys }

// Values are the values of benchmark k in unit (nil if none).
func (s *Set) Values(k Key, unit string) []float64 { return s.samples[k][unit] }

// Has says whether benchmark k reported unit.
func (s *Set) Has(k Key, unit string) bool { return len(s.samples[k][unit]) > 0 }

// UnitsSeen lists every unit some benchmark reported.
func (s *Set) UnitsSeen() []string { return s.units }

// Impls lists the implementations (impl= values) with results, in order.
// A Load or Pipeline benchmark's impl= names a floor or an implementation
// measured under load or with work on both sides, which has its idle
// results too: it adds no name.
func (s *Set) Impls() []string {
	var names []string
	for _, k := range s.keys {
		if k.Impl != "" && k.Bench != "Floor" && k.Bench != "Load" && k.Bench != "Pipeline" && !slices.Contains(names, k.Impl) {
			names = append(names, k.Impl)
		}
	}
	return names
}

// Reference says whether impl is a reference row (one of the seed's
// systems measured outside Go), as the results file's ref= key marks it.
func (s *Set) Reference(impl string) bool { return s.refs[impl] }

// Lookup returns the benchmark with exactly k's fields (its Name aside): a
// zero field means zero, as in cap=0 or work=0.
func (s *Set) Lookup(k Key) (Key, bool) {
	k.Name = ""
	found, ok := s.exact[k]
	return found, ok
}

// Find returns the keys matching every non-zero field of pattern, a zero
// field matching any value: a search, where Lookup is exact.
func (s *Set) Find(pattern Key) []Key {
	var ks []Key
	for _, k := range s.keys {
		if match(pattern, k) {
			ks = append(ks, k)
		}
	}
	return ks
}

func match(p, k Key) bool {
	return (p.Bench == "" || p.Bench == k.Bench) && (p.Impl == "" || p.Impl == k.Impl) &&
		(p.Mode == "" || p.Mode == k.Mode) && (p.Cap == 0 || p.Cap == k.Cap) &&
		(p.Payload == "" || p.Payload == k.Payload) && (p.Work == 0 || p.Work == k.Work) &&
		(p.Producers == 0 || p.Producers == k.Producers) && (p.Load == "" || p.Load == k.Load) && (p.PWork == 0 || p.PWork == k.PWork) &&
		(p.Procs == 0 || p.Procs == k.Procs)
}

// Load reads a results file.
func Load(path string) (*Set, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(f, path)
}

// Read reads results in the Go benchmark format from r; name is the file
// name errors give. Malformed lines are errors with file:line; so is a file
// with no results at all, or a result without ns/op. A last line without
// its newline is left out, parsable or not, and said so among the set's
// Warnings, with uneven rounds and several runs in one file.
func Read(r io.Reader, name string) (*Set, error) {
	var parser benchproc.ProjectionParser
	proj, err := parser.Parse(".name,/impl,/floor,/mode,/cap,/payload,/work,/pwork,/producers,/load,/gomaxprocs,/ref", nil)
	if err != nil {
		return nil, err
	}
	fields := map[string]*benchproc.Field{}
	for _, f := range proj.Fields() {
		fields[f.Name] = f
	}
	s := &Set{Path: name, exact: map[Key]Key{}, samples: map[Key]map[string][]float64{}, places: map[Key]map[string][]Place{}, iters: map[Key][]int{}, refs: map[string]bool{}}
	t := &tail{r: r}
	br := benchfmt.NewReader(t, name)
	var errs []error
	for br.Scan() {
		if _, line := br.Result().Pos(); line == t.cutLine() {
			continue // said below
		}
		switch rec := br.Result().(type) {
		case *benchfmt.SyntaxError:
			errs = append(errs, rec)
		case *benchfmt.Result:
			if s.Config == nil {
				s.Config = map[string]string{}
				for _, c := range rec.Config {
					if c.File {
						s.Config[c.Key] = string(c.Value)
					}
				}
			}
			pk := proj.Project(rec)
			get := func(f string) string { return pk.Get(fields[f]) }
			k := Key{Bench: get(".name"), Impl: get("/impl"), Mode: get("/mode"), Payload: get("/payload"), Load: get("/load"), Name: string(rec.Name)}
			if k.Bench == "Floor" {
				k.Impl = get("/floor")
			}
			for f, dst := range map[string]*int{"/cap": &k.Cap, "/work": &k.Work, "/pwork": &k.PWork, "/producers": &k.Producers, "/gomaxprocs": &k.Procs} {
				if v := get(f); v != "" {
					if *dst, err = strconv.Atoi(v); err != nil {
						file, line := rec.Pos()
						errs = append(errs, fmt.Errorf("%s:%d: %s=%q is not a number", file, line, f[1:], v))
					}
				}
			}
			if k.Procs == 0 {
				k.Procs = 1
			}
			if get("/ref") == "true" {
				s.refs[k.Impl] = true
			}
			if err := finite(rec); err != nil {
				errs = append(errs, err)
				continue
			}
			if rec.GetConfig(resultfmt.KeyCountRepeat) != "" {
				if err := isCount(rec); err != nil {
					errs = append(errs, err)
					continue
				}
				s.add(k, Place{}, rec.Values)
				continue
			}
			if _, ok := NsPerOp(rec); !ok {
				file, line := rec.Pos()
				errs = append(errs, fmt.Errorf("%s:%d: %s has no ns/op", file, line, rec.Name))
				continue
			}
			pl, err := place(rec)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if pl == (Place{}) {
				s.unplaced++
			}
			s.add(k, pl, rec.Values)
			s.iters[k] = append(s.iters[k], rec.Iters)
			s.track(k, rec)
		}
	}
	if err := br.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if line := t.cutLine(); line > 0 {
		s.warnings = append(s.warnings, fmt.Sprintf("%s:%d: the last line has no newline at its end: the file was cut there, and that line is left out", name, line))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(s.keys) == 0 {
		if f := t.foreign; f.line > 0 {
			return nil, fmt.Errorf("%s:%d: not a results file: no benchmark results, and %q is neither a result nor a key: value line", name, f.line, f.text)
		}
		return nil, fmt.Errorf("%s: no benchmark results: is it a Go benchmark results file?", name)
	}
	s.Units = br.Units()
	s.warnings = append(s.warnings, s.checkUnits()...)
	s.warnings = append(s.warnings, s.runWarnings()...)
	return s, nil
}

// NsPerOp is a result's ns/op. benchfmt tidies ns/op into sec/op, but not a
// value of 0, which keeps its unit: a result that took no measurable time
// (a floor the compiler reduced to nothing) still has one.
func NsPerOp(rec *benchfmt.Result) (float64, bool) {
	if v, ok := rec.Value("sec/op"); ok {
		return v * 1e9, true
	}
	return rec.Value("ns/op")
}

// isCount checks an instruction count (a result marked with
// resultfmt.KeyCountRepeat): it has the unit resultfmt.InstructionsUnit
// alone, a value of at least 0, and no round, since it was not timed in one.
func isCount(rec *benchfmt.Result) error {
	file, line := rec.Pos()
	if len(rec.Values) != 1 || rec.Values[0].Unit != resultfmt.InstructionsUnit {
		return fmt.Errorf("%s:%d: %s is marked %s, but is not one count of %s", file, line, rec.Name, resultfmt.KeyCountRepeat, resultfmt.InstructionsUnit)
	}
	if v := rec.Values[0].Value; v < 0 {
		return fmt.Errorf("%s:%d: %s counts %g %s: a count of instructions is not negative", file, line, rec.Name, v, resultfmt.InstructionsUnit)
	}
	if rec.GetConfig(resultfmt.KeyRound) != "" {
		return fmt.Errorf("%s:%d: %s is marked %s, and has a round: a count is not timed in a round", file, line, rec.Name, resultfmt.KeyCountRepeat)
	}
	return nil
}

// finite refuses a result with a NaN or an infinite value, with file:line:
// a benchmark measures finite amounts, and no median, interval or chart
// can take one that is not.
func finite(rec *benchfmt.Result) error {
	for _, v := range rec.Values {
		unit, val := asWritten(v)
		if math.IsNaN(val) || math.IsInf(val, 0) {
			file, line := rec.Pos()
			return fmt.Errorf("%s:%d: %s has %v %s: a measurement is a finite number", file, line, rec.Name, val, unit)
		}
	}
	return nil
}

// place reads a result's round and arm position: zero if it records
// neither, an error with file:line if they are there but malformed.
func place(rec *benchfmt.Result) (Place, error) {
	round, pos := rec.GetConfig(resultfmt.KeyRound), rec.GetConfig(resultfmt.KeyArmPosition)
	if round == "" && pos == "" {
		return Place{}, nil
	}
	r, err1 := strconv.Atoi(round)
	p, err2 := strconv.Atoi(pos)
	if err1 != nil || err2 != nil || r < 1 || p < 1 {
		file, line := rec.Pos()
		return Place{}, fmt.Errorf("%s:%d: %s has round %q and arm-position %q: want two numbers from 1", file, line, rec.Name, round, pos)
	}
	return Place{r, p}, nil
}

// asWritten is a value in the unit the file writes it in (ns/op, not the
// sec/op benchfmt tidies it into).
func asWritten(v benchfmt.Value) (unit string, val float64) {
	if v.OrigUnit != "" {
		return v.OrigUnit, v.OrigValue
	}
	return v.Unit, v.Value
}

func (s *Set) add(k Key, pl Place, values []benchfmt.Value) {
	m, ok := s.samples[k]
	if !ok {
		m = map[string][]float64{}
		s.samples[k] = m
		s.places[k] = map[string][]Place{}
		s.keys = append(s.keys, k)
		bare := k
		bare.Name = ""
		s.exact[bare] = k
	}
	for _, v := range values {
		unit, val := asWritten(v)
		if !slices.Contains(s.units, unit) {
			s.units = append(s.units, unit)
		}
		m[unit] = append(m[unit], val)
		s.places[k][unit] = append(s.places[k][unit], pl)
	}
}

// checkUnits warns of Unit lines that declare a unit no result reports:
// the results were cut (the runner writes the benchmarks that report the
// later units last) or edited. What is left still reads.
func (s *Set) checkUnits() []string {
	var ws []string
	for _, meta := range s.Units {
		if !slices.Contains(s.units, meta.OrigUnit) {
			file, line := meta.Pos()
			ws = append(ws, fmt.Sprintf("%s:%d: unit %s is declared, but no result reports it: the file was cut or edited, and the benchmarks that report it are missing", file, line, meta.OrigUnit))
		}
	}
	slices.Sort(ws)
	return ws
}
