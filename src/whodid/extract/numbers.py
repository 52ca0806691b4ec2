"""Number words, shared by the stages: counts of people ("five officers", "a dozen
men"), relative dates ("two days later") and durations ("for eight hours")."""

from typing import Final

NUMBER_WORDS: Final[dict[str, int]] = {
    "one": 1,
    "a": 1,
    "an": 1,
    "another": 1,
    "single": 1,
    "two": 2,
    "both": 2,
    "pair": 2,
    "couple": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "dozen": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}


def number_value(word: str) -> int | None:
    """The integer a numeral or number word stands for ("12", "1,667", "twelve"), else None."""
    text = word.lower().replace(",", "")
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text)
