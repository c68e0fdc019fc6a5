package pass

import "testing"

func BenchmarkHandoff(b *testing.B) {
	for _, name := range []string{"impl=a/mode=roundtrip/cap=0/payload=8B/work=0", "impl=b/mode=roundtrip/cap=0/payload=8B/work=0"} {
		b.Run(name, func(b *testing.B) {
			x := 0
			for i := range b.N {
				x += i
			}
			b.ReportMetric(1, "cpu-ns/op")
		})
	}
}

func BenchmarkLoad(b *testing.B) {
	b.Run("impl=a/mode=roundtrip/cap=0/load=procs", func(b *testing.B) {
		x := 0
		for i := range b.N {
			x += i
		}
		b.ReportMetric(1, "cpu-ns/op")
	})
}
