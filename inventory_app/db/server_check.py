"""Is this office server ready for the inventory? One connection attempt, said plainly.

`check_server` connects to a postgresql:// URL (waiting at most `CONNECT_TIMEOUT` seconds)
and says what is wrong in words an office assistant can act on: the server is not reachable
(host or port), the user name or password is wrong, the database is missing, it holds
something that is not this program's inventory, or it was made by a newer version. Nothing
is created or changed. No message ever shows a password.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

from inventory_app.db.connection import hide_passwords, is_postgres_url
from inventory_app.db.drivers import load_postgres_driver
from inventory_app.db.models import SchemaVersion
from inventory_app.db.schema import CURRENT_VERSION

if TYPE_CHECKING:
    import psycopg

CONNECT_TIMEOUT = 5  # seconds
DEFAULT_PORT = 5432


class Problem(StrEnum):
    NONE = "none"
    UNREACHABLE = "unreachable"
    LOGIN = "login"
    NO_DATABASE = "no database"
    NOT_OURS = "not ours"
    NEWER = "newer"
    NO_RIGHTS = "no rights"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class ServerCheck:
    """The outcome of `check_server`: `ok`, and `text` to show either way."""

    ok: bool
    problem: Problem
    text: str


@dataclass(frozen=True, slots=True)
class ServerAddress:
    """Where the inventory is on the office server (no password)."""

    host: str
    port: int = DEFAULT_PORT
    database: str = ""
    user: str = ""


def server_url(address: ServerAddress, password: str = "") -> str:
    """The postgresql:// URL of `address`, with `password` in it when one is given."""
    host = address.host.strip()
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address
    user = quote(address.user.strip(), safe="")
    if password:
        user = f"{user}:{quote(password, safe='')}"
    login = f"{user}@" if user else ""
    return f"postgresql://{login}{host}:{address.port}/{quote(address.database.strip(), safe='')}"


def split_server_url(url: str) -> ServerAddress:
    """The host, port, database and user of a postgresql:// URL (its password left out)."""
    parts = urlsplit("postgresql://" + url.split("://", 1)[1] if is_postgres_url(url) else url)
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError:
        port = DEFAULT_PORT
    return ServerAddress(
        host=parts.hostname or "",
        port=port,
        database=unquote(parts.path.lstrip("/")),
        user=unquote(parts.username or ""),
    )


UNREACHABLE_SIGNS = (
    "connection refused",
    "timeout expired",
    "timed out",
    "could not translate host name",
    "failed to resolve host",
    "name or service not known",
    "no route to host",
    "network is unreachable",
    "could not connect",
    "nodename nor servname",
    "no such host",
)


def _first_line(exc: BaseException, url: str) -> str:
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    return hide_passwords(lines[0], url) if lines else type(exc).__name__


def diagnose_connect_error(exc: BaseException, url: str) -> ServerCheck:
    """What a failed connection to `url` means, from the error the server library raised."""
    address = split_server_url(url)
    where = f"{address.host}, port {address.port}"
    text = str(exc).lower()
    sqlstate = getattr(exc, "sqlstate", None)
    if sqlstate == "28P01" or "password authentication failed" in text:
        return ServerCheck(
            False,
            Problem.LOGIN,
            f'The password is wrong for the user "{address.user}" (or the server has no such '
            "user). Check the user name and type the password again.",
        )
    if "no password supplied" in text:
        return ServerCheck(
            False, Problem.LOGIN, f'The server asks for a password for the user "{address.user}". Type it.'
        )
    if sqlstate == "3D000" or ('database "' in text and "does not exist" in text):
        return ServerCheck(
            False,
            Problem.NO_DATABASE,
            f'The server at {where} has no database named "{address.database}". Check the '
            "database name, or have it created first (Help ▸ Set up the office server).",
        )
    if sqlstate == "28000" or ('role "' in text and "does not exist" in text):
        return ServerCheck(
            False,
            Problem.LOGIN,
            f'The server has no user named "{address.user}". Check the user name.',
        )
    if any(sign in text for sign in UNREACHABLE_SIGNS):
        return ServerCheck(
            False,
            Problem.UNREACHABLE,
            f"The server cannot be reached at {where}. Check the server name and the port, and "
            "that the server is switched on and this computer is on the office network.",
        )
    if "ssl negotiation" in text or "server closed the connection" in text:
        return ServerCheck(
            False,
            Problem.UNREACHABLE,
            f"Something that is not a PostgreSQL server answers at {where}. Check the port "
            f"(usually {DEFAULT_PORT}).",
        )
    return ServerCheck(False, Problem.OTHER, f"Cannot connect to the server ({_first_line(exc, url)}).")


def _inspect(conn: psycopg.Connection, address: ServerAddress) -> ServerCheck:
    """Whether the database `conn` is connected to holds this program's inventory (or nothing)."""
    tables = {
        row[0]
        for row in conn.execute(
            "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"
        )
    }
    version_table = SchemaVersion._meta.table_name
    if not tables:
        row = conn.execute("SELECT has_schema_privilege(current_schema(), 'CREATE')").fetchone()
        if row is None or not row[0]:
            return ServerCheck(
                False,
                Problem.NO_RIGHTS,
                f'The database "{address.database}" is there, but the user "{address.user}" may '
                "not create the inventory in it. Make this user the database's owner "
                "(createdb -O, see Help ▸ Set up the office server).",
            )
        return ServerCheck(
            True,
            Problem.NONE,
            f'Connected. The database "{address.database}" is empty: the program sets up a new '
            "inventory in it.",
        )
    not_ours = ServerCheck(
        False,
        Problem.NOT_OURS,
        f'The database "{address.database}" already holds something that is not this '
        "program's inventory. Check the database name; the program will not change it.",
    )
    if version_table not in tables:
        return not_ours
    found = conn.execute(f'SELECT version FROM "{version_table}" ORDER BY id DESC LIMIT 1').fetchone()
    version = found[0] if found else None
    if found is not None and not isinstance(version, int):
        return not_ours
    if version is not None and version > CURRENT_VERSION:
        return ServerCheck(
            False,
            Problem.NEWER,
            f'The inventory in "{address.database}" was made by a newer version of this program '
            f"(schema {version}; this one knows up to {CURRENT_VERSION}). Install the newer "
            "program on this computer; the database was not changed.",
        )
    return ServerCheck(True, Problem.NONE, f'Connected. The inventory in "{address.database}" is ready.')


def check_server(url: str) -> ServerCheck:
    """Connect to `url` once and say whether the inventory can be kept there, and if not why."""
    load_postgres_driver()  # loaded only when a server is checked or opened
    import psycopg

    address = split_server_url(url)
    conninfo = "postgresql://" + url.split("://", 1)[1] if is_postgres_url(url) else url
    try:
        conn = psycopg.connect(conninfo, connect_timeout=CONNECT_TIMEOUT, autocommit=True)
    except psycopg.Error as exc:
        return diagnose_connect_error(exc, url)
    except (ValueError, UnicodeError) as exc:  # a malformed URL, named without its password
        return ServerCheck(
            False, Problem.OTHER, f"The server details are not valid ({_first_line(exc, url)})."
        )
    try:
        return _inspect(conn, address)
    except psycopg.Error as exc:
        return ServerCheck(
            False, Problem.OTHER, f"Connected, but the database cannot be read ({_first_line(exc, url)})."
        )
    finally:
        conn.close()
