//go:build !race

package handofftest_test

// raceDetector says whether the race detector is on.
const raceDetector = false
