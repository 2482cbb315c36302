"""Writes of the register: every entry point (API, admin, commands, tasks) calls these services."""
