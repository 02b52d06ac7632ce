"""The demo build: an empty database filled with a landlord's worth of people and cases.

`build_demo(store, DemoRecipe(residents=…, cases=…, seed=…))` loads staff and areas, then
residents, then cases in slices written by `store.bulk`; indexes are built again at the end and
statistics gathered, with progress reported as it goes. The whole build is one transaction, so
an interruption or a failure at any point (Ctrl-C, a kill, a full disk) leaves the database as
it was, indexes included: SQLite and PostgreSQL both roll back schema changes with the rows.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from sqlalchemy import Table, insert, select, text
from sqlalchemy.engine import Connection, make_url

from complaints_tui.domain.calendar import calendar_for_profile
from complaints_tui.domain.policy import DEFAULT_PROFILE, PolicyProfile, load_profile
from complaints_tui.locations import policies_dir
from complaints_tui.services._core import LANDLORD_PROFILE_KEY
from complaints_tui.services.demo.arrivals import received_dates, showcase
from complaints_tui.services.demo.cases import CaseMaker
from complaints_tui.services.demo.chance import FastRandom
from complaints_tui.services.demo.life import CaseBatch
from complaints_tui.services.demo.people import People
from complaints_tui.services.demo.recipe import (
    DemoError,
    DemoRecipe,
    DemoSummary,
    ProgressFn,
    load_lists,
)
from complaints_tui.services.demo.words import KIND_MIX, SAFE_TEXT_NAMES
from complaints_tui.services.letters.landlord import KEYS as LETTERHEAD_KEYS
from complaints_tui.store import models as m
from complaints_tui.store.bulk import (
    BulkWriter,
    create_indexes,
    drop_secondary_indexes,
    max_id,
    row_count,
)
from complaints_tui.store.engine import Store

# A slice of cases is written table by table in an order foreign keys accept.
CASE_TABLE_ORDER = (
    "representatives",
    "cases",
    "case_stages",
    "deadlines",
    "extensions",
    "components",
    "remedies",
    "quick_fixes",
    "compliments",
    "learning_tags",
    "satisfaction",
    "events",
)
# The build numbers these rows itself, after any already there.
ID_TABLES = (
    "users",
    "service_areas",
    "categories",
    "residents",
    "representatives",
    "cases",
    "case_stages",
    "deadlines",
    "extensions",
    "components",
    "remedies",
    "compliments",
)
# Every table the build writes: their secondary indexes are dropped for the load.
LOADED_TABLES = (
    "users",
    "service_areas",
    "categories",
    "residents",
    "resident_search_terms",
    "resident_restrictions",
    *CASE_TABLE_ORDER,
)


def resolve_profile(store: Store, name: str | None) -> PolicyProfile:
    """The named profile, else the landlord's profile recorded in the database, else the default."""
    if name is None:
        with store.engine.connect() as connection:
            setting = connection.execute(
                select(m.Setting.value).where(m.Setting.key == LANDLORD_PROFILE_KEY)
            ).scalar()
        name = setting or DEFAULT_PROFILE
    return load_profile(name, policies_dir())


def _letterhead(connection: Connection, profile: PolicyProfile) -> None:
    """A demo letterhead, unless the database already has one (a landlord's own is kept)."""
    settings = m.Base.metadata.tables["settings"]
    if connection.execute(
        select(settings.c.key).where(settings.c.key.in_(LETTERHEAD_KEYS.values()))
    ).first():
        return
    name = profile.name if profile.id != DEFAULT_PROFILE else "Example Homes"
    rows = {
        "name": name,
        "address": "Customer Relations Team\n1 Example Street\nDerby DE1 1AA",
        "phone": "0300 123 4567",
        "email": "complaints@example.org.uk",
        "signature": "Customer Relations",
    }
    values = [{"key": LETTERHEAD_KEYS[k], "value": v} for k, v in rows.items()]
    connection.execute(insert(settings), values)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The load holds a batch's hundreds of thousands of rows, none in a cycle: the collector
    would walk them all again and again for nothing (a seventh of a 100,000-case build)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build_demo(
    store: Store,
    recipe: DemoRecipe,
    on_progress: ProgressFn | None = None,
    *,
    batch_cases: int = 20_000,
) -> DemoSummary:
    """Fill an empty database (residents and cases tables empty) with demo data."""
    started = time.perf_counter()
    progress = on_progress or (lambda phase, done, total: None)
    if recipe.residents < 1 or recipe.cases < 0:
        raise DemoError("The demo needs at least one resident and no fewer than zero cases.")
    if recipe.residents < len(SAFE_TEXT_NAMES):
        raise DemoError(f"The demo needs at least {len(SAFE_TEXT_NAMES)} residents.")
    if store.needs_upgrade():
        store.upgrade()
    profile = resolve_profile(store, recipe.profile)
    today = recipe.today or date.today()
    tables = {name: m.Base.metadata.tables[name] for name in LOADED_TABLES}
    summary = DemoSummary(profile=profile.id, today=today)
    with store.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A load into a new database that nobody else uses: no fsyncs, and no foreign key
            # lookups (the recipe's ids are consistent; the tests run foreign_key_check). The
            # connection is discarded at the end, so these never outlive the build. Set outside
            # the transaction: SQLite ignores `foreign_keys` inside one.
            connection.exec_driver_sql("PRAGMA synchronous = OFF")
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
            connection.exec_driver_sql("PRAGMA cache_size = -262144")
            connection.exec_driver_sql("PRAGMA temp_store = MEMORY")
            connection.commit()
        try:
            # One transaction: committed whole at the end, else rolled back whole (the context
            # manager rolls back on any exception, KeyboardInterrupt included; a killed process
            # leaves an uncommitted transaction, which neither database keeps).
            with connection.begin(), _no_cycle_collection():
                _lock_for_the_build(connection)
                _refuse_filled(connection, store, tables)
                _load(connection, recipe, profile, summary, progress, batch_cases)
        finally:
            if sqlite:
                connection.invalidate()
    summary.seconds = time.perf_counter() - started
    return summary


def _lock_for_the_build(connection: Connection) -> None:
    """Take the write lock first, so another writer is found (and told) before any work, and
    two builds at once cannot both find the database empty."""
    if connection.dialect.name == "sqlite":
        # pysqlite would begin only at the first INSERT, leaving DROP INDEX outside the
        # transaction; an explicit BEGIN keeps every statement in it.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("LOCK TABLE residents, cases IN SHARE ROW EXCLUSIVE MODE")


def _refuse_filled(connection: Connection, store: Store, tables: dict[str, Table]) -> None:
    for name in ("cases", "residents"):
        if row_count(connection, tables[name]):
            where = make_url(store.url).render_as_string(hide_password=True)
            raise DemoError(
                f"The database {where} already has {name}; build the demo in a new database."
            )


def _load(
    connection: Connection,
    recipe: DemoRecipe,
    profile: PolicyProfile,
    summary: DemoSummary,
    progress: ProgressFn,
    batch_cases: int,
) -> None:
    """The build proper, in the caller's one transaction: nothing here commits."""
    sqlite = connection.dialect.name == "sqlite"
    calendar = calendar_for_profile(profile)
    lists = load_lists()
    today = summary.today
    tables = {name: m.Base.metadata.tables[name] for name in LOADED_TABLES}
    ids = {name: max_id(connection, tables[name]) for name in ID_TABLES}
    writer = BulkWriter(connection)
    indexes = drop_secondary_indexes(connection, LOADED_TABLES)
    area_ids = {
        str(name): (int(area_id), default)
        for area_id, name, default in connection.execute(
            select(m.ServiceArea.id, m.ServiceArea.name, m.ServiceArea.default_manager_id)
        )
    }
    category_ids = {
        str(n): int(i) for i, n in connection.execute(select(m.Category.id, m.Category.name))
    }
    people = People(recipe, profile, calendar, lists, today)
    user_rows, area_rows, category_rows = people.users_and_areas(
        ids["users"], area_ids, category_ids
    )
    writer.insert(tables["users"], user_rows)
    writer.insert(tables["service_areas"], area_rows)
    writer.insert(tables["categories"], category_rows)
    summary.rows.update(
        users=len(user_rows), service_areas=len(area_rows), categories=len(category_rows)
    )
    progress("residents", 0, recipe.residents)
    done = 0
    for residents, terms, restrictions, events in people.residents(ids["residents"]):
        writer.insert(tables["residents"], residents)
        writer.insert(tables["resident_search_terms"], terms)
        writer.insert(tables["resident_restrictions"], restrictions)
        writer.insert(tables["events"], events)
        done += len(residents)
        for name, rows in (
            ("residents", residents),
            ("resident_search_terms", terms),
            ("resident_restrictions", restrictions),
            ("events", events),
        ):
            summary.rows[name] = summary.rows.get(name, 0) + len(rows)
        progress("residents", done, recipe.residents)
    people.resident_ids = [ids["residents"] + n for n in range(1, recipe.residents + 1)]
    progress("cases", 0, recipe.cases)
    maker = CaseMaker(people, dict(ids))
    kind_rng = FastRandom(f"{recipe.seed}:kinds")
    dates = received_dates(recipe, today, calendar)
    kinds = [KIND_MIX(kind_rng) for _ in dates]
    scenarios = showcase(dates, kinds, today)
    for start in range(0, len(dates), batch_cases):
        batch = CaseBatch()
        for index in range(start, min(start + batch_cases, len(dates))):
            maker.make(batch, dates[index], kinds[index], scenarios.get(index))
        for name in CASE_TABLE_ORDER:
            rows = batch.tables.get(name, [])
            writer.insert(tables[name], rows)
            summary.rows[name] = summary.rows.get(name, 0) + len(rows)
        progress("cases", min(start + batch_cases, len(dates)), recipe.cases)
    progress("indexes", 0, len(indexes))
    counters = m.Base.metadata.tables["case_counters"]
    existing = {
        int(y): int(n)
        for y, n in connection.execute(select(counters.c.year, counters.c.last_number))
    }
    for year, number in sorted(maker.counters.items()):
        if year in existing:
            connection.execute(
                counters.update()
                .where(counters.c.year == year)
                .values(last_number=max(number, existing[year]))
            )
        else:
            connection.execute(insert(counters).values(year=year, last_number=number))
    if profile.id != DEFAULT_PROFILE or recipe.profile is not None:
        settings = m.Base.metadata.tables["settings"]
        connection.execute(settings.delete().where(settings.c.key == LANDLORD_PROFILE_KEY))
        connection.execute(insert(settings).values(key=LANDLORD_PROFILE_KEY, value=profile.id))
    _letterhead(connection, profile)
    for i, spec in enumerate(indexes):
        create_indexes(connection, [spec])
        progress("indexes", i + 1, len(indexes))
    if not sqlite:
        for name in ID_TABLES:
            connection.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence(:t, 'id'), "
                    f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {name}), false)"
                ),
                {"t": name},
            )
    progress("analyse", 0, 1)
    # Inside the transaction too (both databases allow it; PostgreSQL samples the rows its own
    # transaction wrote), so that the commit is the build's last step.
    connection.exec_driver_sql("ANALYZE")
    progress("analyse", 1, 1)
