# The notice at the top of an awarded or terminated opportunity speaks of
# a repository only when the award names one: "the work stays public in
# its repository" with a repository, another wording without, in both
# languages.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

# build NAME: builds $SCRATCH/NAME (a copy of the bundled site, already
# edited) into $SCRATCH/NAME.out.
build() {
	git init -q "$SCRATCH/$1"
	link_npm "$SCRATCH/$1"
	git -C "$SCRATCH/$1" add -A
	GIT_AUTHOR_DATE=2026-11-20T15:00:00Z \
	    GIT_COMMITTER_DATE=2026-11-20T15:00:00Z \
	    git -C "$SCRATCH/$1" commit -qm "Bundled site"
	"$MARCHE_BIN" build -q --repo "$SCRATCH/$1" --now 2026-11-25T12:00:00Z \
	    --out "$SCRATCH/$1.out" > "$SCRATCH/$1.log" 2>&1
	ok "$1: builds" test $? -eq 0 || cat "$SCRATCH/$1.log"
}

# notice FILE: the text of the page's status notice.
notice() {
	sed -n 's/.*<p class="notice[^"]*">\([^<]*\)<\/p>.*/\1/p' "$1"
}

# has NAME PAGE TEXT: the notice of PAGE (under NAME.out) says TEXT.
has() {
	n=$(notice "$SCRATCH/$1.out/$2")
	case $n in
	*"$3"*) pass ;;
	*) fail "$1: $2: the notice lacks '$3': $n" ;;
	esac
}

# lacks NAME PAGE TEXT: the notice of PAGE does not say TEXT.
lacks() {
	n=$(notice "$SCRATCH/$1.out/$2")
	[ -n "$n" ] || { fail "$1: $2: no notice"; return; }
	case $n in
	*"$3"*) fail "$1: $2: the notice says '$3': $n" ;;
	*) pass ;;
	esac
}

copy_bundled "$SCRATCH/bundled"
copy_bundled "$SCRATCH/swapped"

# As bundled: awarded with a repository, terminated without one.
azure=en/opportunities/azure-marketplace-policies.html
azure_fr=fr/occasions/politiques-azure-marketplace.html
memory=en/opportunities/translation-memory-export.html
memory_fr=fr/occasions/exportation-memoire-traduction.html
build bundled
has bundled "$azure" "in the repository named below"
has bundled "$azure_fr" "dans le dépôt indiqué plus bas"
has bundled "$memory" "No repository was published"
lacks bundled "$memory" "stays public in its repository"
has bundled "$memory_fr" "Aucun dépôt n’a été publié"
lacks bundled "$memory_fr" "reste public dans son dépôt"

# Swapped: awarded without a repository, terminated with one.
sed -i '/^  repository:/d' "$SCRATCH/swapped/opportunities/azure-marketplace-policies.yml"
sed -i 's|^  supplier: Mira Tremblay$|&\n  repository: https://github.com/example-org/translation-memory-export|' \
    "$SCRATCH/swapped/opportunities/translation-memory-export.yml"
build swapped
has swapped "$azure" "will name the open repository"
lacks swapped "$azure" "in the repository named below"
has swapped "$azure_fr" "indiquera le dépôt ouvert"
lacks swapped "$azure_fr" "dans le dépôt indiqué plus bas"
has swapped "$memory" "stays public in its repository"
has swapped "$memory_fr" "reste public dans son dépôt"
ok "swapped: the terminated page names its repository" \
    grep -q 'https://github.com/example-org/translation-memory-export' \
    "$SCRATCH/swapped.out/$memory"
finish
