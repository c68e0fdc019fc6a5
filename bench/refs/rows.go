package refs

import (
	"slices"
	"strings"

	"github.com/handoffbench/handoff/internal/rows"
)

// Language names what runs the row: "CPython" or "C".
func (r Ref) Language() string {
	if r.Tool == "python3" {
		return "CPython"
	}
	return "C"
}

// Rows describes the reference rows as a results file records them, one
// per name in the order of All: a name measured in several modes
// (python-asyncio) has one row, its summary each mode's, "mode: doc", in
// turn.
func Rows() []rows.Row {
	var out []rows.Row
	docs := map[string][]string{}
	for _, r := range All {
		docs[r.Name] = append(docs[r.Name], r.Mode+": "+r.Doc)
		if slices.ContainsFunc(out, func(o rows.Row) bool { return o.Name == r.Name }) {
			continue
		}
		out = append(out, rows.Row{Name: r.Name, Kind: rows.Reference, Summary: r.Doc, Beside: r.Beside, Language: r.Language()})
	}
	for i, r := range out {
		if len(docs[r.Name]) > 1 {
			out[i].Summary = strings.Join(docs[r.Name], "; ")
		}
	}
	return out
}
