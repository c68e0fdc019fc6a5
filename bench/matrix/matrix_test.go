package matrix_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoffbench/handoff/bench"
	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/impls"
	"github.com/handoffbench/handoff/resultfmt"
)

// TestFloorRows: every floor has its one-line summary.
func TestFloorRows(t *testing.T) {
	rs := matrix.FloorRows()
	floors := slices.Concat(matrix.Floors, matrix.PipelineFloors)
	require.Len(t, rs, len(floors))
	for i, r := range rs {
		assert.Equal(t, floors[i], r.Name)
		assert.NotEmpty(t, r.Summary, r.Name)
	}
}

// TestFloorsOfTheRegistryExist: every floor a row names is measured in
// the mode it names it for: one of the matrix's floors, or a row floor of
// the binary (a third-party row's raw queue), at RowFloorCap.
func TestFloorsOfTheRegistryExist(t *testing.T) {
	rs := bench.Rows()
	all := matrix.All(rs)
	for _, r := range resultfmt.OfKind(rs, resultfmt.Implementation) {
		for mode, f := range map[string]string{matrix.Roundtrip: r.RoundtripFloor, matrix.Stream: r.StreamFloor} {
			if f == "" {
				continue
			}
			if slices.Contains(matrix.Floors, f) {
				continue // the matrix's own, in the modes it measures them
			}
			assert.True(t, slices.ContainsFunc(all, func(c matrix.Case) bool {
				return c.Bench == matrix.Floor && c.Impl == f && c.Mode == mode && c.Payload == matrix.P8B && c.Work == 0 &&
					(mode == matrix.Roundtrip || c.Cap == matrix.RowFloorCap)
			}), "%s names %s floor %s, which the matrix does not measure", r.Name, mode, f)
		}
	}
}

// TestPatternSelectsOneCase: a unit's -test.bench pattern matches its own
// name and no other case's, as the testing package splits it on "/".
func TestPatternSelectsOneCase(t *testing.T) {
	all := matrix.All(bench.Rows())
	for _, c := range all {
		var levels []*regexp.Regexp
		for _, l := range strings.Split(c.Pattern(), "/") {
			levels = append(levels, regexp.MustCompile(l))
		}
		matches := 0
		for _, other := range all {
			parts := strings.Split(other.Name(), "/")
			if len(parts) != len(levels) {
				continue
			}
			ok := true
			for i, l := range levels {
				if !l.MatchString(parts[i]) {
					ok = false
				}
			}
			if ok {
				matches++
			}
		}
		require.Equal(t, 1, matches, "%s", c.Name())
	}
}

func TestProfiles(t *testing.T) {
	sizes := map[string]int{}
	for _, p := range matrix.Profiles {
		us := p.Units(bench.Rows())
		require.NotEmpty(t, us, p.Name)
		assert.GreaterOrEqual(t, p.Rounds, 6, "%s: benchstat needs 6 rounds for a 95%% interval", p.Name)
		sizes[p.Name] = len(us)
		for _, u := range us {
			assert.Contains(t, matrix.Procs(), u.Procs)
		}
		// Every kind of benchmark and every implementation is in every profile.
		for _, kind := range []string{matrix.Handoff, matrix.Floor, matrix.Latency, matrix.Contention, matrix.Load, matrix.Pipeline} {
			assert.True(t, slices.ContainsFunc(us, func(u matrix.Unit) bool { return u.Bench == kind }), "%s lacks %s", p.Name, kind)
		}
		for _, im := range impls.All {
			assert.True(t, slices.ContainsFunc(us, func(u matrix.Unit) bool { return u.Bench == matrix.Handoff && u.Impl == im.Name }), "%s lacks %s", p.Name, im.Name)
		}
	}
	assert.Less(t, sizes["quick"], sizes["default"])
	assert.Less(t, sizes["default"], sizes["full"])
	_, err := matrix.LookupProfile("nosuch")
	assert.Error(t, err)
}

// TestLoadCases: every row that crosses threads, and every floor of
// LoadFloors, is measured under every load, each Load case measures a case
// the matrix has (its Inner case, which the load=none column reads), and
// only at GOMAXPROCS=2 and up, with every run ramping.
func TestLoadCases(t *testing.T) {
	all := matrix.All(bench.Rows())
	want := map[string]bool{}
	for _, r := range bench.Rows() {
		if r.CrossesThreads() {
			want[r.Name] = true
		}
	}
	for _, f := range matrix.LoadFloors {
		want[f] = true
	}
	got := map[string]map[string]bool{}
	for _, c := range all {
		if c.Bench != matrix.Load {
			assert.False(t, c.Ramps(), c.Name())
			continue
		}
		assert.True(t, want[c.Impl], "%s: %s does not cross threads", c.Name(), c.Impl)
		assert.Contains(t, all, c.Inner(), "%s measures a case the matrix lacks", c.Name())
		assert.Equal(t, 2, c.MinProcs(), c.Name())
		assert.True(t, c.Ramps(), c.Name())
		if got[c.Impl] == nil {
			got[c.Impl] = map[string]bool{}
		}
		got[c.Impl][c.Load] = true
	}
	for name := range want {
		for _, l := range matrix.Loads {
			assert.True(t, got[name][l], "%s is not measured under load=%s", name, l)
		}
	}
}

// TestLadders: every step of every ladder is a case of the matrix and of the
// quick and default profiles, at GOMAXPROCS=1 at least; a ladder ends at its
// implementation, and its own floors are measured on one P only, so that
// they cost the default profile few units.
func TestLadders(t *testing.T) {
	all := matrix.All(bench.Rows())
	for _, l := range matrix.Ladders {
		require.GreaterOrEqual(t, len(l.Steps), 3, l.Impl)
		_, err := impls.Lookup(l.Impl)
		require.NoError(t, err)
		assert.True(t, slices.ContainsFunc(l.Steps, func(s matrix.Step) bool { return s.Bench == matrix.Handoff && s.Impl == l.Impl }), "%s's ladder lacks its implementation", l.Impl)
		for _, s := range l.Steps {
			assert.Contains(t, all, s.Case, "%s: step %s", l.Impl, s.Sub())
			assert.NotEmpty(t, s.Adds)
			for _, name := range []string{"quick", "default"} {
				p, err := matrix.LookupProfile(name)
				require.NoError(t, err)
				assert.Contains(t, p.Units(bench.Rows()), matrix.Unit{Case: s.Case, Procs: 1}, "%s lacks %s", name, s.Sub())
			}
		}
	}
	def, err := matrix.LookupProfile("default")
	require.NoError(t, err)
	own := 0
	for _, u := range def.Units(bench.Rows()) {
		if u.Bench == matrix.Floor && strings.HasPrefix(u.Impl, "ladder-") {
			assert.Equal(t, 1, u.Procs, u.String())
			own++
		}
	}
	assert.NotZero(t, own)
	assert.LessOrEqual(t, own, 12, "the ladders' own floors add %d units to the default profile", own)
}
