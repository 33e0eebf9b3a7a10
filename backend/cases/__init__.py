"""A report once made: creating it, its statuses, and its history as residents and staff see it."""
