package fail

import "testing"

func BenchmarkHandoff(b *testing.B) {
	b.Run("impl=a/mode=roundtrip/cap=0/payload=8B/work=0", func(b *testing.B) {})
	b.Run("impl=b/mode=roundtrip/cap=0/payload=8B/work=0", func(b *testing.B) {
		b.Fatal("handler saw 9 items; 10 were handed over: items lost")
	})
}
