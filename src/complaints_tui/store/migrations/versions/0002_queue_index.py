"""Queue indexes: open cases by status (and handler) and due date.

The first index (handler_id, next_due_on) made SQLite walk every closed case of the unassigned
"handler" and, for the all-handlers queue, every case with no due date, before the first open
one: 0.5 s on 500,000 cases. (status, handler_id, next_due_on) and (status, next_due_on) serve
both straight from an index.

Revision ID: 0002
Revises: 0001
Create Date: 2026-01-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_cases_status_handler_due", "cases", ["status", "handler_id", "next_due_on"])
    op.create_index("ix_cases_status_due", "cases", ["status", "next_due_on"])
    op.drop_index("ix_cases_handler_due", table_name="cases")


def downgrade() -> None:
    op.create_index("ix_cases_handler_due", "cases", ["handler_id", "next_due_on"])
    op.drop_index("ix_cases_status_due", table_name="cases")
    op.drop_index("ix_cases_status_handler_due", table_name="cases")
