"""Labels people give fields, choices and databases."""
import re
import unicodedata

SPACES_RE = re.compile(r"\s+")


def clean_label(text):
    """``text`` as a label: NFKC-normalised, line breaks and other whitespace
    as single spaces, invisible characters (zero-width spaces, bidirectional
    overrides: Unicode category Cf) and control characters left out, trimmed.

    Two labels that look the same are then equal, and a label that looks empty
    is empty."""
    if not isinstance(text, str):
        return text
    text = unicodedata.normalize("NFKC", text)
    text = "".join(" " if char.isspace() else char for char in text
                   if char.isspace() or unicodedata.category(char) not in ("Cf", "Cc", "Cs", "Co"))
    return SPACES_RE.sub(" ", text).strip()
