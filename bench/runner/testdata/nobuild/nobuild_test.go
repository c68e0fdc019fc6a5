package nobuild

import "testing"

var notAnInt int = "this package does not compile"

func BenchmarkHandoff(b *testing.B) {}
