# The two commands a newcomer needs: `make bench` and `make test`.
# Everything else is reachable from `make help`.

GO ?= go

.PHONY: test test-long lint example
test: lint example ## go vet, a gofmt check, a go.mod tidy check and the fast tests (-short) under the race detector, and the example module's: under a minute warm
	$(GO) test -race -short -p 4 ./...

# The example of a row from another module (examples/byo, its own go.mod
# with a replace of this one): vet and its conformance test under the race
# detector. test-long also runs handoff bench -pkg on it (TestBringYourOwn).
example:
	cd examples/byo && $(GO) vet ./... && $(GO) test -race -short ./...

# FUZZTIME is how long test-long fuzzes the report on mutated results files.
# It starts from the seeds and the committed inputs (report/testdata/fuzz)
# each time: the inputs an earlier fuzzing run cached would take the whole
# minute to replay, for want of which the fuzzer would try nothing new.
# make fuzz-report keeps its cache, for long runs by hand.
FUZZTIME ?= 60s
FUZZFLAGS = -run '^$$' -fuzz '^FuzzReport$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 1x ./report
test-long: lint ## every test under the race detector, the long proofs and full-report renders too, then FUZZTIME (60s) of fuzzing the report from its seeds (CI runs it)
	$(GO) test -race ./...
	rm -rf "$$($(GO) env GOCACHE)/fuzz/github.com/handoffbench/handoff/report/FuzzReport"
	$(GO) test $(FUZZFLAGS)

.PHONY: fuzz-report
fuzz-report: ## fuzz the report for FUZZTIME (60s), going on from what earlier runs cached; make fuzz-report FUZZTIME=10m
	$(GO) test $(FUZZFLAGS)

lint: tidy-check
	$(GO) vet ./...
	@out=$$(gofmt -l .); \
	if [ -n "$$out" ]; then echo "gofmt would change these files:"; echo "$$out"; exit 1; fi

# go mod tidy -diff prints the diff on stdout and fails when go.mod or go.sum
# is not tidy; it also fails, printing nothing there, when it cannot run
# (no network for a missing module): the message tells the two apart.
.PHONY: tidy-check
tidy-check: ## check that go.mod and go.sum are tidy (a direct dependency marked indirect fails it)
	@out=$$($(GO) mod tidy -diff) || { \
		if [ -n "$$out" ]; then echo "go.mod or go.sum is not tidy: run go mod tidy and commit the change; it would make these:"; echo "$$out"; \
		else echo "go mod tidy -diff could not check go.mod (its error is above)"; fi; \
		exit 1; }

# Variables that narrow a bench run: PKG (the benchmark package's directory,
# ./bench by default; another module's, to measure its rows beside ours),
# PROFILE (quick, default, full), IMPLS
# (comma-separated implementations and floors), RUN (a regular expression
# over benchmark names), ROUNDS, BENCHTIME, HISTORY (results kept for the
# trend page), TOOLCHAINS (Go releases measured side by side as arms, e.g.
# go1.26.8,go1.27.3), COUNTS=1 (instructions/op under Valgrind beside ns/op,
# for the benchmarks that count steadily); make regress takes REGRESS_PROFILE,
# BUDGET, ROUNDS (its cap) and COUNTS=1 (gate those on their counts).
PROFILE ?= default
REGRESS_PROFILE ?= quick
BENCHFLAGS = -profile=$(PROFILE) $(if $(PKG),-pkg=$(PKG)) $(if $(IMPLS),-impls=$(IMPLS)) $(if $(RUN),-run='$(RUN)') \
	$(if $(ROUNDS),-rounds=$(ROUNDS)) $(if $(BENCHTIME),-benchtime=$(BENCHTIME)) $(if $(HISTORY),-history=$(HISTORY)) \
	$(if $(TOOLCHAINS),-toolchains=$(TOOLCHAINS)) $(if $(COUNTS),-counts)

.PHONY: bench bench-quick bench-full
bench: ## run the benchmarks (default profile, about 7 minutes on 2 cores: 7:18 with the Load benchmark) into results/
	$(GO) run ./cmd/handoff bench $(BENCHFLAGS)

bench-quick: ## a smoke run of every benchmark kind, in under a minute
	@$(MAKE) --no-print-directory bench PROFILE=quick

bench-full: ## the whole matrix
	@$(MAKE) --no-print-directory bench PROFILE=full

.PHONY: bench-refs
bench-refs: ## the seed's own systems alone (CPython generator and asyncio, C ucontext and protothread)
	$(GO) run ./cmd/handoff bench -refs-only -profile=$(PROFILE) $(if $(ROUNDS),-rounds=$(ROUNDS)) $(if $(BENCHTIME),-benchtime=$(BENCHTIME))

.PHONY: report
report: ## rebuild the PDF, charts and Markdown from RESULTS=<file>; BASE=<file> adds a comparison page; RESULTS="a.txt b.txt …", one file per machine, adds a page comparing the machines
	$(GO) run ./cmd/handoff report -results='$(RESULTS)' $(if $(BASE),-base='$(BASE)')

# compare and regress run the built command rather than `go run`, which
# reports every failing exit as 1: the gate exits 0 (no regression),
# 1 (a regression) or 2 (undecided), and make fails on 1 and 2 alike, its
# "Error 1" or "Error 2" line naming which (make's own status is 2 for any
# failure). BUDGET is regress's wall-time budget (default 10m).
GATEFLAGS = $(if $(FORMAT),-format=$(FORMAT))
# gate runs handoff with the given arguments from a fresh build, and exits
# with its code.
gate = dir=$$(mktemp -d) && $(GO) build -o $$dir/handoff ./cmd/handoff && { $$dir/handoff $(1); code=$$?; rm -rf $$dir; exit $$code; }

.PHONY: compare
compare: ## the regression gate: OLD=<file> NEW=<file>; paired if both are one regress run's; exit 1 regression, 2 undecided
	@$(call gate,compare -old='$(OLD)' -new='$(NEW)' $(GATEFLAGS))

.PHONY: regress
regress: ## build BASE=<git ref> and the working tree, run them interleaved, look every 10 rounds up to 60 or BUDGET, gate
	@$(call gate,regress -base='$(BASE)' -profile=$(REGRESS_PROFILE) $(if $(PKG),-pkg=$(PKG)) \
		$(if $(IMPLS),-impls=$(IMPLS)) $(if $(RUN),-run='$(RUN)') $(if $(ROUNDS),-rounds=$(ROUNDS)) \
		$(if $(BUDGET),-budget=$(BUDGET)) $(if $(BENCHTIME),-benchtime=$(BENCHTIME)) $(if $(COUNTS),-counts) $(GATEFLAGS))

.PHONY: gate-proof
gate-proof: ## the gate on real runs: regress PROOF_RUNS times (20) on commits slowing channels by 0, 5, 10, 20%; about 20 minutes (COUNTS=1: on instruction counts, statemachine lengthened by 0, 1, 2%; about 20 minutes)
	@$(call gate,gate-proof -runs=$(or $(PROOF_RUNS),20) $(if $(BUDGET),-budget=$(BUDGET)) $(if $(PROOF_LEVELS),-levels=$(PROOF_LEVELS)) $(if $(COUNTS),-counts))

.PHONY: noise
noise: ## the noise study (docs/noise.md): variants side by side on IMPLS and RUN (default: the int roundtrip of channels, mutexqueue, statemachine and two floors); ROUNDS (20)
	$(GO) run ./cmd/handoff noise $(if $(IMPLS),-impls='$(IMPLS)') $(if $(RUN),-run='$(RUN)') $(if $(ROUNDS),-rounds=$(ROUNDS)) $(if $(VARIANTS),-variants='$(VARIANTS)')

.PHONY: help
help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'
