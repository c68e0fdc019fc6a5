package runner

import (
	"slices"
	"strconv"

	"golang.org/x/perf/benchfmt"

	"github.com/handoffbench/handoff/resultfmt"
)

// tag records round and position on every result, as file configuration
// lines before it (resultfmt.KeyRound, resultfmt.KeyArmPosition), so that
// benchfmt reads them as that result's configuration and an analysis can
// pair the arms round by round instead of trusting the file's order.
// benchstat reads them too, and would split its tables by them: give it
// -ignore round,arm-position (the README's command does).
func tag(rs []*benchfmt.Result, round, position int) []*benchfmt.Result {
	for _, r := range rs {
		setFileConfig(r, resultfmt.KeyRound, strconv.Itoa(round))
		setFileConfig(r, resultfmt.KeyArmPosition, strconv.Itoa(position))
	}
	return rs
}

// setFileConfig sets key as a file configuration line of r. benchfmt's
// SetConfig would mark it internal, and Write would drop it.
func setFileConfig(r *benchfmt.Result, key, value string) {
	if i, ok := r.ConfigIndex(key); ok {
		r.Config[i] = benchfmt.Config{Key: key, Value: []byte(value), File: true}
		return
	}
	r.Config = append(r.Config, benchfmt.Config{Key: key, Value: []byte(value), File: true})
	// r's key index is now stale; a clone rebuilds it from Config on first
	// use.
	*r = *r.Clone()
}

// Position is the round and arm position r records, or ok false for a
// result from a file written before they were recorded.
func Position(r *benchfmt.Result) (round, position int, ok bool) {
	round, err1 := strconv.Atoi(r.GetConfig(resultfmt.KeyRound))
	position, err2 := strconv.Atoi(r.GetConfig(resultfmt.KeyArmPosition))
	return round, position, err1 == nil && err2 == nil
}

// WithoutPosition is cfg without the position keys: the configuration a
// result's run shares with every other, e.g. the host a reference row
// borrows from a Go result.
func WithoutPosition(cfg []benchfmt.Config) []benchfmt.Config {
	return slices.DeleteFunc(slices.Clone(cfg), func(c benchfmt.Config) bool { return slices.Contains(resultfmt.PositionKeys, c.Key) })
}

// CopyPosition records src's round and arm position on dst, if src has
// them.
func CopyPosition(dst, src *benchfmt.Result) *benchfmt.Result {
	if round, pos, ok := Position(src); ok {
		tag([]*benchfmt.Result{dst}, round, pos)
	}
	return dst
}
