"""lrcourse.nn (being written)."""

__all__: list[str] = []
