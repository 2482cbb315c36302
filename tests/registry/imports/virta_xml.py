"""Small VIRTA responses for tests, in the namespace and SOAP envelope of VIRTA's real responses."""

from textwrap import dedent

ENVELOPE = """<?xml version="1.0"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">
  <SOAP-ENV:Body>
    <virtaluku:OpiskelijanKaikkiTiedotResponse xmlns:virtaluku="http://tietovaranto.csc.fi/luku">
      <virta:Virta xmlns:virta="urn:mace:funet.fi:virta/2015/09/01">
{students}
      </virta:Virta>
    </virtaluku:OpiskelijanKaikkiTiedotResponse>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>
"""

PERSONAL_DATA = """<?xml version="1.0"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">
  <SOAP-ENV:Body>
    <virtaluku:OpiskelijanTiedotResponse xmlns:virtaluku="http://tietovaranto.csc.fi/luku">
      <virta:Opiskelijat xmlns:virta="urn:mace:funet.fi:virta/2015/09/01">
        <virta:Opiskelija avain="h1">
          <virta:Henkilotunnus>{identity_code}</virta:Henkilotunnus>
          <virta:Sukunimi>{last_name}</virta:Sukunimi>
          <virta:Etunimet>{first_names}</virta:Etunimet>
          <virta:Kansalaisuus>246</virta:Kansalaisuus>
          <virta:Aidinkieli>sv</virta:Aidinkieli>
        </virta:Opiskelija>
      </virta:Opiskelijat>
    </virtaluku:OpiskelijanTiedotResponse>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>
"""


def response(*students):
    return ENVELOPE.format(students="\n".join(students))


def student(*content, identity_code=None, oid=None, key="s1"):
    identifiers = ""
    if identity_code:
        identifiers += f"<virta:Henkilotunnus>{identity_code}</virta:Henkilotunnus>"
    if oid:
        identifiers += f"<virta:KansallinenOppijanumero>{oid}</virta:KansallinenOppijanumero>"
    return f'<virta:Opiskelija avain="{key}">{identifiers}{"".join(content)}</virta:Opiskelija>'


def study_rights(*items):
    return f"<virta:Opiskeluoikeudet>{''.join(items)}</virta:Opiskeluoikeudet>"


def study_right(key, *, institution="01901", kind="2", states=(("2015-08-01", "1"),), end=None, extra="", student_key="s1",
                programme=("2015-08-01", "651301", "Tieto- ja viestintätekniikan koulutus")):
    state_xml = "".join(
        f"<virta:Tila><virta:AlkuPvm>{start}</virta:AlkuPvm><virta:Koodi>{code}</virta:Koodi></virta:Tila>"
        for start, code in states
    )
    programme_xml = ""
    if programme:
        start, education_code, name = programme
        programme_xml = dedent(f"""
            <virta:Jakso koulutusmoduulitunniste="P1">
              <virta:AlkuPvm>{start}</virta:AlkuPvm>
              <virta:Koulutuskoodi>{education_code}</virta:Koulutuskoodi>
              <virta:Koulutuskunta>091</virta:Koulutuskunta>
              <virta:Nimi kieli="fi">{name}</virta:Nimi>
            </virta:Jakso>""")
    end_xml = f"<virta:LoppuPvm>{end}</virta:LoppuPvm>" if end else ""
    return (
        f'<virta:Opiskeluoikeus avain="{key}" opiskelijaAvain="{student_key}">'
        f"<virta:AlkuPvm>{states[0][0]}</virta:AlkuPvm>{end_xml}{state_xml}"
        f"<virta:Tyyppi>{kind}</virta:Tyyppi><virta:Myontaja>{institution}</virta:Myontaja>"
        f"{programme_xml}{extra}</virta:Opiskeluoikeus>"
    )


def course_units(*items):
    return f"<virta:Opintosuoritukset>{''.join(items)}</virta:Opintosuoritukset>"


def course_unit(key, *, study_right_key=None, name="Johdatus", module_id="C1", credits="5", grade="<virta:Viisiportainen>4</virta:Viisiportainen>",
                institution="01901", kind="2", date="2016-05-20", extra="", student_key="s1"):
    link = f' opiskeluoikeusAvain="{study_right_key}"' if study_right_key else ""
    grade_xml = f"<virta:Arvosana>{grade}</virta:Arvosana>" if grade else ""
    scope_xml = f"<virta:Laajuus><virta:Opintopiste>{credits}</virta:Opintopiste></virta:Laajuus>" if credits else ""
    return (
        f'<virta:Opintosuoritus avain="{key}" opiskelijaAvain="{student_key}" koulutusmoduulitunniste="{module_id}"{link}>'
        f"<virta:SuoritusPvm>{date}</virta:SuoritusPvm>{scope_xml}{grade_xml}"
        f"<virta:Myontaja>{institution}</virta:Myontaja><virta:Laji>{kind}</virta:Laji>"
        f'<virta:Nimi kieli="fi">{name}</virta:Nimi><virta:Kieli>fi</virta:Kieli>{extra}</virta:Opintosuoritus>'
    )


def term_registrations(*items):
    return f"<virta:LukukausiIlmoittautumiset>{''.join(items)}</virta:LukukausiIlmoittautumiset>"


def term_registration(start, end, *, state="1", study_right_key=None, institution="01901", student_key="s1"):
    link = f' opiskeluoikeusAvain="{study_right_key}"' if study_right_key else ""
    return (
        f'<virta:LukukausiIlmoittautuminen opiskelijaAvain="{student_key}"{link}>'
        f"<virta:Myontaja>{institution}</virta:Myontaja><virta:Tila>{state}</virta:Tila>"
        f"<virta:AlkuPvm>{start}</virta:AlkuPvm><virta:LoppuPvm>{end}</virta:LoppuPvm>"
        f"<virta:YlioppilaskuntaJasen>true</virta:YlioppilaskuntaJasen></virta:LukukausiIlmoittautuminen>"
    )


def personal_data(identity_code, first_names, last_name):
    return PERSONAL_DATA.format(identity_code=identity_code, first_names=first_names, last_name=last_name)
