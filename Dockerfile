# CPU image: Debian's libtorch, gotch prepared by the project's own scripts.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY . .
RUN scripts/setup.sh && go build -ldflags "-s -w" -o /out/notecoder ./cmd/notecoder

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libtorch1.13 ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/notecoder /usr/local/bin/notecoder
ENTRYPOINT ["notecoder"]
CMD ["--help"]
