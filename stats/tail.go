package stats

import (
	"bytes"
	"io"
)

// A tail passes a file through to benchfmt, counting the newlines it
// ends lines with, so that the last line can be told to be cut: a writer
// that stopped mid-line (a full disk, a killed tee, head -c) leaves a last
// line without its newline, and a cut line can still parse — 3.4 cpu-ns/op
// cut from 3.456 — with a wrong value.
type tail struct {
	r        io.Reader
	newlines int
	last     byte
	read     bool // anything at all
	eof      bool
	foreign  foreign // the first line benchfmt would pass over
}

func (t *tail) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if n > 0 {
		t.newlines += bytes.Count(p[:n], []byte{'\n'})
		t.foreign.feed(p[:n])
		t.last = p[n-1]
		t.read = true
	}
	if err == io.EOF {
		t.eof = true
		t.foreign.end()
	}
	return n, err
}

// cutLine is the number of the file's last line if it has no newline at
// its end, or 0. benchfmt's scanner returns such a line only after it has
// read to the end of the file, so a record of that line finds it known.
func (t *tail) cutLine() int {
	if !t.eof || !t.read || t.last == '\n' {
		return 0
	}
	return t.newlines + 1
}
