// Package plotters holds the report's own gonum plot.Plotter
// implementations, one a file, and the axis and tick helpers they and the
// report's charts share. Each plotter draws only within the plot's axes,
// whatever its values: a value past an axis is held to its edge, and one an
// axis cannot hold (NaN, or on a log axis at or below zero) is left out, so
// that no data a results file may hold makes a chart panic or hang.
package plotters
