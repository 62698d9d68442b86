"""lrcourse.schedules (being written)."""

__all__: list[str] = []
