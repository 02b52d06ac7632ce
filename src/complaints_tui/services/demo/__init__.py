"""Demo data: a deterministic, realistic landlord's worth of residents, staff and cases.

`build_demo(store, DemoRecipe(residents=…, cases=…, seed=…))` fills an empty database (made by
the migrations, so the services and the UI use it as they would a real one). The same recipe and
the same `today` give the same database, row for row.

The rows are what the services would have written had every contact gone through them: the
vocabularies are the services' own enums (`domain.kinds`, `domain.deadlines`), never strings of
the demo's own; each case's life is played as the services play it (logged and triaged by
`domain.triage`, stage opened, assigned, acknowledged, extended, decided, answered, escalated,
withdrawn or closed), and each step leaves the audit event, with the same action name and the
same before/after values, that the service would have appended. Deadlines and next due dates
come from the one deadline engine, `domain.schedule`, as the services store them. So the
version, the next due date, the timeline and the handler rules read demo cases exactly as they
read cases made by hand.

Speed: rows are plain dicts written in bulk by `store.bulk` (never ORM objects), with secondary
indexes dropped and the cycle collector paused for the load; date sums and the engine's next due
dates are memoised, and triage runs once per shape of contact, not per contact.

The modules, in the order a build uses them: `recipe` (sizes, seed, word lists from data/demo),
`chance` and `words` (the seeded draws and fixed mixes), `vocabulary` (the services' field sets
and statuses), `people` (staff, areas, residents), `arrivals` (when contacts come in),
`cases` → `intake` / `complaints` → `stages` (the plan and its deadlines) → `playing` (a stage's
service calls) → `ending` (response, closure, withdrawal), all recorded through `life`; and
`build`, which drives them and writes the rows.
"""

from complaints_tui.services.demo.arrivals import SHOWCASE, received_dates, showcase
from complaints_tui.services.demo.build import build_demo, resolve_profile
from complaints_tui.services.demo.recipe import (
    DemoError,
    DemoRecipe,
    DemoSummary,
    ProgressFn,
    RecipeLists,
    load_lists,
)
from complaints_tui.services.demo.vocabulary import (
    CLOSE_FIELDS,
    RESTRICTION_KINDS,
    STATUS_CLOSED,
    STATUS_NEW,
    STATUS_OPEN,
    STATUS_RESPONDED,
    STATUS_WITHDRAWN,
)

__all__ = [
    "CLOSE_FIELDS",
    "RESTRICTION_KINDS",
    "SHOWCASE",
    "STATUS_CLOSED",
    "STATUS_NEW",
    "STATUS_OPEN",
    "STATUS_RESPONDED",
    "STATUS_WITHDRAWN",
    "DemoError",
    "DemoRecipe",
    "DemoSummary",
    "ProgressFn",
    "RecipeLists",
    "build_demo",
    "load_lists",
    "received_dates",
    "resolve_profile",
    "showcase",
]
