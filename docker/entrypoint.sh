#!/bin/sh
# Start Odoo with the secrets and sizes of this container, refusing unsafe
# defaults. Settings, each also readable from a file named by <NAME>_FILE
# (Docker secrets):
#   ODOO_ADMIN_PASSWORD  master password of the database manager (required,
#                        at least 12 characters, not a well-known default)
#   ODOO_DB_PASSWORD     password of the PostgreSQL role (required)
#   ODOO_WORKERS         HTTP workers (default: 2 x CPUs + 1)
#   VALUECARD_ANCHOR_KEY key that signs the nightly value-card ledger anchors
#                        (optional, at least 32 characters; without it the
#                        anchors are made unsigned and the ledger check says
#                        so). Kept in the configuration, never in the database.
# --print-config writes the completed configuration to standard output and
# exits (used by the tests; no Odoo needed).
set -eu

BASE_CONF=${ODOO_BASE_CONF:-/etc/odoo/odoo.conf}
RUN_CONF=${ODOO_RC_OUT:-/var/lib/odoo/odoo-run.conf}

secret() {
    # the value of $1, else the content of the file named by ${1}_FILE
    eval "value=\${$1:-}"
    eval "file=\${$1_FILE:-}"
    if [ -z "$value" ] && [ -n "$file" ]; then
        [ -r "$file" ] || { echo "entrypoint: cannot read $1_FILE ($file)" >&2; exit 64; }
        value=$(cat "$file")
    fi
    printf '%s' "$value"
}

admin_password=$(secret ODOO_ADMIN_PASSWORD)
db_password=$(secret ODOO_DB_PASSWORD)
anchor_key=$(secret VALUECARD_ANCHOR_KEY)

case "$admin_password" in
    "")
        echo "entrypoint: set ODOO_ADMIN_PASSWORD (or ODOO_ADMIN_PASSWORD_FILE): the master password" >&2
        exit 64 ;;
    admin|odoo|password|changeme|postgres)
        echo "entrypoint: ODOO_ADMIN_PASSWORD is a well-known default; choose another" >&2
        exit 64 ;;
esac
if [ "${#admin_password}" -lt 12 ]; then
    echo "entrypoint: ODOO_ADMIN_PASSWORD must have at least 12 characters" >&2
    exit 64
fi
if [ -z "$db_password" ]; then
    echo "entrypoint: set ODOO_DB_PASSWORD (or ODOO_DB_PASSWORD_FILE): the database password" >&2
    exit 64
fi
for value in "$admin_password" "$db_password" "$anchor_key"; do
    case "$value" in
        *"
"*) echo "entrypoint: passwords and keys must be one line" >&2; exit 64 ;;
    esac
done
if [ -z "$anchor_key" ]; then
    echo "entrypoint: no VALUECARD_ANCHOR_KEY (or VALUECARD_ANCHOR_KEY_FILE): value-card ledger anchors will not be signed" >&2
elif [ "${#anchor_key}" -lt 32 ]; then
    echo "entrypoint: VALUECARD_ANCHOR_KEY must have at least 32 characters" >&2
    exit 64
fi

workers=${ODOO_WORKERS:-}
if [ -z "$workers" ]; then
    cpus=$(nproc 2>/dev/null || echo 1)
    workers=$((cpus * 2 + 1))
fi
case "$workers" in
    ''|*[!0-9]*|0) echo "entrypoint: ODOO_WORKERS must be a positive whole number" >&2; exit 64 ;;
esac

config() {
    cat "$BASE_CONF"
    printf '%s\n' "; completed by entrypoint.sh" \
        "admin_passwd = $admin_password" \
        "db_password = $db_password" \
        "workers = $workers"
    if [ -n "$anchor_key" ]; then
        printf '%s\n' "valuecard_anchor_key = $anchor_key"
    fi
}

if [ "${1:-}" = "--print-config" ]; then
    config
    exit 0
fi

umask 077
config > "$RUN_CONF"
exec odoo -c "$RUN_CONF" "$@"
