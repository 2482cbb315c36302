"""Pieces shared by the documents that the register builds from other national registers (VIRTA, YTR).

The builders in `higher_education.py` and `matriculation.py` write code and organisation
references through these functions, so an imported document names codes and organisations the
way a document accepted through the API does after the register filled in their names.
"""

from dataclasses import dataclass, field

from .references import CODE_SET, CODE_VALUE, NAME, SHORT_NAME


@dataclass(frozen=True)
class CodeValue:
    """A code of a code set with the names the register's code tables give it."""

    code_set: str
    value: str
    name: dict = field(default_factory=dict, compare=False)
    short_name: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Institution:
    """An institution as a source register names it.

    It is one of three kinds. An organisation of the hierarchy has `oid`. An institution known
    only by its number in code set `oppilaitosnumero` has `number` and no `oid`. A foreign
    institution, which the source register names by a non-numeric code such as UK, has that code
    as `foreign_text`.
    """

    oid: str = ""
    names: dict = field(default_factory=dict, compare=False)
    number: CodeValue | None = None
    municipality: CodeValue | None = None
    foreign_text: str = ""

    @property
    def key(self):
        """A text that identifies the institution whatever its kind: the OID, the number or the foreign code."""
        if self.oid:
            return self.oid
        if self.number is not None:
            return f"oppilaitosnumero:{self.number.value}"
        return f"foreign:{self.foreign_text}"


def code_reference(code):
    """Return a code reference {koodiarvo, nimi, lyhytNimi, koodistoUri} of a CodeValue."""
    reference = {CODE_VALUE: code.value}
    if code.name:
        reference[NAME] = dict(code.name)
    if code.short_name:
        reference[SHORT_NAME] = dict(code.short_name)
    reference[CODE_SET] = code.code_set
    return reference


def institution_reference(institution):
    """Return an institution (Oppilaitos) reference.

    NOTE: the national schema requires `oid`. An institution known only by its number, or a
    foreign one, is written without it, as its number and name or as its name alone.
    """
    if institution.foreign_text:
        return {NAME: {"fi": institution.foreign_text}}
    reference = {}
    if institution.oid:
        reference["oid"] = institution.oid
    if institution.number is not None:
        reference["oppilaitosnumero"] = code_reference(institution.number)
    if institution.names:
        reference[NAME] = dict(institution.names)
    if institution.municipality is not None:
        reference["kotipaikka"] = code_reference(institution.municipality)
    return reference


def organisation_reference(organisation):
    """Return an {oid, nimi} reference of an Organisation row."""
    reference = {"oid": organisation.oid}
    if organisation.name:
        reference[NAME] = dict(organisation.name)
    return reference


def localized(names):
    """Return a LocalizedString of the format: the non-empty names by language."""
    return {language: text for language, text in names.items() if text}
