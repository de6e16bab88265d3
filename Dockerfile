# Release image: build with the Rust toolchain, run on slim Debian as a non-root user.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked && strip target/release/autolumiku

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /var/lib/autolumiku autolumiku
COPY --from=build /src/target/release/autolumiku /usr/local/bin/autolumiku
USER autolumiku
WORKDIR /var/lib/autolumiku
ENV BIND=0.0.0.0:8080 DATA_DIR=/var/lib/autolumiku LOG_FORMAT=json
EXPOSE 8080
ENTRYPOINT ["autolumiku"]
CMD ["serve"]
