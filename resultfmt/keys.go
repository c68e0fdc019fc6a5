package resultfmt

// The configuration keys of a run, above every result of its file. Go's
// own (goos, goarch, pkg, cpu) the benchmark binary prints.
const (
	KeyGo          = "go"           // the go command's version the benchmarks were built with
	KeyCommit      = "commit"       // the short commit of the tree, or "unknown"
	KeyDirty       = "dirty"        // "true" when the tree had uncommitted changes
	KeyDate        = "date"         // when the run began, RFC 3339, UTC
	KeyProfile     = "profile"      // quick, default or full
	KeyBenchtime   = "benchtime"    // -test.benchtime of each run
	KeyIterations  = "iterations"   // "fixed" (the first run's b.N repeated) or "ramped"
	KeyCPUAffinity = "cpu-affinity" // "first-gomaxprocs-cpus" (taskset) or "none"
	KeyRounds      = "rounds"       // rounds run (the most any benchmark ran, in a sequential run)
	KeyOrderSeed   = "order-seed"   // the seed of the per-round shuffles
	KeyGOMAXPROCS  = "gomaxprocs"   // the GOMAXPROCS values measured, comma-separated
	KeyCores       = "cores"        // runtime.NumCPU of the run, which an affinity mask lowers
	KeyToolchain   = "toolchain"    // the GOTOOLCHAIN of an arm of several Go releases
	KeySequential  = "sequential"   // "true": rounds were added to undecided benchmarks alone (regress)
	KeyToolPrefix  = "tool-"        // tool-<name>: a reference row's tool and its version
	KeyCounts      = "counts"       // how instructions/op was counted, in a run that counted them
)

// RowsFlag names the flag with which a benchmark binary that calls
// bench.Main describes its rows instead of running anything: the
// configuration lines of this package's scheme, one key: value a line,
// which the runner records in the results file. The runner asks every
// binary it runs, so that a results file describes the rows of the binary
// that measured them.
const RowsFlag = "handoff.rows"

// KeyCountRepeat, on the line before a result, marks it as an instruction
// count rather than a timed run: its repeat (1 first) among the counts of
// its benchmark. A count has the unit InstructionsUnit alone, a value of at
// least 0, and no round.
const KeyCountRepeat = "count-repeat"

// InstructionsUnit is the unit of an instruction count: instructions
// executed per op, as Valgrind counts them.
const InstructionsUnit = "instructions/op"

// The keys that say where each result ran, on the line before it: its
// round (1 first), and its arm's position among the arms run back to back
// for its benchmark in that round (1 first). Tools that pivot on the other
// keys ignore them: benchstat -ignore round,arm-position.
const (
	KeyRound       = "round"
	KeyArmPosition = "arm-position"
)

// PositionKeys are the keys that place a result within its run: a timed
// result's round and arm position, a count's repeat. Tools that pivot on
// the other keys ignore them.
var PositionKeys = []string{KeyRound, KeyArmPosition, KeyCountRepeat}
