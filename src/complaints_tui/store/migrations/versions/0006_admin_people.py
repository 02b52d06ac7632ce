"""People and routing set up by an administrator: out of office (routing passes them by),
retired categories (kept on old cases, not offered for new ones), each service area's
investigating-manager and stage 2 reviewer pools, and the round robin pointers (who had the
last turn of each pool). Existing areas get their default manager as a pool of one, so they
route as before.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-09
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN: a batch copy of `users` cannot drop the old table while rows refer to it.
    op.add_column(
        "users", sa.Column("out_of_office", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.add_column(
        "categories", sa.Column("retired", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.create_table(
        "service_area_staff",
        sa.Column("service_area_id", sa.Integer(), nullable=False),
        sa.Column("pool", sa.String(length=10), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "pool IN ('manager', 'reviewer')", name=op.f("ck_service_area_staff_pool")
        ),
        sa.ForeignKeyConstraint(
            ["service_area_id"],
            ["service_areas.id"],
            name=op.f("fk_service_area_staff_service_area_id_service_areas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_service_area_staff_user_id_users")
        ),
        sa.PrimaryKeyConstraint(
            "service_area_id", "pool", "user_id", name=op.f("pk_service_area_staff")
        ),
    )
    op.create_table(
        "routing_pointers",
        sa.Column("service_area_id", sa.Integer(), nullable=False),
        sa.Column("pool", sa.String(length=10), nullable=False),
        sa.Column("last_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["service_area_id"],
            ["service_areas.id"],
            name=op.f("fk_routing_pointers_service_area_id_service_areas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["last_user_id"], ["users.id"], name=op.f("fk_routing_pointers_last_user_id_users")
        ),
        sa.PrimaryKeyConstraint("service_area_id", "pool", name=op.f("pk_routing_pointers")),
    )
    op.execute(
        "INSERT INTO service_area_staff (service_area_id, pool, user_id, position) "
        "SELECT id, 'manager', default_manager_id, 0 FROM service_areas "
        "WHERE default_manager_id IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_table("routing_pointers")
    op.drop_table("service_area_staff")
    op.drop_column("categories", "retired")
    op.drop_column("users", "out_of_office")
