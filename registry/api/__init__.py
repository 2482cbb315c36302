"""The provider API in the national transfer format, under /api/v1/ and the national service's /koski/api/ paths."""
