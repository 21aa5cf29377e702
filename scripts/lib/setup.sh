# shellcheck shell=bash
# Setup steps shared by scripts/test (and usable on their own):
#
#   source scripts/lib/setup.sh
#   setup_packages postgresql chromium chromium-driver
#   setup_postgres          # exports TRELLIS_TEST_POSTGRES_URL
#   setup_venv              # .venv-e2e with e2e/requirements.txt
#
# Every function is idempotent: on a machine that already has everything it
# only checks, which takes well under a second.
# Expects to run as root (CI and fresh machines); falls back to sudo otherwise.

TRELLIS_TEST_POSTGRES_URL_DEFAULT="postgres://trellis:trellis@127.0.0.1:5432/trellis_test"
TRELLIS_VENV_DIR="${TRELLIS_VENV_DIR:-.venv-e2e}"
_TRELLIS_APT_UPDATED=0

log() { printf '==> %s\n' "$*"; }
warn() { printf '!!! %s\n' "$*" >&2; }

as_root() {
    if [[ ${EUID:-$(id -u)} -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        warn "need root for: $*"
        return 1
    fi
}

as_postgres() {
    if [[ ${EUID:-$(id -u)} -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        sudo -u postgres -- "$@"
    fi
}

# True when the Debian package is fully installed (not just "config-files").
pkg_installed() {
    dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed'
}

apt_update_once() {
    if [[ $_TRELLIS_APT_UPDATED -eq 0 ]]; then
        log "apt-get update"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
        _TRELLIS_APT_UPDATED=1
    fi
}

# setup_packages PKG... — installs whichever of the packages are missing.
setup_packages() {
    local missing=() p
    for p in "$@"; do
        pkg_installed "$p" || missing+=("$p")
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        log "packages present: $*"
        return 0
    fi
    apt_update_once
    log "apt-get install ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" </dev/null
}

# setup_postgres — PostgreSQL 15 cluster "main" on 127.0.0.1:5432, role trellis, databases
# trellis_test (Swift tests) and trellis_instances (browser tests of several instances). Safe to run
# any number of times.
setup_postgres() {
    command -v pg_ctlcluster >/dev/null || setup_packages postgresql
    as_root bash -c "pg_lsclusters -h | grep -q '^15 *main' || pg_createcluster 15 main"
    if ! as_root pg_ctlcluster 15 main status >/dev/null 2>&1; then
        log "starting PostgreSQL 15"
        as_root pg_ctlcluster 15 main start
    fi
    for _ in $(seq 1 30); do
        pg_isready -q -h 127.0.0.1 -p 5432 && break
        sleep 0.5
    done
    pg_isready -q -h 127.0.0.1 -p 5432 || { warn "PostgreSQL does not answer on 127.0.0.1:5432"; return 1; }
    as_postgres psql -v ON_ERROR_STOP=1 -qc "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='trellis') THEN CREATE ROLE trellis LOGIN PASSWORD 'trellis'; END IF; END\$\$;"
    local db
    for db in trellis_test trellis_instances; do
        as_postgres psql -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1 \
            || as_postgres createdb -O trellis "$db"
    done
    # the browser tests' own database: several Trellis instances started on it at once
    export TRELLIS_INSTANCES_POSTGRES_URL="${TRELLIS_TEST_POSTGRES_URL_DEFAULT%/*}/trellis_instances"
    export TRELLIS_TEST_POSTGRES_URL="$TRELLIS_TEST_POSTGRES_URL_DEFAULT"
    psql "$TRELLIS_TEST_POSTGRES_URL" -v ON_ERROR_STOP=1 -qtAc 'select 1' >/dev/null \
        || { warn "cannot connect as trellis to $TRELLIS_TEST_POSTGRES_URL"; return 1; }
    log "PostgreSQL ready: TRELLIS_TEST_POSTGRES_URL=$TRELLIS_TEST_POSTGRES_URL"
}

# setup_venv — $TRELLIS_VENV_DIR (default .venv-e2e) with e2e/requirements.txt.
# pip runs only when requirements.txt changed since the last install.
setup_venv() {
    local req="e2e/requirements.txt" venv="$TRELLIS_VENV_DIR"
    local stamp="$venv/.requirements.sha256" py
    if [[ ! -x "$venv/bin/python" ]]; then
        py="$(command -v python3 || true)"
        [[ -n $py ]] || { setup_packages python3 python3-venv; py=/usr/bin/python3; }
        log "creating $venv with $py"
        if ! "$py" -m venv "$venv"; then
            # Debian's own python3 needs python3-venv for ensurepip.
            rm -rf "$venv"
            setup_packages python3-venv
            /usr/bin/python3 -m venv "$venv"
        fi
    fi
    local want have=""
    want="$(sha256sum "$req" | cut -d' ' -f1)"
    [[ -f $stamp ]] && have="$(cat "$stamp")"
    if [[ $want != "$have" ]]; then
        log "pip install -r $req"
        PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
            "$venv/bin/python" -m pip install -q -r "$req"
        echo "$want" >"$stamp"
    else
        log "venv up to date: $venv"
    fi
}
