package report_test

import (
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoffbench/handoff/report"
	"github.com/handoffbench/handoff/resultfmt"
)

// fuzzSeeds are the results files FuzzReport mutates: every one in
// testdata, sorted by name, which an input's first byte indexes modulo
// their number (a file added later shifts the files after it, and the
// modulus: the committed inputs in testdata/fuzz name default.txt, the
// first, machine-1core.txt, the second, and quick.txt, the fourth, which
// stay so while no file sorts before them and there are more than four;
// 9edc3826dd8a02cd named sched-zero.txt while there were eight, and
// 9edc3826dd8a02cd-sched-zero names it while there are nine).
func fuzzSeeds(f *testing.F) []string {
	paths, err := filepath.Glob("testdata/*.txt")
	require.NoError(f, err)
	slices.Sort(paths)
	require.NotEmpty(f, paths)
	return paths
}

// fuzzValues are the values a mutation writes into a result: what a
// results file can hold and a chart must take — zero, the smallest and
// largest floats, negatives, and a value 10⁹ from its neighbours.
var fuzzValues = []float64{0, 0, 5e-324, 1e-9, 1, 1e9, 1e15, 1e300, -1, -0.5, -1e9, 1e-300}

// mutate applies ops to a results file, four bytes an op: what to do, two
// bytes choosing the line, and one choosing a value or a field. It works on
// lines and whitespace-separated fields, as a person editing the file
// would; it never needs to parse a result. valuesOnly says whether every op
// only changed values, leaving a file as well-formed as it was: no
// instruction count made negative.
func mutate(text string, ops []byte) (out string, valuesOnly bool) {
	valuesOnly = true
	lines := strings.Split(text, "\n")
	var bench []int // the indices of the result lines
	for i, l := range lines {
		if strings.HasPrefix(l, "Benchmark") {
			bench = append(bench, i)
		}
	}
	for len(ops) >= 4 {
		kind, at, arg := ops[0], int(ops[1])<<8|int(ops[2]), ops[3]
		ops = ops[4:]
		if len(lines) == 0 {
			break
		}
		pick := func() int { // a result line if there is one, any line if not
			if len(bench) > 0 {
				return bench[at%len(bench)]
			}
			return at % len(lines)
		}
		val := strconv.FormatFloat(fuzzValues[int(arg)%len(fuzzValues)], 'g', -1, 64)
		if k := kind % 8; k != 0 && k != 1 && k != 7 {
			valuesOnly = false
		}
		switch kind % 8 {
		case 0: // one value of one result
			i := pick()
			f := strings.Fields(lines[i])
			if len(f) >= 4 {
				j := 2 + 2*(int(arg>>4)%((len(f)-2)/2))
				f[j] = val
				valuesOnly = valuesOnly && !negativeCount(f[j+1], val)
				lines[i] = strings.Join(f, " ")
			}
		case 1: // every value of one unit, in every result: all equal
			unit := ""
			if f := strings.Fields(lines[pick()]); len(f) >= 4 {
				unit = f[3+2*(int(arg>>4)%((len(f)-2)/2))]
			}
			valuesOnly = valuesOnly && !negativeCount(unit, val)
			for _, i := range bench {
				f := strings.Fields(lines[i])
				for j := 3; j < len(f); j += 2 {
					if f[j] == unit {
						f[j-1] = val
					}
				}
				lines[i] = strings.Join(f, " ")
			}
		case 2: // drop a line
			lines[at%len(lines)] = ""
		case 3: // drop a unit from a result
			i := pick()
			f := strings.Fields(lines[i])
			if len(f) >= 4 {
				j := 2 + 2*(int(arg)%((len(f)-2)/2))
				lines[i] = strings.Join(slices.Delete(f, j, j+2), " ")
			}
		case 4: // cut the file short, maybe mid-line
			i := at % len(lines)
			lines = lines[:i+1]
			if n := len(lines[i]); n > 0 {
				lines[i] = lines[i][:int(arg)%n]
			}
			return strings.Join(lines, "\n"), false
		case 5: // keep one result of every few: single samples
			every := 2 + int(arg)%8
			for k, i := range bench {
				if k%every != 0 {
					lines[i] = ""
				}
			}
		case 6: // drop every result of one benchmark but one
			name := strings.Fields(lines[pick()] + " x")[0]
			kept := false
			for _, i := range bench {
				if strings.HasPrefix(lines[i], name+" ") {
					if kept {
						lines[i] = ""
					}
					kept = true
				}
			}
		case 7: // scale one result's every value, where the product stays finite
			i := pick()
			f := strings.Fields(lines[i])
			scale := fuzzValues[int(arg)%len(fuzzValues)]
			for j := 2; j+1 < len(f); j += 2 {
				if v, err := strconv.ParseFloat(f[j], 64); err == nil && !math.IsInf(v*scale, 0) {
					f[j] = strconv.FormatFloat(v*scale, 'g', -1, 64)
					valuesOnly = valuesOnly && !negativeCount(f[j+1], f[j])
				}
			}
			lines[i] = strings.Join(f, " ")
		}
	}
	return strings.Join(lines, "\n"), valuesOnly
}

// negativeCount says whether val, written as a value of unit, makes an
// instruction count negative: the one value the format refuses (a count of
// instructions is at least 0), so such a file is no longer well-formed.
func negativeCount(unit, val string) bool {
	v, err := strconv.ParseFloat(val, 64)
	return unit == resultfmt.InstructionsUnit && err == nil && v < 0
}

// fuzzing says whether this run is go test -fuzz, rather than the seeds
// and the committed inputs run as tests.
func fuzzing() bool {
	f := flag.Lookup("test.fuzz")
	return f != nil && f.Value.String() != ""
}

// FuzzReport: whatever a results file holds, Build writes every output or
// returns an error, and never panics, which it returns as a *BugError and
// this counts as a failure. A file whose values alone were changed, to any
// finite number, must report: a value is never a reason to refuse a file,
// but for a negative instruction count, which is malformed.
// It leaves nothing half-written behind: after an error the output
// directory is empty; after success it holds the PDF, the Markdown and the
// chart directory, and no temporary directory.
//
// make test (-short) runs the smallest seed file alone, unmutated: a whole
// report under the race detector takes seconds.
func FuzzReport(f *testing.F) {
	seeds := fuzzSeeds(f)
	for i := range seeds {
		f.Add(uint8(i), []byte(nil))
		f.Add(uint8(i), []byte{1, 0, 0, 0}) // every value of a unit zero
	}
	f.Fuzz(func(t *testing.T, which uint8, ops []byte) {
		seed := seeds[int(which)%len(seeds)]
		data, err := os.ReadFile(seed)
		require.NoError(t, err)
		if testing.Short() && !fuzzing() && (len(data) > 16<<10 || len(ops) > 0) {
			t.Skipf("a whole report under -race takes seconds: make test runs the smallest seed unmutated, make test-long every input")
		}
		dir := t.TempDir()
		in := filepath.Join(dir, "results.txt")
		text, valuesOnly := mutate(string(data), ops)
		require.NoError(t, os.WriteFile(in, []byte(text), 0o644))
		outDir := filepath.Join(dir, "out")
		require.NoError(t, os.Mkdir(outDir, 0o755))
		out, err := report.Build(report.Options{Results: in, OutDir: outDir})
		left, rerr := os.ReadDir(outDir)
		require.NoError(t, rerr)
		if err != nil {
			var bug *report.BugError
			if errors.As(err, &bug) {
				t.Fatalf("on %s mutated: %v", seed, err)
			}
			assert.Empty(t, left, "outputs left behind after the error %v", err)
			assert.False(t, valuesOnly, "%s with its values changed, and nothing else, is as well-formed as before, but was refused: %v", seed, err)
			return
		}
		var names []string
		for _, e := range left {
			names = append(names, e.Name())
		}
		assert.ElementsMatch(t, []string{"results.pdf", "results.md", "results"}, names)
		for _, p := range []string{out.PDF, out.Markdown} {
			info, err := os.Stat(p)
			require.NoError(t, err)
			assert.Positive(t, info.Size(), p)
		}
	})
}
