"""lrcourse.finder (being written)."""

__all__: list[str] = []
