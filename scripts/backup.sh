#!/usr/bin/env bash
# Back up the portal's database and uploaded attachments into one folder.
#
#   scripts/backup.sh [DEST]      (default DEST: var/backups/<UTC time>)
#
# Reads DATABASE_URL and MEDIA_ROOT like the settings do (environment first, then .env,
# then the defaults: var/db.sqlite3 and var/media). Writes:
#   database.pgdump   PostgreSQL, pg_dump's custom format (needs postgresql-client)
#   database.sqlite3  SQLite, an online copy (safe while the portal runs)
#   media.tar.gz      every attachment under MEDIA_ROOT
#   SHA256SUMS        checksums that restore.sh verifies
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)

from_dotenv() {
  [ -f "$ROOT/.env" ] || return 0
  grep -E "^$1=" "$ROOT/.env" | tail -n 1 | cut -d= -f2- | sed -e 's/^["'\'']//' -e 's/["'\'']$//'
}
DATABASE_URL=${DATABASE_URL:-$(from_dotenv DATABASE_URL)}
DATABASE_URL=${DATABASE_URL:-sqlite:///$ROOT/var/db.sqlite3}
MEDIA_ROOT=${MEDIA_ROOT:-$(from_dotenv MEDIA_ROOT)}
MEDIA_ROOT=${MEDIA_ROOT:-$ROOT/var/media}
DEST=${1:-$ROOT/var/backups/$(date -u +%Y%m%dT%H%M%SZ)}

mkdir -p "$DEST"
umask 077  # the copies hold personal data: readable by the owner only
case "$DATABASE_URL" in
  postgres://* | postgresql://*)
    pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$DEST/database.pgdump"
    database=database.pgdump
    ;;
  sqlite://*)
    path=${DATABASE_URL#sqlite://}
    path=${path#/}
    [ -f "$path" ] || { echo "backup: no SQLite database at $path" >&2; exit 1; }
    # SQLite's online backup API: a consistent copy even while the portal writes.
    python3 - "$path" "$DEST/database.sqlite3" <<'PY'
import sqlite3, sys
source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
with target:
    source.backup(target)
source.close(); target.close()
PY
    database=database.sqlite3
    ;;
  *)
    echo "backup: unsupported DATABASE_URL scheme: ${DATABASE_URL%%:*}" >&2
    exit 1
    ;;
esac

if [ -d "$MEDIA_ROOT" ]; then
  tar -C "$MEDIA_ROOT" -czf "$DEST/media.tar.gz" .
else
  tar -czf "$DEST/media.tar.gz" -T /dev/null
fi
(cd "$DEST" && sha256sum "$database" media.tar.gz > SHA256SUMS)
echo "backup: $DEST ($database, media.tar.gz)"
