package stats

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// A foreign line is one that benchfmt reads as none of a result, a Unit
// line or a key: value line, and so passes over in silence. A file of
// results may hold some (go test's PASS and ok lines); a file with no
// results at all is named by its first, which says what the file is
// instead.
type foreign struct {
	line int    // its number, from 1; 0 while none is found
	text string // its start
	cur  []byte // the line being read, up to its newline
	n    int    // lines completed
}

// feed takes the next bytes of the file.
func (f *foreign) feed(p []byte) {
	for len(p) > 0 && f.line == 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			f.cur = append(f.cur, p...)
			return
		}
		f.cur = append(f.cur, p[:i]...)
		p = p[i+1:]
		f.n++
		f.check(f.n)
		f.cur = f.cur[:0]
	}
}

// end takes the last line, if it has no newline.
func (f *foreign) end() {
	if f.line == 0 && len(f.cur) > 0 {
		f.check(f.n + 1)
	}
}

func (f *foreign) check(n int) {
	line := bytes.TrimRight(f.cur, "\r")
	switch {
	case len(bytes.TrimSpace(line)) == 0, bytes.HasPrefix(line, []byte("Benchmark")), bytes.HasPrefix(line, []byte("Unit ")), keyValue(line):
		return
	}
	f.line = n
	f.text = string(line)
	if r := []rune(f.text); len(r) > 60 {
		f.text = string(r[:60]) + "…"
	}
}

// keyValue says whether line is a configuration line as benchfmt reads
// one: a key that starts with a lower-case letter and holds no space and
// no upper case, a colon, then nothing or a space or tab.
func keyValue(line []byte) bool {
	for i := 0; i < len(line); {
		r, n := utf8.DecodeRune(line[i:])
		switch {
		case i == 0 && !unicode.IsLower(r), unicode.IsSpace(r), unicode.IsUpper(r):
			return false
		case i > 0 && r == ':':
			rest := line[i+1:]
			return len(rest) == 0 || rest[0] == ' ' || rest[0] == '\t'
		}
		i += n
	}
	return false
}
