"""Alembic environment: always run programmatically with a live connection.

``yuyou_desktop.storage.migrate`` passes the connection in ``config.attributes``.
"""

from alembic import context

from yuyou_desktop.storage.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
