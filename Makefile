# The two commands a newcomer needs: `make bench` and `make test`.
# Everything else is reachable from `make help`.

GO ?= go

.PHONY: test
test: ## go vet, a gofmt check and every test under the race detector
	$(GO) vet ./...
	@out=$$(gofmt -l .); \
	if [ -n "$$out" ]; then echo "gofmt would change these files:"; echo "$$out"; exit 1; fi
	$(GO) test -race ./...

.PHONY: help
help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'
