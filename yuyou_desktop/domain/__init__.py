"""Pure domain rules: dataclasses, enums with Chinese labels, validators.  No SQLAlchemy, no Qt."""
