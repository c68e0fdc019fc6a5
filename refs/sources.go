// Package refs holds the seed's own systems as the programs that measure
// them — CPython's generator and asyncio, C's ucontext and a
// Protothreads-style consumer — embedded, so that the handoff command
// carries them wherever it runs, inside this module or outside it (package
// bench/refs writes them out, compiles and runs them).
package refs

import (
	"embed"
	"io/fs"
)

// Sources are the programs and the header they share, at the root of the
// file system. They live in src/, where the go command does not take the C
// files for cgo.
var Sources = sub(files, "src")

//go:embed src
var files embed.FS

func sub(f fs.FS, dir string) fs.FS {
	s, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // dir is embedded above
	}
	return s
}
