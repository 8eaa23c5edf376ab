# A Debian image with marche installed, for running check, new and serve
# on any machine with Docker (Windows and macOS included). From the
# folder of a site's repository:
#   docker build -t marche https://github.com/OWNER/REPOSITORY.git
#   docker run --rm -v "$PWD:/site" marche check
FROM debian:12

# Only what building marche and checking a site need.
COPY scripts/setup-debian.sh /tmp/setup-debian.sh
RUN sh /tmp/setup-debian.sh --build-only && rm -rf /var/lib/apt/lists/*

COPY . /usr/src/marche
RUN sh /usr/src/marche/scripts/build-install.sh /usr/src/marche /tmp/build \
    && rm -rf /tmp/build \
    && git config --system --add safe.directory /site

WORKDIR /site
ENTRYPOINT ["marche"]
CMD ["--help"]
