"""The disclosure API for authorities under /api/v1/luovutus/."""
