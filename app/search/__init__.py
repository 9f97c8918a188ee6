"""Full-text search, a service every feature may use: features index their texts and query the index;
the index knows no feature (a row is a kind, an id, a title, a body and a language)."""
from .index import TABLE, create_index, drop_index, include_name, index, insert, remove, search  # noqa: F401
