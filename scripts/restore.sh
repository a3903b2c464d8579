#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh: the database, then the attachments.
#
#   scripts/restore.sh SRC --yes
#
# Replaces the CURRENT database content and MEDIA_ROOT (read as backup.sh reads them), so
# stop the portal (web, worker, beat) first. The attachments folder in place is kept
# beside the restored one as MEDIA_ROOT.before-restore-<UTC time>.
# PostgreSQL: the database named in DATABASE_URL must exist (createdb); pg_restore
# recreates every table in one transaction. SQLite: the file is overwritten.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SRC=${1:?usage: scripts/restore.sh SRC --yes}
if [ "${2:-}" != "--yes" ]; then
  echo "restore: this replaces the database and the attachments; run again with --yes" >&2
  exit 2
fi

from_dotenv() {
  [ -f "$ROOT/.env" ] || return 0
  grep -E "^$1=" "$ROOT/.env" | tail -n 1 | cut -d= -f2- | sed -e 's/^["'\'']//' -e 's/["'\'']$//'
}
DATABASE_URL=${DATABASE_URL:-$(from_dotenv DATABASE_URL)}
DATABASE_URL=${DATABASE_URL:-sqlite:///$ROOT/var/db.sqlite3}
MEDIA_ROOT=${MEDIA_ROOT:-$(from_dotenv MEDIA_ROOT)}
MEDIA_ROOT=${MEDIA_ROOT:-$ROOT/var/media}

(cd "$SRC" && sha256sum --check --quiet SHA256SUMS) || { echo "restore: checksums do not match" >&2; exit 1; }

case "$DATABASE_URL" in
  postgres://* | postgresql://*)
    [ -f "$SRC/database.pgdump" ] || { echo "restore: $SRC has no database.pgdump" >&2; exit 1; }
    pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
      --dbname="$DATABASE_URL" "$SRC/database.pgdump"
    ;;
  sqlite://*)
    [ -f "$SRC/database.sqlite3" ] || { echo "restore: $SRC has no database.sqlite3" >&2; exit 1; }
    path=${DATABASE_URL#sqlite://}
    path=${path#/}
    mkdir -p "$(dirname "$path")"
    python3 - "$SRC/database.sqlite3" "$path" <<'PY'
import sqlite3, sys
source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
with target:
    source.backup(target)
source.close(); target.close()
PY
    ;;
  *)
    echo "restore: unsupported DATABASE_URL scheme: ${DATABASE_URL%%:*}" >&2
    exit 1
    ;;
esac

staging="$MEDIA_ROOT.restoring"
rm -rf "$staging"
mkdir -p "$staging"
tar -C "$staging" -xzf "$SRC/media.tar.gz"
if [ -d "$MEDIA_ROOT" ]; then
  mv "$MEDIA_ROOT" "$MEDIA_ROOT.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
fi
mv "$staging" "$MEDIA_ROOT"
echo "restore: database and attachments restored from $SRC"
