"""Writes of the authorities app: every entry point (admin, commands, tasks) calls these services."""
