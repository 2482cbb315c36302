"""The import of higher-education study rights from VIRTA, the higher-education achievement register."""
