"""Read the declarations of Scala source files: classes, traits, objects, their fields and annotations.

This is not a Scala compiler. It understands the subset that the national service's schema package
is written in: case classes with annotated constructor parameters, traits with annotated `def`
members, objects with type aliases and constant values, and `extends … with …` clauses. Method
bodies and default values are skipped as balanced token groups. The extractor in `extract.py` turns
the declarations into the register's schema description.
"""

from dataclasses import dataclass, field

OPERATOR_CHARS = frozenset("!#%&*+-/:<=>?\\^|~")
PUNCTUATION = frozenset("()[]{},;.@")
OPENING = {"(": ")", "[": "]", "{": "}"}
MODIFIERS = frozenset({
    "case", "sealed", "abstract", "final", "private", "protected", "implicit", "lazy", "override",
})
# Annotations whose arguments the extractor reads; the arguments of others (descriptions, titles,
# tooltips) are skipped unread, because they may be arbitrary expressions.
EVALUATED_ANNOTATIONS = frozenset({
    "KoodistoUri", "KoodistoKoodiarvo", "SensitiveData", "Discriminator", "DefaultValue", "MinItems",
    "MaxItems", "MinValue", "MaxValue", "MinValueExclusive", "MaxValueExclusive", "RegularExpression",
    "OnlyWhen", "NotWhen", "ReadOnly", "Deprecated", "RedundantData", "Hidden",
})
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


class ScalaSyntaxError(ValueError):
    """Source that the reader cannot follow; the message names the file and line."""


@dataclass(frozen=True)
class Token:
    kind: str  # "ident", "string", "number", "char", "op", "punct"
    text: str
    line: int


@dataclass
class TypeExpression:
    """A type as written: `Option[List[Koodistokoodiviite]]` is Option with one argument."""

    name: str
    arguments: list = field(default_factory=list)

    def __str__(self):
        if not self.arguments:
            return self.name
        return f"{self.name}[{', '.join(str(argument) for argument in self.arguments)}]"


@dataclass
class Annotation:
    name: str
    arguments: list  # evaluated values, `Reference` objects for names that need resolving
    named: dict


@dataclass(frozen=True)
class Reference:
    """A name used as an annotation argument, such as `OpiskeluoikeudenTyyppi.lukiokoulutus.koodiarvo`."""

    path: str


@dataclass
class Member:
    """A constructor parameter or a `def`/`val` member of a class, trait or object."""

    name: str
    type: TypeExpression | None
    annotations: list
    has_parameters: bool = False
    has_default: bool = False


@dataclass
class Definition:
    kind: str  # "class", "trait" or "object"
    name: str
    file: str
    line: int
    modifiers: set
    annotations: list
    parents: list = field(default_factory=list)
    parameters: list = field(default_factory=list)
    members: list = field(default_factory=list)
    aliases: dict = field(default_factory=dict)
    constants: dict = field(default_factory=dict)

    @property
    def is_abstract(self):
        return self.kind == "trait" or "abstract" in self.modifiers


def tokenize(source, file):
    """Return the tokens of a Scala source, without comments and whitespace."""
    tokens = []
    position, line, length = 0, 1, len(source)
    while position < length:
        char = source[position]
        if char == "\n":
            line += 1
            position += 1
        elif char.isspace():
            position += 1
        elif source.startswith("//", position):
            end = source.find("\n", position)
            position = length if end < 0 else end
        elif source.startswith("/*", position):
            end = skip_block_comment(source, position, file, line)
            line += source.count("\n", position, end)
            position = end
        elif char == '"':
            interpolated = bool(tokens) and tokens[-1].kind == "ident" and position > 0 and not source[position - 1].isspace()
            end, text = read_string(source, position, interpolated, file, line)
            tokens.append(Token("string", text, line))
            line += source.count("\n", position, end)
            position = end
        elif char == "'" and is_char_literal(source, position):
            end = source.index("'", position + 2 if source[position + 1] == "\\" else position + 1) + 1
            tokens.append(Token("char", source[position:end], line))
            position = end
        elif char == "`":
            end = source.index("`", position + 1)
            tokens.append(Token("ident", source[position + 1:end], line))
            position = end + 1
        elif char.isdigit():
            end = position
            while end < length and (source[end].isalnum() or source[end] == "." and end + 1 < length and source[end + 1].isdigit()):
                end += 1
            tokens.append(Token("number", source[position:end], line))
            position = end
        elif char.isalpha() or char in "_$":
            end = position + 1
            while end < length and (source[end].isalnum() or source[end] in "_$"):
                end += 1
            tokens.append(Token("ident", source[position:end], line))
            position = end
        elif char in PUNCTUATION:
            tokens.append(Token("punct", char, line))
            position += 1
        elif char in OPERATOR_CHARS or char == "'":
            end = position
            while end < length and (source[end] in OPERATOR_CHARS or end == position) and not source.startswith(("//", "/*"), end):
                end += 1
            tokens.append(Token("op", source[position:end], line))
            position = end
        else:
            raise ScalaSyntaxError(f"{file}:{line}: unexpected character {char!r}")
    return tokens


def skip_block_comment(source, position, file, line):
    """Return the position after a block comment; Scala block comments nest."""
    depth, position = 0, position
    while position < len(source):
        if source.startswith("/*", position):
            depth += 1
            position += 2
        elif source.startswith("*/", position):
            depth -= 1
            position += 2
            if depth == 0:
                return position
        else:
            position += 1
    raise ScalaSyntaxError(f"{file}:{line}: unterminated comment")


def is_char_literal(source, position):
    if source[position + 1] == "\\":
        return True
    return position + 2 < len(source) and source[position + 2] == "'"


def read_string(source, position, interpolated, file, line):
    """Return (end position, value) of a string literal; an interpolated string's `${…}` may contain strings."""
    triple = source.startswith('"""', position)
    start = position + (3 if triple else 1)
    position, parts = start, []
    while position < len(source):
        char = source[position]
        if triple and source.startswith('"""', position):
            end = position + 3
            while end < len(source) and source[end] == '"':
                end += 1
            parts.append(source[position:end - 3])
            return end, "".join(parts)
        if not triple and char == '"':
            return position + 1, "".join(parts)
        if not triple and char == "\n":
            break
        if interpolated and source.startswith("${", position):
            position = skip_interpolation(source, position + 2, file, line)
            continue
        if char == "\\" and not triple:
            escaped = source[position + 1]
            if escaped == "u":
                parts.append(chr(int(source[position + 2:position + 6], 16)))
                position += 6
            else:
                parts.append(ESCAPES.get(escaped, escaped))
                position += 2
            continue
        parts.append(char)
        position += 1
    raise ScalaSyntaxError(f"{file}:{line}: unterminated string")


def skip_interpolation(source, position, file, line):
    """Return the position after the `}` that closes an interpolated expression."""
    depth = 1
    while position < len(source):
        char = source[position]
        if char == '"':
            position, _text = read_string(source, position, True, file, line)
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return position + 1
        position += 1
    raise ScalaSyntaxError(f"{file}:{line}: unterminated interpolation")


class Parser:
    """Collect the definitions of one file's tokens."""

    def __init__(self, tokens, file):
        self.tokens = tokens
        self.file = file
        self.position = 0
        self.definitions = []

    # --- token access -------------------------------------------------------------------------

    def peek(self, offset=0):
        index = self.position + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def is_at(self, text, offset=0):
        token = self.peek(offset)
        return token is not None and token.text == text and token.kind in ("punct", "op", "ident")

    def advance(self):
        token = self.tokens[self.position]
        self.position += 1
        return token

    def expect(self, text):
        token = self.peek()
        if token is None or token.text != text:
            self.fail(f"expected {text!r}, found {token.text if token else 'end of file'!r}")
        return self.advance()

    def expect_identifier(self):
        token = self.peek()
        if token is None or token.kind != "ident":
            self.fail(f"expected a name, found {token.text if token else 'end of file'!r}")
        return self.advance().text

    def fail(self, problem):
        token = self.peek() or (self.tokens[-1] if self.tokens else Token("punct", "", 0))
        raise ScalaSyntaxError(f"{self.file}:{token.line}: {problem}")

    def skip_group(self):
        """Skip a balanced (…), […] or {…} group that starts at the current token."""
        closing = [OPENING[self.advance().text]]
        while closing:
            token = self.peek()
            if token is None:
                self.fail("unbalanced brackets")
            self.advance()
            if token.kind == "punct" and token.text in OPENING:
                closing.append(OPENING[token.text])
            elif token.kind == "punct" and token.text in ")]}":
                if token.text != closing[-1]:
                    self.fail(f"unbalanced {token.text!r}")
                closing.pop()

    def at_group(self):
        token = self.peek()
        return token is not None and token.kind == "punct" and token.text in OPENING

    # --- statements ---------------------------------------------------------------------------

    def parse_file(self):
        self.parse_statements(owner=None)
        return self.definitions

    def parse_statements(self, owner):
        """Read statements until the `}` that closes `owner`'s body, or to the end of the file."""
        annotations, modifiers = [], set()
        while True:
            token = self.peek()
            if token is None:
                if owner is not None:
                    self.fail(f"body of {owner.name} is not closed")
                return
            if token.kind == "punct" and token.text == "}":
                if owner is None:
                    self.fail("unexpected '}'")
                self.advance()
                return
            if token.kind == "punct" and token.text == "@":
                annotations.append(self.parse_annotation())
                continue
            if token.kind == "ident" and token.text in MODIFIERS:
                self.advance()
                modifiers.add(token.text)
                if token.text in ("private", "protected") and self.is_at("["):
                    self.skip_group()
                continue
            if token.kind == "ident" and token.text in ("class", "trait", "object"):
                self.advance()
                self.parse_definition(token.text, annotations, modifiers, owner)
            elif token.kind == "ident" and token.text in ("def", "val", "var"):
                self.advance()
                self.parse_member(token.text, annotations, owner)
            elif token.kind == "ident" and token.text == "type":
                self.advance()
                self.parse_alias(owner)
            elif token.kind == "ident" and token.text in ("package", "import"):
                self.advance()
                self.skip_path()
            elif self.at_group():
                self.skip_group()
            else:
                self.advance()
            annotations, modifiers = [], set()

    def skip_path(self):
        """Skip the path after `package` or `import`, such as `fi.oph.scalaschema.annotation.{A, B}`."""
        line = self.tokens[self.position - 1].line
        while self.peek() is not None and self.peek().line == line:
            if self.at_group():
                self.skip_group()
            else:
                self.advance()

    def parse_annotation(self):
        self.expect("@")
        name = self.expect_identifier()
        while self.is_at(".") and self.peek(1) is not None and self.peek(1).kind == "ident":
            self.advance()
            name = self.expect_identifier()
        arguments, named = [], {}
        at_line = self.tokens[self.position - 1].line
        if self.is_at("(") and self.peek().line == at_line:
            if name in EVALUATED_ANNOTATIONS:
                arguments, named = self.parse_arguments()
            else:
                self.skip_group()
        return Annotation(name, arguments, named)

    def parse_arguments(self):
        """Return the positional and named argument values of an annotation's argument list."""
        self.expect("(")
        arguments, named = [], {}
        while not self.is_at(")"):
            name = None
            if self.peek().kind == "ident" and self.is_at("=", 1):
                name = self.advance().text
                self.advance()
            value = self.parse_value()
            if name is None:
                arguments.append(value)
            else:
                named[name] = value
            if self.is_at(","):
                self.advance()
        self.expect(")")
        return arguments, named

    def parse_value(self):
        """Evaluate a simple annotation argument: a literal, `None`, `Some(…)`, `List(…)`, `Set(…)` or a name."""
        token = self.peek()
        if token.kind == "string":
            value = self.advance().text
            while self.is_at("+") and self.peek(1) is not None and self.peek(1).kind == "string":
                self.advance()
                value += self.advance().text
            return value
        if token.kind == "number" or token.kind == "op" and token.text == "-":
            sign = -1 if token.text == "-" else 1
            if sign < 0:
                self.advance()
            text = self.advance().text.rstrip("lLdDfF")
            number = float(text) if "." in text or "e" in text.lower() else int(text)
            return sign * number
        if token.kind == "ident" and token.text in ("true", "false"):
            return self.advance().text == "true"
        if token.kind == "ident" and token.text == "None":
            self.advance()
            return None
        if token.kind == "ident" and token.text in ("Some", "List", "Set", "Seq") and self.is_at("(", 1):
            constructor = self.advance().text
            values, _named = self.parse_arguments()
            return values[0] if constructor == "Some" else values
        if token.kind == "ident":
            path = self.advance().text
            while self.is_at(".") and self.peek(1) is not None and self.peek(1).kind == "ident":
                self.advance()
                path += "." + self.advance().text
            if self.at_group():
                self.skip_group()
                return Reference(path + "(…)")
            return Reference(path)
        self.fail(f"unsupported annotation argument {token.text!r}")

    def parse_definition(self, kind, annotations, modifiers, owner):
        token = self.peek()
        definition = Definition(
            kind=kind, name=self.expect_identifier(), file=self.file, line=token.line,
            modifiers=set(modifiers), annotations=list(annotations),
        )
        if self.is_at("["):
            self.skip_group()
        while self.peek() is not None and self.peek().kind == "ident" and self.peek().text in MODIFIERS:
            self.advance()
        if kind == "class" and self.is_at("("):
            definition.parameters = self.parse_parameters()
            while self.is_at("("):
                self.skip_group()
        if self.is_at("extends"):
            self.advance()
            definition.parents.append(self.parse_parent())
            while self.is_at("with"):
                self.advance()
                definition.parents.append(self.parse_parent())
        if self.is_at("{"):
            self.advance()
            self.parse_statements(owner=definition)
        if owner is not None and owner.kind == "object":
            definition.name = f"{owner.name}.{definition.name}"
        self.definitions.append(definition)

    def parse_parent(self):
        parent = self.parse_type(compound=False)
        if self.is_at("("):
            self.skip_group()
        return parent.name.rsplit(".", 1)[-1]

    def parse_parameters(self):
        self.expect("(")
        parameters = []
        while not self.is_at(")"):
            annotations = []
            while self.is_at("@"):
                annotations.append(self.parse_annotation())
            while self.peek().kind == "ident" and self.peek().text in MODIFIERS | {"val", "var"}:
                self.advance()
            name = self.expect_identifier()
            self.expect(":")
            parameter_type = self.parse_type()
            has_default = self.is_at("=")
            if has_default:
                self.advance()
                self.skip_expression(stop=(",", ")"))
            parameters.append(Member(name, parameter_type, annotations, has_default=has_default))
            if self.is_at(","):
                self.advance()
        self.expect(")")
        return parameters

    def skip_expression(self, stop):
        """Skip tokens up to, but not including, a stop token outside brackets."""
        while not any(self.is_at(text) for text in stop):
            if self.peek() is None:
                self.fail("unexpected end of file in an expression")
            if self.at_group():
                self.skip_group()
            else:
                self.advance()

    def parse_member(self, keyword, annotations, owner):
        name_token = self.peek()
        if name_token.kind != "ident" and not (name_token.kind == "op"):
            # A pattern definition such as `val (a, b) = …` names no single member.
            return
        name = self.advance().text
        if self.is_at("["):
            self.skip_group()
        has_parameters = False
        while self.is_at("("):
            has_parameters = True
            self.skip_group()
        member_type = None
        if self.is_at(":"):
            self.advance()
            member_type = self.parse_type()
        constant = None
        if keyword == "val" and self.is_at("="):
            constant = self.read_constant()
        if owner is None:
            return
        owner.members.append(Member(name, member_type, list(annotations), has_parameters=has_parameters))
        if constant is not None:
            owner.constants[name] = constant

    def read_constant(self):
        """Return the string of `val x = "text"`, or the code value of `val x = apply("code")` or `Koodistokoodiviite("code", …)`."""
        self.advance()
        if self.peek() is not None and self.peek().kind == "string" and not self.is_at("+", 1):
            return self.advance().text
        if not (self.peek() is not None and self.peek().kind == "ident" and self.is_at("(", 1)):
            return None
        self.advance()
        start = self.position
        arguments, named = [], {}
        try:
            arguments, named = self.parse_arguments()
        except ScalaSyntaxError:
            self.position = start
            self.skip_group()
        value = named.get("koodiarvo", arguments[0] if arguments else None)
        return value if isinstance(value, str) else None

    def parse_alias(self, owner):
        name = self.expect_identifier()
        if self.is_at("["):
            self.skip_group()
        if not self.is_at("="):
            return
        self.advance()
        aliased = self.parse_type()
        if owner is not None:
            owner.aliases[name] = aliased

    def parse_type(self, compound=True):
        """Read a type: a dotted name with optional [arguments], a tuple, or a function type.

        With `compound`, `A with B` on one line is read as one type; an `extends` clause reads its
        `with` parents one by one instead.
        """
        if self.is_at("("):
            self.skip_group()
            parsed = TypeExpression("(tuple)")
        else:
            name = self.expect_identifier()
            while self.is_at(".") and self.peek(1) is not None and self.peek(1).kind == "ident":
                self.advance()
                name += "." + self.advance().text
            parsed = TypeExpression(name)
            if self.is_at("["):
                parsed.arguments = self.parse_type_arguments()
        if self.is_at("=>"):
            self.advance()
            self.parse_type()
            parsed = TypeExpression("(function)")
        while compound and self.is_at("with") and self.peek(1) is not None and self.peek(1).line == self.peek().line:
            self.advance()
            self.parse_type()
        return parsed

    def parse_type_arguments(self):
        self.expect("[")
        arguments = []
        while not self.is_at("]"):
            if self.is_at("_") or self.peek().kind == "op":
                self.skip_expression(stop=(",", "]"))
                arguments.append(TypeExpression("(wildcard)"))
            else:
                arguments.append(self.parse_type())
                if self.peek().kind == "op" and self.peek().text in ("<:", ">:"):
                    self.skip_expression(stop=(",", "]"))
            if self.is_at(","):
                self.advance()
        self.expect("]")
        return arguments


def read_definitions(source, file):
    """Return the class, trait and object definitions of one Scala source file."""
    return Parser(tokenize(source, file), file).parse_file()

