"""The boundary of the national data-transfer format: the only modules that know its Finnish keys.

Everything inside the register works on English names; these modules read incoming documents
into plain data, check their structure, fill in names, derive achievement rows and write the
register's data back out in the format.
"""
