"""The extractor that turns the national service's Scala schema into `transfer_schema.json`."""

import json
import os
import subprocess

import pytest

from registry.transfer_format.schema import extract
from registry.transfer_format.schema.model import SCHEMA_FILE
from registry.transfer_format.schema.scala_source import ScalaSyntaxError, read_definitions, tokenize
from tests.conftest import REFERENCE

# A small schema in the national service's style, written for these tests.
EXAMPLE_SOURCE = '''
package fi.oph.koski.schema

import fi.oph.koski.schema.annotation.{KoodistoKoodiarvo, KoodistoUri}
import fi.oph.scalaschema.annotation._

object Lajit {
  type Tunnus = String
  val ensimmäinen = apply("eka")
  val versio = "V-1"
}

/* A trait whose annotations apply /* nested comment */ to every class that has the member. */
trait Kohde {
  @KoodistoUri("lajit")
  @Discriminator
  def laji: Koodistokoodiviite
  @SyntheticProperty
  def laskettu: Option[LocalDate] = None
  @SensitiveData(Set(Rooli.LUOTTAMUKSELLINEN_KAIKKI_TIEDOT))
  def salainen: Option[Boolean]
  def kuvausTeksti: String = s"${laji.koodiarvo} (${Map("a" -> "}").size})"
}

@OnlyWhen("../tyyppi", Lajit.versio)
case class Ensimmäinen(
  @KoodistoKoodiarvo(Lajit.ensimmäinen.koodiarvo)
  laji: Koodistokoodiviite = Koodistokoodiviite("eka", "lajit"),
  tunnus: Lajit.Tunnus,
  @DefaultValue(false)
  valmis: Boolean = false,
  @Description("Kuvaus, jossa on \\"lainausmerkkejä\\" ja " + "jatkoa")
  salainen: Option[Boolean] = None,
  @MinItems(1)
  osat: List[Kohde],
  laajuus: Option[Double] = None,
) extends Kohde with Toinen

trait Toinen

case class Koodistokoodiviite(koodiarvo: String, koodistoUri: String)

case class Oppija(kohteet: Seq[Kohde])
'''


def example_schema():
    return extract.extract({"Esimerkki.scala": EXAMPLE_SOURCE}, "0" * 40)


def test_fields_take_types_and_optionality_from_the_constructor():
    fields = example_schema()["classes"]["Ensimmäinen"]["fields"]

    assert fields["tunnus"] == {"type": "string"}
    assert fields["laajuus"] == {"type": "number", "optional": True}
    assert fields["osat"] == {"type": {"list": {"ref": "Kohde"}}, "minItems": 1}
    assert fields["valmis"] == {"type": "boolean", "default": False}


def test_trait_annotations_apply_to_the_class_field():
    laji = example_schema()["classes"]["Ensimmäinen"]["fields"]["laji"]

    assert laji == {"type": {"ref": "Koodistokoodiviite"}, "codeValues": ["eka"], "codeSets": ["lajit"], "discriminator": True}


def test_trait_sensitive_mark_reaches_class():
    salainen = example_schema()["classes"]["Ensimmäinen"]["fields"]["salainen"]

    assert salainen["sensitive"] == ["LUOTTAMUKSELLINEN_KAIKKI_TIEDOT"]


def test_synthetic_member_becomes_an_optional_field():
    laskettu = example_schema()["classes"]["Ensimmäinen"]["fields"]["laskettu"]

    assert laskettu == {"type": "date", "optional": True, "synthetic": True}


def test_class_conditions_resolve_constants():
    assert example_schema()["classes"]["Ensimmäinen"]["onlyWhen"] == [["../tyyppi", "V-1"]]


def test_traits_list_their_implementations():
    description = example_schema()

    assert description["traits"] == {"Kohde": ["Ensimmäinen"]}
    assert description["classes"]["Ensimmäinen"]["traits"] == ["Kohde", "Toinen"]
    assert set(description["classes"]) == {"Ensimmäinen", "Koodistokoodiviite", "Oppija"}


def test_unknown_field_type_is_an_error():
    source = EXAMPLE_SOURCE.replace("tunnus: Lajit.Tunnus", "tunnus: Tuntematon")

    with pytest.raises(extract.ExtractionError, match="unknown type Tuntematon"):
        extract.extract({"Esimerkki.scala": source}, "0" * 40)


def test_unterminated_string_is_a_syntax_error():
    with pytest.raises(ScalaSyntaxError, match="Esimerkki.scala:1"):
        tokenize('val x = "open', "Esimerkki.scala")


def test_interpolated_string_with_nested_quotes_is_one_token():
    tokens = tokenize('val x = s"${y("}")} z"\nval w = 1', "Esimerkki.scala")

    assert [token.text for token in tokens][:4] == ["val", "x", "=", "s"]
    assert tokens[5].text == "val"


def test_definitions_keep_their_parents():
    definitions = {definition.name: definition for definition in read_definitions(EXAMPLE_SOURCE, "Esimerkki.scala")}

    assert definitions["Ensimmäinen"].parents == ["Kohde", "Toinen"]
    assert definitions["Lajit"].constants == {"ensimmäinen": "eka", "versio": "V-1"}


def test_sources_are_read_from_a_git_revision(tmp_path):
    schema_directory = tmp_path / extract.SCHEMA_DIRECTORY
    schema_directory.mkdir(parents=True)
    (schema_directory / "Esimerkki.scala").write_text(EXAMPLE_SOURCE, encoding="utf-8")
    git = ["git", "-C", str(tmp_path), "-c", "user.name=Test", "-c", "user.email=test@example.invalid"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Add example schema"], check=True)

    commit, sources = extract.read_sources(tmp_path, "HEAD")

    assert len(commit) == 40
    assert sources == {"Esimerkki.scala": EXAMPLE_SOURCE}


def test_committed_schema_is_from_the_pinned_revision():
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))

    assert committed["source"]["revision"] == (REFERENCE / "SOURCE_REVISION").read_text().strip()


@pytest.mark.skipif("KOSKI_REPOSITORY" not in os.environ, reason="set KOSKI_REPOSITORY to a clone of Opetushallitus/koski")
def test_committed_schema_matches_a_fresh_extraction():
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))

    commit, sources = extract.read_sources(os.environ["KOSKI_REPOSITORY"], committed["source"]["revision"])

    assert extract.extract(sources, commit) == committed
