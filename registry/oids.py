"""Object identifiers of the national OID scheme: `1.2.246.562.<node>.<number><check digit>`.

New OIDs get a 10-digit number (10^9 <= n < 10^10) and a check digit: the Finnish reference-number
checksum for persons (node 24), the Luhn checksum for every other node. Incoming OIDs are checked
by pattern only, as the national service does, because older and special OIDs (the agency's own
root 1.2.246.562.10.00000000001, some institutions) carry no valid check digit.
"""

import re
import secrets

OID_ROOT = "1.2.246.562"
LEARNER_NODE = 24
STUDY_RIGHT_NODE = 15
ORGANISATION_NODE = 10

LEARNER_OID_PATTERN = re.compile(r"^1\.2\.246\.562\.(24|98|198)\.\d{11}$")
STUDY_RIGHT_OID_PATTERN = re.compile(r"^1\.2\.246\.562\.15\.\d{11}$")
ORGANISATION_OID_PATTERN = re.compile(r"^1\.2\.246\.562\.(10|99|199)\.\d{11,24}$")


def reference_number_check_digit(number):
    """Return the Finnish reference-number check digit: weights 7, 3, 1 from the right."""
    weights = (7, 3, 1)
    total = sum(int(digit) * weights[index % 3] for index, digit in enumerate(reversed(str(number))))
    return (10 - total % 10) % 10


def luhn_check_digit(number):
    """Return the Luhn check digit for `number`."""
    total = 0
    for index, digit in enumerate(reversed(str(number))):
        value = int(digit)
        if index % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return (10 - total % 10) % 10


def check_digit(node, number):
    return reference_number_check_digit(number) if node == LEARNER_NODE else luhn_check_digit(number)


def generate_oid(node):
    """Return a new random OID of `node` with its check digit."""
    number = 10**9 + secrets.randbelow(9 * 10**9)
    return f"{OID_ROOT}.{node}.{number}{check_digit(node, number)}"


def has_valid_check_digit(oid):
    node, _, tail = oid.removeprefix(f"{OID_ROOT}.").partition(".")
    if not (node.isdigit() and tail.isdigit() and len(tail) >= 2):
        return False
    return check_digit(int(node), tail[:-1]) == int(tail[-1])


def is_learner_oid(value):
    return isinstance(value, str) and bool(LEARNER_OID_PATTERN.match(value))


def is_study_right_oid(value):
    return isinstance(value, str) and bool(STUDY_RIGHT_OID_PATTERN.match(value))


def is_organisation_oid(value):
    return isinstance(value, str) and bool(ORGANISATION_OID_PATTERN.match(value))
