package report_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot/cmpimg"
	"rsc.io/pdf"

	"github.com/handoffbench/handoff/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata from the current output")

// build reports on a testdata results file into a fresh directory.
func build(t *testing.T, results, base string) (report.Outputs, string) {
	t.Helper()
	var warn bytes.Buffer
	out, err := report.Build(report.Options{Results: results, Base: base, OutDir: t.TempDir(), Warn: &warn})
	require.NoError(t, err)
	return out, warn.String()
}

// long skips a test under -short (make test): it renders the whole report
// again on a variant of the input, which under -race takes seconds each;
// make test-long runs it.
func long(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("renders the whole report again: make test-long runs it")
	}
}

// shared holds the one report on testdata/default.txt that several tests
// read, rendered once per test binary.
var shared struct {
	once sync.Once
	dir  string
	out  report.Outputs
	warn string
	err  error
}

// defaultReport is the report on testdata/default.txt, rendered once.
func defaultReport(t *testing.T) (report.Outputs, string) {
	t.Helper()
	shared.once.Do(func() {
		if shared.dir, shared.err = os.MkdirTemp("", "report-test-"); shared.err != nil {
			return
		}
		var warn bytes.Buffer
		shared.out, shared.err = report.Build(report.Options{Results: "testdata/default.txt", OutDir: shared.dir, Warn: &warn})
		shared.warn = warn.String()
	})
	require.NoError(t, shared.err)
	return shared.out, shared.warn
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./report -update to create it")
	assert.Equal(t, string(want), string(got), "%s differs; if the change is meant, go test ./report -update", path)
}

func TestMarkdownGolden(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"default", "quick"} {
		t.Run(name, func(t *testing.T) {
			out, _ := defaultReport(t)
			if name != "default" {
				long(t) // the default run has every page the quick one has
				out, _ = build(t, "testdata/"+name+".txt", "")
			}
			md, err := os.ReadFile(out.Markdown)
			require.NoError(t, err)
			golden(t, name+".md.golden", md)
		})
	}
}

// TestChartsGolden checks two charts pixel by pixel (within a tolerance),
// as gonum/plot checks its own.
func TestChartsGolden(t *testing.T) {
	t.Parallel()
	out, _ := defaultReport(t)
	for _, stem := range []string{"cost-roundtrip", "capacity-p2", "tradeoff", "spread-roundtrip-p2"} {
		goldenChart(t, out.Charts, stem)
	}
}

// goldenChart compares the chart stem's PNG in charts with
// testdata/golden-<stem>.png pixel by pixel (within a tolerance), or
// rewrites it with -update.
func goldenChart(t *testing.T, charts, stem string) {
	t.Helper()
	got, err := os.ReadFile(filepath.Join(charts, stem+".png"))
	require.NoError(t, err)
	path := filepath.Join("testdata", "golden-"+stem+".png")
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	ok, err := cmpimg.EqualApprox("png", got, want, 0.01)
	require.NoError(t, err)
	assert.True(t, ok, "%s differs from %s", stem, path)
}

// section is the Markdown of the page titled title: from its heading to
// the next page's, or to the end for the last page.
func section(t *testing.T, md, title string) string {
	t.Helper()
	i := strings.Index(md, "## "+title)
	require.GreaterOrEqual(t, i, 0, "the page %q is there", title)
	page := md[i:]
	if next := strings.Index(page[3:], "\n## "); next >= 0 {
		return page[:next+3]
	}
	return page
}

func TestEveryChartInBothFormats(t *testing.T) {
	out, _ := defaultReport(t)
	entries, err := os.ReadDir(out.Charts)
	require.NoError(t, err)
	byFormat := map[string]int{}
	for _, e := range entries {
		byFormat[filepath.Ext(e.Name())]++
		info, err := e.Info()
		require.NoError(t, err)
		assert.Positive(t, info.Size(), e.Name())
	}
	assert.Equal(t, byFormat[".svg"], byFormat[".png"])
	assert.GreaterOrEqual(t, byFormat[".svg"], 12, "every chart of every page: %v", entries)
}

// pdfText opens the PDF and returns its page count and its text without
// spaces (the PDF places words, not spaces).
func pdfText(t *testing.T, path string) (int, string) {
	t.Helper()
	r, err := pdf.Open(path)
	require.NoError(t, err, "the PDF does not parse")
	var b strings.Builder
	for i := 1; i <= r.NumPage(); i++ {
		for _, tx := range r.Page(i).Content().Text {
			b.WriteString(tx.S)
		}
	}
	return r.NumPage(), b.String()
}

// pageText is the text of page i (from 1) of the PDF, without spaces.
func pageText(t *testing.T, path string, i int) string {
	t.Helper()
	r, err := pdf.Open(path)
	require.NoError(t, err, "the PDF does not parse")
	var b strings.Builder
	for _, tx := range r.Page(i).Content().Text {
		b.WriteString(tx.S)
	}
	return b.String()
}

func TestPDFStructure(t *testing.T) {
	t.Parallel()
	out, warn := defaultReport(t)
	// testdata/default.txt predates the Load and Pipeline benchmarks: its
	// warnings are that their pages have no data.
	assert.Equal(t, "report: warning: Under load: no Load results: a file from before the Load benchmark, or a selection without it\n"+
		"report: warning: When crossing threads pays: no Pipeline results: a file from before the Pipeline benchmark, or a selection without it\n", warn)
	r, err := pdf.Open(out.PDF)
	require.NoError(t, err, "the PDF does not parse")
	pages := r.NumPage()
	assert.True(t, strings.HasPrefix(pageText(t, out.PDF, 1), "Whichhandofftouse"), "page 1 is the answer")
	assert.Contains(t, pageText(t, out.PDF, 1), "undecided", "page 1 holds the decision table")
	assert.True(t, strings.HasPrefix(pageText(t, out.PDF, pages), "Appendix:environmentandmethod"), "the environment is last")
	long(t) // reading every page's text under -race takes seconds
	_, text := pdfText(t, out.PDF)
	for _, want := range []string{"mutexqueue", "channels", "statemachine", "iterpull", "Headline", "Findings",
		"Lockedvslock-free", "±", "×", "GOMAXPROCS=2", "OxideVirtualTurin-likeProcessor", "Roundbyround:theheadlinerows"} {
		assert.Contains(t, text, want)
	}
	assert.NotContains(t, text, "Â", "text not encoded as cp1252")
}

// TestComparisonPage: make test compares a small subset with itself, make
// test-long the default run with the quick one, and the quick one with
// itself.
func TestComparisonPage(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		comparisonPage(t, "testdata/subset.txt", "testdata/subset.txt")
		return
	}
	t.Run("default against quick", func(t *testing.T) { comparisonPage(t, "testdata/default.txt", "testdata/quick.txt") })
	t.Run("quick against itself", func(t *testing.T) {
		md := comparisonPage(t, "testdata/quick.txt", "testdata/quick.txt")
		assert.Contains(t, md, "The 15 largest other changes", "a run against itself still shows how close it came")
	})
}

// comparisonPage checks the comparison page of results against base, and
// returns the Markdown.
func comparisonPage(t *testing.T, results, base string) string {
	out, _ := build(t, results, base)
	r, err := pdf.Open(out.PDF)
	require.NoError(t, err, "the PDF does not parse")
	pages := r.NumPage()
	assert.Contains(t, pageText(t, out.PDF, pages), "Appendix", "the appendix stays last")
	if !testing.Short() {
		_, text := pdfText(t, out.PDF)
		assert.Contains(t, text, "Comparisonwiththebaseline")
	}
	md, err := os.ReadFile(out.Markdown)
	require.NoError(t, err)
	assert.Contains(t, string(md), "Comparison with the baseline")
	assert.Contains(t, string(md), "Holm")
	assert.Contains(t, string(md), "| verdict |")

	// The counts add up, and the largest changes are listed even when
	// nothing changed.
	m := regexp.MustCompile(`(\d+) comparisons [^:]*: (\d+) regressions \+ (\d+) improvements \+ (\d+) inconclusive \+ (\d+) unchanged = (\d+)\.`).FindStringSubmatch(string(md))
	require.NotNil(t, m, "the count line")
	n := func(i int) int { v, err := strconv.Atoi(m[i]); require.NoError(t, err); return v }
	assert.Equal(t, n(1), n(2)+n(3)+n(4)+n(5))
	assert.Equal(t, n(1), n(6))
	assert.Contains(t, string(md), "largest other changes")
	return string(md)
}

func TestPartialDataWarns(t *testing.T) {
	long(t)
	out, warn := build(t, "testdata/quick.txt", "")
	assert.Contains(t, warn, "report: warning: Payload and work:")
	md, err := os.ReadFile(out.Markdown)
	require.NoError(t, err)
	assert.Contains(t, string(md), "Pages left out, for want of data in this run: ")
	assert.Contains(t, string(md), "Payload and work (no data for \"roundtrip: ns per op by payload, GOMAXPROCS=1\"")
	assert.NotContains(t, string(md), "## Payload and work", "a page of charts none of which has data is left out")
	assert.Contains(t, string(md), "> Note: no latency at capacity 256 result at GOMAXPROCS=2 for mutexqueue, mutexqueue-spin, channels")
	pages, _ := pdfText(t, out.PDF)
	assert.GreaterOrEqual(t, pages, 8, "every page is there, notes and all")
}

// TestBadInput: every bad input is an error that names the file (and line
// where there is one), and leaves no PDF, Markdown or chart behind.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return p
	}
	onlyLatency := "BenchmarkHandoff/impl=a/mode=roundtrip/cap=0/payload=8B/work=0 10 5 ns/op\nBenchmarkLatency/impl=b/mode=stream/cap=16 10 5 ns/op\n"
	cases := []struct {
		name, results, base, want string
	}{
		{"missing file", filepath.Join(dir, "nosuch.txt"), "", "nosuch.txt: no such file"},
		{"empty file", write("empty.txt", ""), "", "empty.txt: no benchmark results"},
		{"not benchmark format", write("prose.txt", "Hello.\nThis is not a results file.\n"), "", "prose.txt:1: not a results file"},
		{"malformed line", write("bad.txt", "BenchmarkHandoff/impl=a 10 five ns/op\n"), "", "bad.txt:1:"},
		{"implementation without Handoff results", write("cut.txt", onlyLatency), "", "cut.txt: [b] have results but no Handoff benchmark"},
		{"bad baseline", "testdata/quick.txt", write("base.txt", "nothing here\n"), "baseline: " + filepath.Join(dir, "base.txt") + ":1: not a results file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			_, err := report.Build(report.Options{Results: tc.results, Base: tc.base, OutDir: out})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			left, err := os.ReadDir(out)
			require.NoError(t, err)
			assert.Empty(t, left, "outputs left behind after an error")
		})
	}
}

func TestTrendPage(t *testing.T) {
	long(t)
	data, err := os.ReadFile("testdata/default.txt")
	require.NoError(t, err)
	earlier := filepath.Join(t.TempDir(), "earlier.txt")
	text := strings.Replace(strings.Replace(string(data), "commit: 765f85d", "commit: 1234abc", 1), "date: 2026-11-28", "date: 2026-11-20", 1)
	require.NoError(t, os.WriteFile(earlier, []byte(text), 0o644))
	var warn bytes.Buffer
	out, err := report.Build(report.Options{Results: "testdata/default.txt", OutDir: t.TempDir(), Warn: &warn,
		History: []string{earlier, "testdata/quick.txt", "testdata/default.txt", "testdata/no-such-file.txt"}})
	require.NoError(t, err)
	_, pdfText := pdfText(t, out.PDF)
	assert.Contains(t, pdfText, "Trendacrosscommits")
	assert.Contains(t, pdfText, "2runs", "the quick profile's run is left out of a default profile's trend")
	assert.Contains(t, warn.String(), "no-such-file.txt", "a history file that does not load is named")
	for _, stem := range []string{"trend-roundtrip", "trend-stream256"} {
		assert.FileExists(t, filepath.Join(out.Charts, stem+".svg"))
	}
}

// TestAnySubsetReports builds the report on slices of a full run — one
// implementation, one mode, one capacity, one GOMAXPROCS, no floors — as a
// user's IMPLS= or RUN= makes them (the runner writes Unit lines only for
// units some result reports). Each must report, noting what it lacks, and
// never panic; a slice where an implementation has latency results but no
// Handoff benchmark is refused.
func TestAnySubsetReports(t *testing.T) {
	long(t)
	data, err := os.ReadFile("testdata/default.txt")
	require.NoError(t, err)
	lines := strings.Split(string(data), "\n")
	for _, tc := range []struct {
		keep    string
		refused bool
	}{
		{"impl=channels/", false}, {"impl=statemachine/", false}, {"mode=roundtrip", false},
		{"mode=stream/cap=16/", false}, {"mode=stream/cap=256/", false}, {"payload=8B/work=0-2", false},
		{"work=0 ", false}, {"Handoff|Floor", false}, {"Handoff/.*cap=0/", false},
		{"Latency|Contention|Handoff/impl=mutexqueue/mode=roundtrip", true},
	} {
		t.Run(tc.keep, func(t *testing.T) {
			re := regexp.MustCompile(tc.keep)
			var bench []string
			for _, l := range lines {
				if strings.HasPrefix(l, "Benchmark") && re.MatchString(l) {
					bench = append(bench, l)
				}
			}
			var b strings.Builder
			for _, l := range lines {
				unit, isUnit := strings.CutPrefix(l, "Unit ")
				switch {
				case isUnit:
					unit, _, _ = strings.Cut(unit, " ")
					if strings.Contains(strings.Join(bench, "\n"), " "+unit) {
						b.WriteString(l + "\n")
					}
				case !strings.HasPrefix(l, "Benchmark"):
					b.WriteString(l + "\n")
				}
			}
			b.WriteString(strings.Join(bench, "\n") + "\n")
			dir := t.TempDir()
			path := filepath.Join(dir, "subset.txt")
			require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
			out, err := report.Build(report.Options{Results: path, OutDir: dir})
			if tc.refused {
				assert.ErrorContains(t, err, "no Handoff benchmark")
				return
			}
			require.NoError(t, err)
			assert.FileExists(t, out.PDF)
		})
	}
}
