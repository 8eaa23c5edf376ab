. "$MARCHE_SOURCE_DIR/tests/lib.sh"; pass; finish
