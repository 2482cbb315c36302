"""Codes and organisations for the imports, resolved against the register's reference data once per run."""

from django.conf import settings
from django.utils.translation import gettext

from ...models import Code, Organisation, OrganisationKind
from ...services.ingest.resolve import PROVIDER_KINDS
from ...transfer_format.source_registers import CodeValue, Institution
from .problems import ImportFailed, ImportProblem

INSTITUTION_NUMBER_CODE_SET = "oppilaitosnumero"
MUNICIPALITY_CODE_SET = "kunta"


class ReferenceData:
    """Code sets and organisations read from the database as an import needs them, cached for the run."""

    def __init__(self):
        self._code_sets = {}
        self._organisations = {}
        self._by_number = {}
        if not Code.objects.exists():
            raise ImportFailed(gettext(
                "The register has no code sets. Load the reference data first: manage.py load_reference_data DIR."
            ))

    # Codes

    def code(self, code_set, value):
        """Return the CodeValue of (code set, value), or None when the code set has no such code."""
        if code_set not in self._code_sets:
            self._code_sets[code_set] = {
                code.value: CodeValue(code_set, code.value, dict(code.name), dict(code.short_name))
                for code in Code.objects.filter(code_set_uri=code_set)
            }
        return self._code_sets[code_set].get(value)

    def require_code(self, code_set, value, location):
        """Return the CodeValue of (code set, value), or raise ImportProblem naming the unknown code."""
        code = self.code(code_set, value)
        if code is None:
            raise ImportProblem(location, gettext("code %(value)s is not in code set %(code_set)s") % {
                "value": value or gettext("(empty)"), "code_set": code_set,
            })
        return code

    def fixed_code(self, code_set, value):
        """Return a code that every imported document needs; its absence means the reference data is incomplete."""
        code = self.code(code_set, value)
        if code is None:
            raise ImportFailed(gettext(
                "Code %(value)s of code set %(code_set)s is missing from the reference data. Load the code sets again."
            ) % {"value": value, "code_set": code_set})
        return code

    # Organisations

    def organisation(self, oid):
        if oid not in self._organisations:
            self._organisations[oid] = Organisation.objects.filter(oid=oid).first()
        return self._organisations[oid]

    def institution_by_oid(self, oid):
        """Return the Institution of an organisation OID; an OID the organisation data lacks is kept as given."""
        organisation = self.organisation(oid)
        if organisation is None:
            return Institution(oid=oid)
        return self._institution_of(organisation)

    def institution_by_number(self, number, location):
        """Return the Institution that VIRTA names by `number`.

        A number is found in the organisation hierarchy, else in code set oppilaitosnumero (a name
        but no OID). A code that is not a number, such as UK, names a foreign institution, kept as
        that text. A number found in neither raises ImportProblem.
        """
        if not number.isdigit():
            return Institution(foreign_text=number)
        if number not in self._by_number:
            candidates = list(Organisation.objects.filter(institution_number=number).order_by("-active", "path"))
            organisation = next((row for row in candidates if row.kind == OrganisationKind.INSTITUTION), None)
            self._by_number[number] = organisation or (candidates[0] if candidates else None)
        organisation = self._by_number[number]
        if organisation is not None:
            self._organisations[organisation.oid] = organisation
            return self._institution_of(organisation)
        code = self.code(INSTITUTION_NUMBER_CODE_SET, number)
        if code is None:
            raise ImportProblem(location, gettext(
                "institution number %(value)s is found neither in the organisation data nor in code set oppilaitosnumero"
            ) % {"value": number})
        return Institution(names=dict(code.name), number=code)

    def _institution_of(self, organisation):
        number = self.code(INSTITUTION_NUMBER_CODE_SET, organisation.institution_number) if organisation.institution_number else None
        municipality = self.code(MUNICIPALITY_CODE_SET, organisation.municipality_code) if organisation.municipality_code else None
        return Institution(oid=organisation.oid, names=dict(organisation.name), number=number, municipality=municipality)

    def row_of(self, institution):
        """Return the Organisation row of an Institution, or None when it has no OID the register holds."""
        return self.organisation(institution.oid) if institution is not None and institution.oid else None

    def provider_of(self, organisation):
        """Return the education provider above `organisation` (or itself), or None."""
        if organisation is None:
            return None
        for oid in [organisation.oid, *reversed(organisation.ancestor_oids)]:
            candidate = self.organisation(oid)
            if candidate is not None and candidate.kind in PROVIDER_KINDS:
                return candidate
        return None

    def matriculation_board(self):
        """Return the Institution of the Matriculation Examination Board, which the organisation data must hold."""
        board = self.organisation(settings.TOR_MATRICULATION_BOARD_OID)
        if board is None:
            raise ImportFailed(gettext(
                "The Matriculation Examination Board %(oid)s is missing from the organisation data. Load the reference data first."
            ) % {"oid": settings.TOR_MATRICULATION_BOARD_OID})
        return self._institution_of(board)
