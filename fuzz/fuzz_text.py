"""Fuzz the text entry point: raw bytes of any encoding (decoding, the binary and English
checks) and the same bytes decoded as UTF-8 text, through the whole analysis.

    make fuzz FUZZ_SECONDS=120        # or: python fuzz/fuzz_text.py CORPUS_DIR -max_total_time=60
"""

from __future__ import annotations

import atheris
from _harness import check, main


def test_one_input(data: bytes) -> None:
    check(data)
    provider = atheris.FuzzedDataProvider(data)
    check(provider.ConsumeUnicodeNoSurrogates(len(data)))


if __name__ == "__main__":
    main(test_one_input)
