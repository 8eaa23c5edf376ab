#!/bin/sh
# Benchmark marche against Hugo and a parse-only floor on generated sites:
#	bench/run.sh [-r RUNS] [--seed S] [--work DIR [--reuse]] [--no-hugo] N ...
# See bench/run.py for what is measured.
exec python3 "$(dirname "$0")/run.py" "$@"
