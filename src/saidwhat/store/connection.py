"""Opening a store file: one of ours, of this schema version, not locked.

A store is created on first write from schema.sql and records its version in `meta`; a store of
an earlier version is migrated in place on opening, keeping a backup (migrate.py); a newer
version, a foreign DuckDB database or one another process is writing is refused with a
`StoreError` saying which. The full-text index (fulltext.py) is written with every batch, and
`meta` counts generations: every batch bumps `data_generation` and, with its statements indexed,
`index_generation`; the index is current while the two are equal. Only a store whose statements
were written around the writer (a synthetic benchmark store) has them differ, until
`QuoteStore.rebuild_index` indexes it whole.

Every DuckDB call goes through `store_errors` (or `guarded`, for a method), so that whatever
DuckDB raises reaches the caller as a `StoreError` that says what to do: a store in use, a
damaged store, or DuckDB's own reason.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Concatenate, ParamSpec, Self, TypeVar

import duckdb

from .._version import __version__
from ..errors import StoreError
from .migrate import Migration, migrate
from .records import CorpusStats

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 7
_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,  # offline: nothing is ever downloaded
    "autoload_known_extensions": False,
    "pandas_analyze_sample": 1_000_000,  # type every batch column from all its rows, not a sample
}


# DuckDB's words for a file another process holds (an IOException: "IO Error: Could not set lock
# on file "…": Conflicting lock is held in /usr/bin/python3 (PID 123)"), and for a damaged file.
_LOCKED = "Could not set lock on file"
_DAMAGED = ("Corrupt database file", "Could not read enough bytes from file")


def reason_of(exc: Exception) -> str:
    """The first line of a DuckDB error: an internal error goes on with a stack trace."""
    return str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__


def store_error(path: Path, exc: Exception, action: str) -> StoreError:
    """The `StoreError` of what DuckDB raised on `path`: in use, damaged, or `action` failed."""
    reason = reason_of(exc)
    if isinstance(exc, duckdb.IOException) and _LOCKED in reason:
        return StoreError(
            f"{path}: in use by another process (an ingest still running?); DuckDB allows one "
            f"writer or several readers at a time ({reason})"
        )
    if isinstance(exc, duckdb.IOException) and any(words in reason for words in _DAMAGED):
        return StoreError(
            f"{path}: the store is damaged ({reason}); restore it from a backup, or re-ingest into a new file"
        )
    return StoreError(f"{path}: {action} ({reason})")


@contextlib.contextmanager
def store_errors(path: Path, action: str) -> Iterator[None]:
    """Turn a DuckDB error in the block into the `StoreError` of `store_error`."""
    try:
        yield
    except duckdb.Error as exc:
        raise store_error(path, exc, action) from exc


def connect(path: Path, *, read_only: bool, create: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a store, checking that it is one of ours; one of an earlier schema version is
    migrated first (a read-only opening opens it for writing once to do so)."""
    if not create and not path.is_file():
        raise StoreError(f"{path}: no such store; create it with `saidwhat ingest SOURCE --db {path}`")
    if path.is_file() and path.stat().st_size == 0:
        if not create:
            raise StoreError(f"{path}: not a saidwhat store (an empty file)")
        path.unlink()  # a run killed as DuckDB created the file: nothing in it to keep
    con = _open(path, read_only=read_only, create=create)
    if _older_version(con, path) is None:
        return con
    if read_only:
        con.close()
        con = _open(path, read_only=False)
    try:
        upgrade(con, path)
    except BaseException:
        con.close()
        raise
    if read_only:
        con.close()
        con = _open(path, read_only=True)
    return con


def migrate_store(path: Path) -> Migration | None:
    """Migrate the store at `path` to this schema version if it is older (`saidwhat migrate`)."""
    if not path.is_file():
        raise StoreError(f"{path}: no such store")
    con = _open(path, read_only=False)
    try:
        return upgrade(con, path)
    finally:
        con.close()


def upgrade(con: duckdb.DuckDBPyConnection, path: Path) -> Migration | None:
    """Migrate the store `con` has open for writing to this schema version, if it is older."""
    found = _older_version(con, path)
    if found is None:
        return None
    with store_errors(path, "cannot migrate"):
        done = migrate(con, path, found, SCHEMA_VERSION)
    logger.warning(
        "%s: migrated from store schema version %d to %d; the store as it was is kept in %s",
        path, found, SCHEMA_VERSION, done.backup,
    )  # fmt: skip
    return done


def _open(path: Path, *, read_only: bool, create: bool = False) -> duckdb.DuckDBPyConnection:
    with store_errors(path, "cannot open as a DuckDB database"):
        con = duckdb.connect(str(path), read_only=read_only, config=_CONFIG)
        try:
            con.execute("SET enable_progress_bar = false")  # ingest draws its own; queries print nothing else
            _check_schema(con, path, create=create)
        except BaseException:
            con.close()
            raise
    return con


def _older_version(con: duckdb.DuckDBPyConnection, path: Path) -> int | None:
    """The store's schema version if it is older than this saidwhat's (checked by _check_schema)."""
    with store_errors(path, "cannot read"):
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    found = int(row[0]) if row else SCHEMA_VERSION
    return found if found < SCHEMA_VERSION else None


def _check_schema(con: duckdb.DuckDBPyConnection, path: Path, *, create: bool) -> None:
    tables = {
        name
        for (name,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
    }
    if "meta" not in tables:
        if tables or not create:
            raise StoreError(f"{path}: not a saidwhat store (a DuckDB database without saidwhat's tables)")
        _create_schema(con)
        return
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    found = str(row[0]) if row else "missing"
    if found == str(SCHEMA_VERSION) or (found.isdigit() and 1 <= int(found) < SCHEMA_VERSION):
        return  # this version, or an older one `connect` migrates
    if found.isdigit() and int(found) > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: store schema version {found} was written by a newer saidwhat; this saidwhat "
            f"{__version__} reads version {SCHEMA_VERSION}: upgrade saidwhat to use it"
        )
    raise StoreError(f"{path}: unknown store schema version {found!r}; this saidwhat reads {SCHEMA_VERSION}")


def _create_schema(con: duckdb.DuckDBPyConnection) -> None:
    ddl = resources.files("saidwhat.store").joinpath("schema.sql").read_text("utf-8")
    con.execute("BEGIN")
    con.execute(ddl)
    meta = [("schema_version", str(SCHEMA_VERSION)), ("data_generation", "0"), ("index_generation", "0")]
    con.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", meta)
    con.execute("COMMIT")


_Store = TypeVar("_Store", bound="StoreConnection")
_Params = ParamSpec("_Params")
_Result = TypeVar("_Result")


def guarded(
    method: Callable[Concatenate[_Store, _Params], _Result],
) -> Callable[Concatenate[_Store, _Params], _Result]:
    """A store method whose DuckDB errors become `StoreError`s naming the store (`store_errors`)."""

    @functools.wraps(method)
    def call(self: _Store, /, *args: _Params.args, **kwargs: _Params.kwargs) -> _Result:
        with store_errors(self.path, self._action):
            return method(self, *args, **kwargs)

    return call


class Closing:
    """`with` closes it: the one place of the context-manager methods of what holds a store open."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        raise NotImplementedError


class StoreConnection(Closing):
    """An open store file: the connection's lifetime, shared by the writer and the reader."""

    _action = "cannot read"  # what failed, in a `guarded` method's error

    def __init__(self, path: str | Path, *, read_only: bool, create: bool = False) -> None:
        self.path = Path(path)
        self._con = connect(self.path, read_only=read_only, create=create)

    def close(self) -> None:
        self._con.close()

    @guarded
    def stats(self) -> CorpusStats:
        """How many articles, statements, people and ingest runs the store holds."""
        row = self._con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM quotes), "
            "(SELECT count(*) FROM people), (SELECT count(*) FROM runs)"
        ).fetchone()
        articles, quotes, people, runs = row if row else (0, 0, 0, 0)
        return CorpusStats(articles=articles, quotes=quotes, people=people, runs=runs)


def stale_index(path: Path) -> str:
    """The problem of a store whose full-text index is behind its data, and its cure."""
    return (
        f"{path}: the full-text index is older than the data (statements written around the ingest); "
        f"run `saidwhat query --contains WORD --db {path}` once to rebuild it"
    )


def index_is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the full-text index holds every stored statement: the generations are equal."""
    rows = dict(con.execute("SELECT key, value FROM meta").fetchall())
    return bool(rows.get("index_generation") == rows.get("data_generation"))
