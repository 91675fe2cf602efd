"""Action forms built from a pack's action types, and the picker that chooses one."""
