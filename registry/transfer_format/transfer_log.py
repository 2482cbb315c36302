"""Write the transfer log (tiedonsiirrot) in the register's API format, with identity codes masked."""

from .. import identity_codes
from .writer import format_timestamp


def transfer_attempt_document(attempt, errors=None):
    """Return a transfer log row in the API format, with `errors` in place of the row's own when given."""
    code = ""
    if attempt.identity_code_ciphertext:
        code = identity_codes.mask(identity_codes.decrypt(attempt.identity_code_ciphertext))
    organisation = attempt.organisation
    return {
        "oppija": {
            "oid": attempt.learner_oid or None,
            "hetu": code or None,
            "etunimet": attempt.first_names,
            "sukunimi": attempt.last_name,
        },
        "oppilaitos": {"oid": organisation.oid, "nimi": organisation.name} if organisation else None,
        "lähdejärjestelmä": attempt.source_system or None,
        "onnistunut": attempt.succeeded,
        "virheet": attempt.errors if errors is None else errors,
        "siirtoja": attempt.attempts,
        "aikaleima": format_timestamp(attempt.updated_at),
    }


def transfer_summary_document(row):
    return {
        "oppilaitos": {"oid": row["organisation__oid"], "nimi": row["organisation__name"]} if row["organisation__oid"] else None,
        "lähdejärjestelmä": row["source_system"] or None,
        "siirtoja": row["sent"],
        "oppijoita": row["learners"],
        "epäonnistuneita": row["failed"],
        "onnistuneita": row["succeeded"],
        "viimeisin": format_timestamp(row["last_transfer"]),
    }
