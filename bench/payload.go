package bench

import "unsafe"

// Struct64 is the 64-byte payload, copied by value at every handoff.
type Struct64 struct{ A [8]int64 }

// ringSize is how many distinct items a run cycles through: far more than
// any capacity, so a pointer item is never in flight twice. A power of
// two, so that the loop picks an item with a mask.
const ringSize = 4096

// The payloads as rings of items made before the timed loop, so that making
// an item costs the producer one load, the same for every payload.
func intRing() []int {
	r := make([]int, ringSize)
	for i := range r {
		r[i] = i + 1
	}
	return r
}

func structRing() []Struct64 {
	r := make([]Struct64, ringSize)
	for i := range r {
		for j := range r[i].A {
			r[i].A[j] = int64(i*8 + j + 1)
		}
	}
	return r
}

func ptrRing() []*Struct64 {
	structs := structRing()
	r := make([]*Struct64, ringSize)
	for i := range r {
		r[i] = &structs[i]
	}
	return r
}

// key is what the checksums sum: an item's first and last machine words —
// an int's value twice, both ends of the struct (so a half-copied one does
// not add up), a pointer's address twice. It compiles to two loads for
// every payload, where a method of a type parameter would be a call.
func key[T any](v T) uint64 {
	p := unsafe.Pointer(&v)
	last := unsafe.Sizeof(v) - 8
	return *(*uint64)(p) + *(*uint64)(unsafe.Add(p, last))
}
