package render

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot/vg"
)

// within runs f and fails the test if it has not returned after d: a
// regression to a cut that never ends fails instead of hanging the suite.
func within(t *testing.T, d time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s did not return in %v", what, d)
	}
}

// TestFitCutsByRunes: a cell wider than its column, in ASCII or in the
// multi-byte runes the report prints (± × µ –), is cut between runes to the
// longest prefix that fits with an ellipsis; one that fits is left alone.
func TestFitCutsByRunes(t *testing.T) {
	f := loadFaces().cell
	for _, s := range []string{
		"results/" + strings.Repeat("a-long-directory/", 20) + "2026-11-28-abc1234.txt",
		strings.Repeat("12.3 ns ± 4% × 2 – 5 µs ", 12),
		strings.Repeat("µ", 40),
		"x",
	} {
		for _, width := range []vg.Length{f.Width(s), f.Width(s) - 1, f.Width(s) / 2, 10, f.Width(ellipsis), 1, -5} {
			var got string
			within(t, 5*time.Second, "fit", func() { got = fit(s, f, width) })
			if f.Width(s) <= width {
				assert.Equal(t, s, got, "a cell that fits is left alone")
				continue
			}
			assert.True(t, utf8.ValidString(got), "cut inside a rune: %q", got)
			prefix, ok := strings.CutSuffix(got, ellipsis)
			if !assert.True(t, ok, "%q does not end in an ellipsis", got) {
				continue
			}
			assert.True(t, strings.HasPrefix(s, prefix), "%q is not a prefix of %q", prefix, s)
			if prefix == "" {
				continue // not even one rune fits: the ellipsis alone
			}
			assert.LessOrEqual(t, f.Width(got), width, "%q is wider than the column", got)
			r, size := utf8.DecodeRuneInString(s[len(prefix):])
			longer := prefix + string(r)
			if size > 0 && strings.TrimSpace(longer) == strings.TrimSpace(prefix) {
				continue // the cut fell after a space, which fit trims
			}
			assert.Greater(t, f.Width(longer+ellipsis), width, "%q fits, yet fit cut to %q", longer+ellipsis, got)
		}
	}
	assert.Equal(t, "", fit("", f, -1))
}

// TestOverlongCellRenders draws a table whose widest column must shrink to
// the page, as a long results path makes the Environment table's: the cut
// used to lengthen the cell on every pass and never return.
func TestOverlongCellRenders(t *testing.T) {
	long := Table{
		Title:  "Environment",
		Header: []string{"", ""},
		Rows: [][]string{
			{"profile", "default: 10 rounds of every benchmark – each ± its interval"},
			{"results", "/home/someone/" + strings.Repeat("a-rather-long-directory-name/", 12) + "2026-11-28-abc1234.txt"},
		},
	}
	within(t, 20*time.Second, "PDF", func() {
		b, err := PDF([]Page{{Title: "cut", Tables: []Table{long}}})
		assert.NoError(t, err)
		assert.NotEmpty(t, b)
	})
}

// TestFitWidths: a table too wide for the page shrinks its widest column
// alone where that suffices and leaves it no narrower than the next, and
// otherwise its widest columns to one width they share, down to
// minColumn: a table with a column more used to shrink one column past
// nothing, and its cells to vanish.
func TestFitWidths(t *testing.T) {
	pt := vg.Points
	cases := []struct {
		name         string
		widths, want []vg.Length
		avail        vg.Length
	}{
		{"fits", []vg.Length{pt(100), pt(50)}, []vg.Length{pt(100), pt(50)}, pt(200)},
		{"the widest alone", []vg.Length{pt(300), pt(50), pt(100)}, []vg.Length{pt(250), pt(50), pt(100)}, pt(400)},
		{"the widest down to the next", []vg.Length{pt(300), pt(50), pt(100)}, []vg.Length{pt(100), pt(50), pt(100)}, pt(250)},
		{"the two widest together", []vg.Length{pt(300), pt(50), pt(200)}, []vg.Length{pt(150), pt(50), pt(150)}, pt(350)},
		{"all of them", []vg.Length{pt(300), pt(100), pt(200)}, []vg.Length{pt(60), pt(60), pt(60)}, pt(180)},
		{"never below the least", []vg.Length{pt(300), pt(100), pt(200)}, []vg.Length{minColumn, minColumn, minColumn}, pt(30)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := slices.Clone(c.widths)
			fitWidths(got, c.avail)
			require.Len(t, got, len(c.want))
			for i := range got {
				assert.InDelta(t, float64(c.want[i]), float64(got[i]), 1e-9, "column %d", i)
			}
		})
	}
}
