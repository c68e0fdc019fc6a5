package refs

import (
	"slices"
	"strings"

	"github.com/handoffbench/handoff/resultfmt"
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
func Rows() []resultfmt.Row {
	var out []resultfmt.Row
	docs := map[string][]string{}
	for _, r := range All {
		docs[r.Name] = append(docs[r.Name], r.Mode+": "+r.Doc)
		if slices.ContainsFunc(out, func(o resultfmt.Row) bool { return o.Name == r.Name }) {
			continue
		}
		out = append(out, resultfmt.Row{Name: r.Name, Kind: resultfmt.Reference, Summary: r.Doc, Beside: r.Beside, Language: r.Language()})
	}
	for i, r := range out {
		if len(docs[r.Name]) > 1 {
			out[i].Summary = strings.Join(docs[r.Name], "; ")
		}
	}
	return out
}
