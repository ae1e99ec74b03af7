#!/bin/bash
# pg-regression-roundtrip.sh - measures the built-in PostgreSQL engine against PostgreSQL's own
# regression database (issue #15), as pg_upgrade's tests do: back the `regression` database up
# with `railyard backup create --engine builtin`, restore it into a new database, and compare the
# result with a plain `pg_dump | psql` round trip of the same database. Not run by CI.
#
# Needs: a running server holding the database that `make installcheck` (pg_regress) leaves
# behind, its client tools (psql, pg_dump, createdb, dropdb of the same major or newer), python3,
# and a Railyard CLI jar.
#
#   src/test/scripts/pg-regression-roundtrip.sh [options]
#     --jar JAR          Railyard CLI jar (default: target/railyard.jar)
#     --restore-jar JAR  another jar for the restore only (e.g. to measure an older engine's backup
#                        with a restore that can go on after errors)
#     --bindir DIR       folder with psql and pg_dump (default: the one on PATH)
#     --host H --port P --user U   the server (default 127.0.0.1, 5432, postgres; trust or PGPASSWORD)
#     --db NAME          the source database (default regression)
#     --work DIR         where dumps and logs go (default /tmp/pg-regression-roundtrip)
#     --keep             keep the two copies afterwards (default: dropped at the end)
#     --restore-option X one more option for `railyard backup restore` (repeatable),
#                        e.g. --restore-option --continue-on-error
#
# The comparison: `pg_dump -s` of the source, of the Railyard copy and of the pg_dump copy, cut
# into pg_dump's own entries ("-- Name: ...; Type: KIND; Schema: ..."), each keyed by kind,
# schema and name, its text normalised (comments, blank lines and SET lines dropped). Per kind it counts
# the entries of the source, those found identical in each copy, and for the Railyard copy those
# missing or changed; a missing or changed entry is "named" when the backup's warnings or the
# restore's error list mention its name or its kind ("Not reproduced: N operators"), otherwise
# it is "silent". Then every ordinary table's row count and an md5 of its rows (sorted as text)
# in the source and both copies. Owners and privileges are left out of both
# round trips and of the comparison (Railyard's default). Exit status 0 only when the restore completed, no entry was
# silently lost and every table's rows match.
set -uo pipefail

JAR=target/railyard.jar
RESTORE_JAR=
BINDIR=
HOST=127.0.0.1
PORT=5432
USER_NAME=postgres
DB=regression
WORK=/tmp/pg-regression-roundtrip
KEEP=0
RESTORE_OPTIONS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --jar) JAR=$2; shift 2 ;;
        --restore-jar) RESTORE_JAR=$2; shift 2 ;;
        --bindir) BINDIR=$2/; shift 2 ;;
        --host) HOST=$2; shift 2 ;;
        --port) PORT=$2; shift 2 ;;
        --user) USER_NAME=$2; shift 2 ;;
        --db) DB=$2; shift 2 ;;
        --work) WORK=$2; shift 2 ;;
        --keep) KEEP=1; shift ;;
        --restore-option) RESTORE_OPTIONS+=("$2"); shift 2 ;;
        -h|--help) sed -n '2,36p' "$0"; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

COPY_RAILYARD=${DB}_railyard_copy
COPY_PGDUMP=${DB}_pgdump_copy
CONN=(-h "$HOST" -p "$PORT" -U "$USER_NAME")
PSQL=("${BINDIR}psql" -X -q "${CONN[@]}")
url() { echo "postgresql://$USER_NAME@$HOST:$PORT/$1?sslmode=disable"; }
mkdir -p "$WORK"
export RAILYARD_HOME=${RAILYARD_HOME:-$WORK/home}

[ -f "$JAR" ] || { echo "No Railyard jar at $JAR (build it: mvn -B -DskipTests package)" >&2; exit 2; }
"${PSQL[@]}" -d "$DB" -Atc "SELECT 1" >/dev/null || { echo "Cannot reach database $DB on $HOST:$PORT" >&2; exit 2; }
VERSION=$("${PSQL[@]}" -d "$DB" -Atc "SHOW server_version")
echo "Server $VERSION on $HOST:$PORT, database $DB; pg_dump: $("${BINDIR}pg_dump" --version)"

for copy in "$COPY_RAILYARD" "$COPY_PGDUMP"; do
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS \"$copy\" WITH (FORCE)" >/dev/null
done

# 1. Railyard: built-in engine, restore into a new database.
start=$(date +%s)
rm -f "$WORK/railyard.sql" "$WORK/railyard.sql.manifest.json"
java -jar "$JAR" backup create --url "$(url "$DB")" --engine builtin --out "$WORK/railyard.sql" --compress none \
    >"$WORK/railyard-create.out" 2>"$WORK/railyard-create.err"
CREATE_RC=$?
[ "$CREATE_RC" = 0 ] || { echo "The Railyard backup failed (exit $CREATE_RC): see $WORK/railyard-create.err" >&2; exit 2; }
java -jar "${RESTORE_JAR:-$JAR}" backup restore "$WORK/railyard.sql" --to-url "$(url postgres)" --create-database "$COPY_RAILYARD" \
    --allow-server-programs "${RESTORE_OPTIONS[@]}" >"$WORK/railyard-restore.out" 2>"$WORK/railyard-restore.err"
RESTORE_RC=$?
echo "Railyard: backup exit $CREATE_RC, restore exit $RESTORE_RC, $(( $(date +%s) - start )) s (logs in $WORK/railyard-*)"

# 2. The reference: pg_dump | psql into a new database (psql goes on after errors, as pg_dump's docs show).
start=$(date +%s)
"${BINDIR}pg_dump" "${CONN[@]}" --no-owner --no-privileges -d "$DB" -f "$WORK/pgdump.sql"
"${PSQL[@]}" -d postgres -c "CREATE DATABASE \"$COPY_PGDUMP\" TEMPLATE template0" >/dev/null
"${PSQL[@]}" -d "$COPY_PGDUMP" -f "$WORK/pgdump.sql" >"$WORK/pgdump-restore.out" 2>"$WORK/pgdump-restore.err"
PGDUMP_ERRORS=$(grep -c 'ERROR:' "$WORK/pgdump-restore.err")
echo "pg_dump | psql: $PGDUMP_ERRORS errors, $(( $(date +%s) - start )) s"

# 3. Schemas, normalised per entry; without owners and privileges, which Railyard's CLI leaves out by
#    default as pg_dump --no-owner --no-privileges does (so the reference round trip leaves them out too).
for d in "$DB" "$COPY_RAILYARD" "$COPY_PGDUMP"; do
    "${BINDIR}pg_dump" "${CONN[@]}" -s --no-owner --no-privileges -d "$d" -f "$WORK/schema-$d.sql" 2>"$WORK/schema-$d.err" || true
done

# 4. Rows: count and md5 of every ordinary table, each row as jsonb text (independent of column order), sorted.
ROWS_SQL="SELECT format('SELECT %L, count(*), md5(coalesce(string_agg(to_jsonb(t)::text, E''\\n'' ORDER BY to_jsonb(t)::text COLLATE \"C\"), '''')) FROM ONLY %s t',
                      n.nspname || '.' || c.relname, c.oid::regclass)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
           ORDER BY 1"
for d in "$DB" "$COPY_RAILYARD" "$COPY_PGDUMP"; do
    printf '%s\n\\gexec\n' "$ROWS_SQL" | "${PSQL[@]}" -At -F '|' -d "$d" >"$WORK/rows-$d.txt" 2>"$WORK/rows-$d.err" || true
done

# 5. Database settings (ALTER DATABASE / ALTER ROLE ... IN DATABASE ... SET), which pg_dump -s leaves out
#    (pg_dump writes them only with --create).
SETTINGS_SQL="SELECT coalesce(pg_get_userbyid(nullif(s.setrole, 0)), '-') || ': ' || x FROM pg_db_role_setting s
              JOIN pg_database d ON d.oid = s.setdatabase, unnest(s.setconfig) x WHERE d.datname = current_database() ORDER BY 1"
for d in "$DB" "$COPY_RAILYARD" "$COPY_PGDUMP"; do
    "${PSQL[@]}" -At -d "$d" -c "$SETTINGS_SQL" >"$WORK/settings-$d.txt" 2>/dev/null || true
done

python3 - "$WORK" "$DB" "$COPY_RAILYARD" "$COPY_PGDUMP" "$RESTORE_RC" <<'PY'
import collections, re, sys
work, src, ry, pd, restore_rc = sys.argv[1:6]

def entries(path):
    """pg_dump's entries: (kind, schema, name) -> sorted list of normalised bodies."""
    out = collections.defaultdict(list)
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except FileNotFoundError:
        return out
    header = re.compile(r"^-- Name: (.*?); Type: (.*?); Schema: (.*?); Owner: .*$|^-- (?:Data for )?Name: (.*?); Type: (.*?); Schema: (.*?)(?:; .*)?$", re.M)
    marks = list(header.finditer(text))
    for i, m in enumerate(marks):
        name, kind, schema = (m.group(1), m.group(2), m.group(3)) if m.group(1) is not None else (m.group(4), m.group(5), m.group(6))
        body = text[m.end(): marks[i + 1].start() if i + 1 < len(marks) else len(text)]
        lines = [l.rstrip() for l in body.splitlines() if l.strip() and not l.startswith("--")
                 and not l.startswith("\\restrict") and not l.startswith("\\unrestrict")
                 and not l.startswith("SET ")]  # session settings pg_dump writes between entries, wherever they fall
        out[(kind, schema, name)].append("\n".join(lines))
    for k in out:
        out[k].sort()
    return out

S, R, P = (entries(f"{work}/schema-{d}.sql") for d in (src, ry, pd))
said = ""
for f in ("railyard-create.err", "railyard-create.out", "railyard-restore.err", "railyard-restore.out"):
    try:
        # Only what names a loss: warnings and failures, not progress lines or the server-programs listing.
        for line in open(f"{work}/{f}", encoding="utf-8", errors="replace"):
            if re.search(r"Not reproduced|ERROR|failed|restored as|may fail|not restored|[Ll]eft out|skipped", line) \
                    and "reach the database server" not in line and "untrusted language" not in line:
                said += line
    except FileNotFoundError:
        pass
said_lower = said.lower()
# Kinds a "Not reproduced: N <kind>" warning names, as pg_dump spells them.
warned_kinds = set()
for m in re.finditer(r"Not reproduced: \d+ ([^(\n]+)", said):
    k = m.group(1).strip().lower()
    for phrase, kinds in {"operator classes": ["OPERATOR CLASS"], "operator families": ["OPERATOR FAMILY"],
                          "operators": ["OPERATOR"], "casts": ["CAST"], "foreign data wrappers": ["FOREIGN DATA WRAPPER"],
                          "foreign servers": ["SERVER"], "user mappings": ["USER MAPPING"], "transforms": ["TRANSFORM"],
                          "access methods": ["ACCESS METHOD"], "foreign tables": ["FOREIGN TABLE"],
                          "base and shell types": ["TYPE"], "conversions": ["CONVERSION"],
                          "procedural languages": ["PROCEDURAL LANGUAGE"], "security labels": ["SECURITY LABEL"],
                          "subscriptions": ["SUBSCRIPTION"], "default privileges": ["DEFAULT ACL"],
                          "text search parsers": ["TEXT SEARCH PARSER", "TEXT SEARCH TEMPLATE"]}.items():
        if k.startswith(phrase):
            warned_kinds.update(kinds)

failures_lower = "\n".join(l for l in said_lower.splitlines() if "error" in l)

def named(kind, schema, name):
    """Named when a warning names the kind, or every word of the entry's name appears in what Railyard said."""
    if kind in warned_kinds:
        return True
    skip = {"TABLE", "COLUMN", "FUNCTION", "TYPE", "SEQUENCE", "VIEW", "SCHEMA", "DOMAIN", "INDEX", "AGGREGATE",
            "PROCEDURE", "MATERIALIZED", "FOREIGN", "SERVER", "OPERATOR", "CLASS", "FAMILY", "USING"}
    words = [w.strip('"') for w in re.split(r"[ (),.]", name) if w and w not in skip]
    words = [w for w in words if len(w) > 1 and not w.isdigit()][:3]
    if f"{kind} {schema}.{name.split('(')[0]}".lower() in said_lower:
        return True  # "CREATE OPERATOR public.=" in a failure
    if kind in ("TRIGGER", "RULE", "CONSTRAINT", "FK CONSTRAINT", "INDEX", "DEFAULT", "POLICY", "CHECK CONSTRAINT") and words \
            and re.search(r"(?<![\w.])" + re.escape(f"{schema}.{words[0]}".lower()) + r"(?![\w])", failures_lower):
        return True  # its table or view failed (named there), and took it along
    return bool(words) and all(re.search(r"(?<![\w])" + re.escape(w.lower()) + r"(?![\w])", said_lower) for w in words)

rows = collections.OrderedDict()
totals = collections.Counter()
lost = []
for key in sorted(S):
    kind = key[0]
    src_bodies = S[key]
    for idx, body in enumerate(src_bodies):
        t = rows.setdefault(kind, collections.Counter())
        t["source"] += 1
        for label, copy in (("ry", R), ("pd", P)):
            if key not in copy:
                t[label + "_missing"] += 1
                state = "missing"
            elif body in copy[key]:
                t[label + "_same"] += 1
                state = "same"
            else:
                t[label + "_changed"] += 1
                state = "changed"
            if label == "ry" and state != "same":
                pd_state = "same" if key in P and body in P[key] else ("missing" if key not in P else "changed")
                if pd_state != "same":
                    t["also_pgdump"] += 1
                if named(kind, key[1], key[2]):
                    t["named"] += 1
                else:
                    t["silent"] += 1
                    lost.append((kind, key[1], key[2], state, pd_state))
for key in R:
    if key not in S:
        rows.setdefault(key[0], collections.Counter())["ry_extra"] += len(R[key])
for key in P:
    if key not in S:
        rows.setdefault(key[0], collections.Counter())["pd_extra"] += len(P[key])

cols = [("source", "source"), ("ry_same", "rail=="), ("ry_changed", "rail!="), ("ry_missing", "rail-"), ("ry_extra", "rail+"),
        ("named", "named"), ("silent", "silent"), ("also_pgdump", "pgd-too"),
        ("pd_same", "pgd=="), ("pd_changed", "pgd!="), ("pd_missing", "pgd-"), ("pd_extra", "pgd+")]
print()
print("Schema entries per kind (pg_dump -s, normalised): rail = Railyard copy, pgd = pg_dump | psql copy;")
print("== identical, != changed, - missing, + extra; named/silent: Railyard's missing or changed entries that its")
print("warnings or error list name / do not name; pgd-too: of those, the ones the pg_dump copy lacks as well.")
print(f"{'kind':32}" + "".join(f"{h:>9}" for _, h in cols))
for kind, t in sorted(rows.items()):
    if all(t[c] == t["ry_same"] == t["pd_same"] for c in ("source",)) and not t["ry_extra"] and not t["pd_extra"]:
        totals.update(t)
        continue  # identical everywhere: summed below
    totals.update(t)
    print(f"{kind[:32]:32}" + "".join(f"{t[c]:>9}" for c, _ in cols))
print(f"{'ALL KINDS':32}" + "".join(f"{totals[c]:>9}" for c, _ in cols))
print("(kinds not listed came back identical in both copies)")

def read_rows(d):
    out = {}
    try:
        for line in open(f"{work}/rows-{d}.txt", encoding="utf-8", errors="replace"):
            parts = line.rstrip("\n").split("|")
            if len(parts) == 3:
                out[parts[0]] = (parts[1], parts[2])
    except FileNotFoundError:
        pass
    return out
rs, rr, rp = read_rows(src), read_rows(ry), read_rows(pd)
def compare(copy):
    missing = [t for t in rs if t not in copy]
    count = [t for t in rs if t in copy and copy[t][0] != rs[t][0]]
    content = [t for t in rs if t in copy and copy[t][0] == rs[t][0] and copy[t][1] != rs[t][1]]
    return missing, count, content
print()
print(f"Tables: {len(rs)} in the source with {sum(int(v[0]) for v in rs.values())} rows")
bad = False
for label, copy in (("Railyard copy", rr), ("pg_dump copy", rp)):
    missing, count, content = compare(copy)
    same = len(rs) - len(missing) - len(count) - len(content)
    print(f"  {label:14}: {same} identical (count and md5), {len(missing)} missing, {len(count)} other row count, "
          f"{len(content)} same count but other rows")
    for name, lst in (("missing", missing), ("row count", count), ("rows", content)):
        for t in lst[:15]:
            print(f"      {name}: {t}" + (f" source {rs[t][0]} copy {copy[t][0]}" if t in copy else ""))
    if label == "Railyard copy" and (missing or count or content):
        bad = True
def lines(d):
    try:
        return open(f"{work}/settings-{d}.txt").read().splitlines()
    except FileNotFoundError:
        return []
ss, sr, sp = lines(src), lines(ry), lines(pd)
print()
print(f"Database settings: {len(ss)} in the source; Railyard copy {len(sr)} ({'same' if sr == ss else 'DIFFERENT'}), "
      f"pg_dump copy {len(sp)} ({'same' if sp == ss else 'different: pg_dump writes them only with --create'})")
if lost:
    print()
    print("Silently lost or changed in the Railyard copy (kind, schema, name, Railyard, pg_dump copy):")
    for l in lost:
        print("  " + " | ".join(l))
print()
print(f"Railyard restore exit status {restore_rc}; {totals['silent']} entries lost silently")
sys.exit(0 if restore_rc == "0" and totals["silent"] == 0 and not bad else 1)
PY
STATUS=$?
if [ "$KEEP" = 0 ]; then
    for copy in "$COPY_RAILYARD" "$COPY_PGDUMP"; do
        "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS \"$copy\" WITH (FORCE)" >/dev/null
    done
fi
exit $STATUS
