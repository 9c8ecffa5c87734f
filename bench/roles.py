"""Role nouns on a store (issue 14): the top group speakers and the top people, and how many
group statements the corpus resolved to a role's holder.

    .venv/bin/python bench/roles.py build/bbc-politics.duckdb [--groups 20] [--people 50]

Prints JSON; a group statement resolved through `role_speakers` (store/roles.py) counts as its
holder's, not the group's.
"""

from __future__ import annotations

import argparse
import json

import duckdb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--groups", type=int, default=20)
    parser.add_argument("--people", type=int, default=50)
    args = parser.parse_args()
    con = duckdb.connect(args.db, read_only=True)
    tables = {name for (name,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    resolved = "role_speakers" in tables
    unresolved = "AND qid NOT IN (SELECT qid FROM role_speakers)" if resolved else ""
    groups = con.execute(
        f"""SELECT lower(speaker_name) AS name, count(*) AS n FROM quotes
            WHERE speaker_kind = 'group' {unresolved} GROUP BY 1 ORDER BY n DESC, name LIMIT ?""",
        [args.groups],
    ).fetchall()
    people = con.execute(
        """WITH spoken AS (SELECT unnest(speaker_keys) AS name_key FROM quotes)
           SELECT pe.name, count(*) AS n FROM spoken JOIN aliases USING (name_key)
           JOIN people AS pe ON pe.id = aliases.person_id
           GROUP BY pe.name ORDER BY n DESC, pe.name LIMIT ?""",
        [args.people],
    ).fetchall()
    by_role = (
        con.execute(
            """SELECT r.role, pe.name, count(*) FROM role_speakers AS r
               JOIN people AS pe ON pe.id = r.person_id
               GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2"""
        ).fetchall()
        if resolved
        else []
    )
    kinds = dict(con.execute("SELECT speaker_kind, count(*) FROM quotes GROUP BY 1").fetchall())
    print(
        json.dumps(
            {
                "speaker_kinds": kinds,
                "corpus_resolved": [list(row) for row in by_role],
                "top_groups": [list(row) for row in groups],
                "top_people": [list(row) for row in people],
            },
            indent=1,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
