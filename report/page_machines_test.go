package report_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/report"
	"github.com/handoffbench/handoff/resultfmt"
)

// machineRows are what the synthetic machines' files describe: two
// implementations, each over its roundtrip floor.
var machineRows = []resultfmt.Row{
	{Name: "channels", Kind: resultfmt.Implementation, Summary: "channels", Sync: resultfmt.SyncChannel, Wait: resultfmt.WaitPark,
		RoundtripFloor: "chan-pingpong", Traits: &handoff.Traits{ConcurrentProducers: true, MaxCapacity: 64}},
	{Name: "statemachine", Kind: resultfmt.Implementation, Summary: "a switch", Sync: resultfmt.SyncCall, Wait: resultfmt.WaitNone,
		RoundtripFloor: "funccall", Traits: &handoff.Traits{Synchronous: true, OnProducerGoroutine: true, MaxCapacity: 64}},
	{Name: "chan-pingpong", Kind: resultfmt.Floor, Summary: "two channels"},
	{Name: "funccall", Kind: resultfmt.Floor, Summary: "a call"},
}

// machineFile writes a results file of a machine: six rounds of each
// benchmark, ns/op per name (with -N for GOMAXPROCS N), in dir.
func machineFile(t *testing.T, dir, name, cpu string, cores int, ns map[string]float64, order []string) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "goos: linux\ngoarch: amd64\npkg: github.com/handoffbench/handoff/bench\ncpu: %s\ngo: go1.26.8\ngomaxprocs: 1,2\ncores: %d\nrounds: 6\n", cpu, cores)
	lines, err := resultfmt.Lines(machineRows)
	require.NoError(t, err)
	for _, l := range lines {
		fmt.Fprintf(&b, "%s: %s\n", l.Key, l.Value)
	}
	for r := 1; r <= 6; r++ {
		fmt.Fprintf(&b, "round: %d\narm-position: 1\n\n", r)
		for _, bench := range order {
			v, ok := ns[bench]
			if !ok {
				continue
			}
			// A little noise, the same each round, so the paired ratio is
			// exact and its interval narrow.
			fmt.Fprintf(&b, "Benchmark%s 1000 %g ns/op\n", bench, v*(1+0.01*float64(r%3)))
		}
	}
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	return path
}

var machineOrder = []string{
	"Handoff/impl=channels/mode=roundtrip/cap=0/payload=8B/work=0", "Handoff/impl=channels/mode=roundtrip/cap=0/payload=8B/work=0-2",
	"Handoff/impl=statemachine/mode=roundtrip/cap=0/payload=8B/work=0", "Handoff/impl=statemachine/mode=roundtrip/cap=0/payload=8B/work=0-2",
	"Floor/floor=chan-pingpong/mode=roundtrip/cap=0/payload=8B/work=0", "Floor/floor=chan-pingpong/mode=roundtrip/cap=0/payload=8B/work=0-2",
	"Floor/floor=funccall/mode=roundtrip/cap=0/payload=8B/work=0", "Floor/floor=funccall/mode=roundtrip/cap=0/payload=8B/work=0-2",
}

// machinesMarkdown is the machines page of the report's Markdown.
func machinesMarkdown(t *testing.T, out report.Outputs) string {
	t.Helper()
	md, err := os.ReadFile(out.Markdown)
	require.NoError(t, err)
	_, page, ok := strings.Cut(string(md), "## Across machines")
	require.True(t, ok, "no machines page")
	page, _, _ = strings.Cut(page, "\n## ")
	return "## Across machines" + page
}

// TestMachinesPage: two machines, each implementation as a multiple of its
// floor on its own machine; what one file lacks is said, and where.
func TestMachinesPage(t *testing.T) {
	long(t) // TestMachinesGolden renders the page in make test
	dir := t.TempDir()
	big := map[string]float64{}
	small := map[string]float64{}
	for i, name := range machineOrder {
		// The big machine: channels 1.2× its floor, statemachine 2.5×;
		// the small one: 3× and 2.5×, and it lacks one floor at 2.
		big[name] = []float64{120, 120, 10, 10, 100, 100, 4, 4}[i]
		small[name] = []float64{900, 1200, 20, 20, 300, 400, 8, 8}[i]
	}
	delete(small, "Floor/floor=funccall/mode=roundtrip/cap=0/payload=8B/work=0-2")
	a := machineFile(t, dir, "big.txt", "Big Iron 9000", 2, big, machineOrder)
	b := machineFile(t, dir, "small.txt", "Pocket Calculator", 1, small, machineOrder)
	var warn strings.Builder
	out, err := report.Build(report.Options{Results: a, Machines: []string{b}, OutDir: t.TempDir(), Warn: &warn})
	require.NoError(t, err)
	page := machinesMarkdown(t, out)
	for _, want := range []string{
		"| 1 | " + a + " | Big Iron 9000 | linux/amd64 | 2 | 1,2 | go1.26.8 |",
		"| 2 | " + b + " | Pocket Calculator | linux/amd64 | 1 | 1,2 | go1.26.8 |",
		"**GOMAXPROCS=2: ns/op as a multiple of the implementation's floor on the same machine, with its 95% CI**",
		"| channels | roundtrip | chan-pingpong | 1.20× [1.20×, 1.20×] | 3.00× [3.00×, 3.00×] |",
		"| statemachine | roundtrip | funccall | 2.50× [2.50×, 2.50×] | – |",
		"> Note: " + b + " (machine 2) lacks 1 benchmark that another file has: Floor funccall (1)",
		"![roundtrip: ns/op as a multiple of its floor, by machine, GOMAXPROCS=2](big/machines-roundtrip.svg)",
	} {
		assert.Contains(t, page, want)
	}
	assert.NotContains(t, page, "describe the same machine")
	assert.Contains(t, warn.String(), "small.txt (machine 2) lacks 1 benchmark")
	assert.FileExists(t, filepath.Join(out.Charts, "machines-roundtrip.png"))
	_, text := pdfText(t, out.PDF)
	assert.Contains(t, text, "Acrossmachines")
}

// TestMachinesSame: two files of one machine (the same cpu, goos, goarch
// and cores) are compared, and the page says they are one machine; a file
// from before rows were recorded has no floors, and the page says so.
func TestMachinesSame(t *testing.T) {
	long(t)
	var warn strings.Builder
	out, err := report.Build(report.Options{Results: "testdata/default.txt", Machines: []string{"testdata/quick.txt"}, OutDir: t.TempDir(), Warn: &warn})
	require.NoError(t, err)
	page := machinesMarkdown(t, out)
	assert.Contains(t, page, "> Note: testdata/default.txt (machine 1) and testdata/quick.txt (machine 2) describe the same machine (Oxide Virtual Turin-like Processor, linux/amd64, 2 cores): their differences are between runs, not machines")
	assert.Contains(t, page, "> Note: testdata/quick.txt does not describe its rows: its floors are not recorded, so machine 2 has no ratios")
	assert.Contains(t, page, "> Note: testdata/quick.txt (machine 2) lacks 121 benchmarks that another file has: Handoff mutexqueue (10), ")
}

// TestMachinesBadFile: a machine's file that is not a results file, or is
// missing, is refused with its name (and line), and nothing is written.
func TestMachinesBadFile(t *testing.T) {
	dir := t.TempDir()
	prose := filepath.Join(dir, "notes.txt")
	require.NoError(t, os.WriteFile(prose, []byte("goos: linux\nMeeting notes, Tuesday\n"), 0o644))
	for _, tc := range []struct{ file, want string }{
		{prose, "machines: " + prose + ":2: not a results file"},
		{filepath.Join(dir, "gone.txt"), "machines: open " + filepath.Join(dir, "gone.txt")},
	} {
		out := t.TempDir()
		_, err := report.Build(report.Options{Results: "testdata/subset.txt", Machines: []string{tc.file}, OutDir: out})
		assert.ErrorContains(t, err, tc.want)
		left, err := os.ReadDir(out)
		require.NoError(t, err)
		assert.Empty(t, left, "outputs left behind after an error")
	}
}

// TestMachinesGolden: the machines page of a report over two real runs of
// the quick profile, trimmed to the rows it draws — this 2-vCPU VM as
// itself (machine-2cores.txt), and again under taskset -c 0
// (machine-1core.txt, cores: 1) — against testdata/machines.md.golden.
func TestMachinesGolden(t *testing.T) {
	t.Parallel()
	var warn strings.Builder
	out, err := report.Build(report.Options{Results: "testdata/machine-2cores.txt", Machines: []string{"testdata/machine-1core.txt"}, OutDir: t.TempDir(), Warn: &warn})
	require.NoError(t, err)
	golden(t, "machines.md.golden", []byte(machinesMarkdown(t, out)))
	assert.NotContains(t, warn.String(), "testdata/machine-1core.txt:", "the trimmed file reads without a warning of its own")
}
