"""Alphabetical order and initial letters in each language of the course (pure, no database).

Python's default sort puts Kazakh letters (Ә, Ғ, Қ, Ң, Ө, Ұ, Ү, Һ, І) and Turkish ones (Ç, Ğ, İ, Ö,
Ş, Ü) after Z or Я, and lowercases the Turkish I wrongly. Each language here sorts by its own
alphabet, so the glossary's A–Z index follows the order a reader of that language expects.
"""

ALPHABETS = {
    "en": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "ru": "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
    "kk": "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ",
    "tr": "ABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZ",
}
LATIN = ALPHABETS["en"]


def upper(text: str, language: str) -> str:
    """Upper case with the Turkish dotted and dotless i (i -> İ, ı -> I)."""
    if language == "tr":
        text = text.replace("i", "İ").replace("ı", "I")
    return text.upper()


def _letters(language: str) -> str:
    letters = ALPHABETS.get(language, LATIN)
    # Words in another script (TİKA in a Russian list) sort after the language's own letters.
    return letters + "".join(c for c in LATIN + ALPHABETS["ru"] if c not in letters)


def initial(text: str, language: str) -> str:
    """The index letter of ``text``: its first letter, upper case; "#" when it has none."""
    for char in upper(text, language):
        if char.isalpha():
            return char
    return "#"


def sort_key(text: str, language: str) -> tuple:
    """A key that orders words by the alphabet of ``language``; case and punctuation ignored."""
    order = {letter: i for i, letter in enumerate(_letters(language))}
    word = [c for c in upper(text, language) if c.isalnum() or c == " "]
    return tuple((order.get(c, len(order) + ord(c)) if c != " " else -1) for c in word)


def index(items, language: str, text=lambda item: item):
    """``items`` sorted and grouped by initial: a list of (letter, [items]) in alphabet order."""
    groups: dict[str, list] = {}
    for item in sorted(items, key=lambda item: sort_key(text(item), language)):
        groups.setdefault(initial(text(item), language), []).append(item)
    return list(groups.items())


def letters(language: str) -> str:
    """The letters shown in the index bar of ``language``."""
    return ALPHABETS.get(language, LATIN)
