"""Models of authorities, data-sharing agreements, API clients and disclosures.

NOTE: no models yet. Authorities see nothing until data-sharing agreements exist here.
"""
