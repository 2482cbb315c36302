"""Reads of the authorities app, scoped by the caller's data-sharing agreement. Each selector states what it includes."""
