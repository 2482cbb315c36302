"""The import of matriculation examination records from YTR, the Matriculation Examination Board's register."""
