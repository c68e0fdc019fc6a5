# The two commands a newcomer needs: `make bench` and `make test`.
# Everything else is reachable from `make help`.

GO ?= go

.PHONY: test
test: tidy-check ## go vet, a gofmt check, a go.mod tidy check and every test under the race detector
	$(GO) vet ./...
	@out=$$(gofmt -l .); \
	if [ -n "$$out" ]; then echo "gofmt would change these files:"; echo "$$out"; exit 1; fi
	$(GO) test -race ./...

# go mod tidy -diff prints the diff on stdout and fails when go.mod or go.sum
# is not tidy; it also fails, printing nothing there, when it cannot run
# (no network for a missing module): the message tells the two apart.
.PHONY: tidy-check
tidy-check: ## check that go.mod and go.sum are tidy (a direct dependency marked indirect fails it)
	@out=$$($(GO) mod tidy -diff) || { \
		if [ -n "$$out" ]; then echo "go.mod or go.sum is not tidy: run go mod tidy and commit the change; it would make these:"; echo "$$out"; \
		else echo "go mod tidy -diff could not check go.mod (its error is above)"; fi; \
		exit 1; }

# Variables that narrow a bench run: PROFILE (quick, default, full), IMPLS
# (comma-separated implementations and floors), RUN (a regular expression
# over benchmark names), ROUNDS, BENCHTIME, HISTORY (results kept for the
# trend page); make regress takes REGRESS_PROFILE.
PROFILE ?= default
REGRESS_PROFILE ?= quick
BENCHFLAGS = -profile=$(PROFILE) $(if $(IMPLS),-impls=$(IMPLS)) $(if $(RUN),-run='$(RUN)') \
	$(if $(ROUNDS),-rounds=$(ROUNDS)) $(if $(BENCHTIME),-benchtime=$(BENCHTIME)) $(if $(HISTORY),-history=$(HISTORY))

.PHONY: bench bench-quick bench-full
bench: ## run the benchmarks (default profile, at most 6 minutes on 2 cores) into results/
	$(GO) run ./cmd/handoff bench $(BENCHFLAGS)

bench-quick: ## a smoke run of every benchmark kind, in under a minute
	@$(MAKE) --no-print-directory bench PROFILE=quick

bench-full: ## the whole matrix
	@$(MAKE) --no-print-directory bench PROFILE=full

.PHONY: bench-refs
bench-refs: ## the seed's own systems alone (CPython generator and asyncio, C ucontext and protothread)
	$(GO) run ./cmd/handoff bench -refs-only -profile=$(PROFILE) $(if $(ROUNDS),-rounds=$(ROUNDS)) $(if $(BENCHTIME),-benchtime=$(BENCHTIME))

.PHONY: report
report: ## rebuild the PDF, charts and Markdown from RESULTS=<file>; BASE=<file> adds a comparison page
	$(GO) run ./cmd/handoff report -results='$(RESULTS)' $(if $(BASE),-base='$(BASE)')

.PHONY: compare
compare: ## the regression gate: OLD=<file> NEW=<file>, fails on a regression (FORMAT=text|markdown|json)
	@$(GO) run ./cmd/handoff compare -old='$(OLD)' -new='$(NEW)' $(if $(FORMAT),-format=$(FORMAT))

.PHONY: regress
regress: ## build BASE=<git ref> and the working tree, run them interleaved (quick profile, 10 rounds), gate
	@$(GO) run ./cmd/handoff regress -base='$(BASE)' -profile=$(REGRESS_PROFILE) \
		$(if $(IMPLS),-impls=$(IMPLS)) $(if $(RUN),-run='$(RUN)') $(if $(ROUNDS),-rounds=$(ROUNDS)) \
		$(if $(BENCHTIME),-benchtime=$(BENCHTIME)) $(if $(FORMAT),-format=$(FORMAT))

.PHONY: help
help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'
