"""Permission-scoped reads. Each selector states which records it includes."""
