"""The citizen's pages: own record and the demo's test identification."""
