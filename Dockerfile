# A small runtime image of the bulkhead CLI, for `bulkhead sweep --emit kubernetes` (whose pods run
# `bulkhead sweep … --shard $(JOB_COMPLETION_INDEX)/N`):
#   docker build -t bulkhead .
#   docker run --rm bulkhead run /opt/bulkhead/scenarios/minimal.yaml --out /tmp/minimal
# Stage 1 builds with the Swift toolchain and GSL's headers; stage 2 holds the binary (Swift's
# runtime linked in statically) and GSL's runtime libraries only.
# Debian package versions are not pinned (hadolint DL3008): bookworm's point releases replace them,
# and a pinned version would break the build at the next security update.
ARG SWIFT_VERSION=6.3
FROM swift:${SWIFT_VERSION}-bookworm AS build
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgsl-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN swift build -c release --product bulkhead --static-swift-stdlib \
    && install -D .build/release/bulkhead /out/bulkhead

FROM debian:bookworm-slim
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgsl27 libgslcblas0 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/bulkhead /usr/local/bin/bulkhead
COPY scenarios /opt/bulkhead/scenarios
USER 65532:65532
WORKDIR /tmp
ENTRYPOINT ["/usr/local/bin/bulkhead"]
CMD ["--help"]
