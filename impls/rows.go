package impls

import "github.com/handoffbench/handoff/internal/rows"

// Rows describes the registry's implementations as a results file records
// them, in the order of All. Module is the module's path alone: the
// command that writes the file adds the version it was built with.
func Rows() []rows.Row {
	out := make([]rows.Row, len(All))
	for i, im := range All {
		t := im.Traits
		out[i] = rows.Row{
			Name:           im.Name,
			Kind:           rows.Implementation,
			Summary:        im.Summary,
			Sync:           im.Sync,
			Wait:           im.Wait,
			Traits:         &t,
			RoundtripFloor: im.RoundtripFloor,
			StreamFloor:    im.StreamFloor,
			Module:         im.Module,
		}
	}
	return out
}
