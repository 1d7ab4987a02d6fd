# syntax=docker/dockerfile:1
#
# The Temporal server, its SQL schema tool and the Web UI for docker-compose.yml, built from the same Go
# modules and versions as `slotflow cluster` (src/cluster/go-tools.ts), with slotflow's config files.
# Not built on the machine where this file was written (no Docker engine there); the same `go install`
# lines were built and run there.
FROM golang:1.26-bookworm AS build
ENV CGO_ENABLED=0 GOFLAGS=-mod=mod
RUN GOBIN=/out/server go install go.temporal.io/server/cmd/server@v1.31.2 \
 && GOBIN=/out/sql go install go.temporal.io/server/cmd/tools/sql@v1.31.2 \
 && GOBIN=/out/ui go install github.com/temporalio/ui-server/v2/cmd/server@v2.45.0

FROM debian:bookworm-slim
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends ca-certificates curl && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/server/server /usr/local/bin/temporal-server
COPY --from=build /out/sql/sql /usr/local/bin/temporal-sql-tool
COPY --from=build /out/ui/server /usr/local/bin/temporal-ui-server
COPY src/cluster/config /etc/slotflow/temporal
USER nobody
