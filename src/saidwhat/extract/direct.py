"""Direct and mixed quotes, attributed by the words beside their marks: “…,” she said /
He said: “…” / “…” — the commissioner / Doe: “…” / a paragraph ending "… she said:" above
the quote; or by the sentence after it. Quotes left without a speaker here are attributed
by the assembly passes (the reported speech around them, or their neighbours)."""

from __future__ import annotations

import re

from spacy.tokens import Token

from ..types import QuoteType
from .context import DocContext
from .cues import DASHES, addressee, cue_span, is_cue, line_label
from .quotemarks import QuoteSpan
from .reported import ReportedSpeech
from .statement import Rule, Statement
from .syntax import phrase_head, subject_of

_OPENING_PUNCT = frozenset({".", "!", "?", ":", ",", ";", "—", "–", "―", "(", "..."})
# Words that may open the frame after a quote: a speaker ("former governor Doe said") or a cue.
_NOMINAL_OR_VERB = frozenset({"PRON", "PROPN", "VERB", "NOUN", "DET", "ADJ"})
_CLAUSE_DEPS = frozenset({"ccomp", "xcomp"})
_THAT = frozenset({"that"})
_NEAR_CUE_TOKENS = 8  # a cue this close after a quote may take its speaker by word order
_MAX_INTRO_TOKENS = 25  # how far back an introducing "… she said:" is looked for
_INNER_CLOSING = "’'”\"»›"
_MAX_NAME_WORDS = 8  # longer title-cased quotes are headlines or shouted words, not names
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_WORD_BEFORE = re.compile(r"[\w-]+")
_WORK_NOUN_REACH = 3  # "the book “…”", "her favourite book is “…”", "the book, “…”"
_SENTENCE_MARK = re.compile(r"[.!?;:,]\s")  # a name holds no sentence break or clause


class DirectQuotes:
    """The quotes of one document, each attributed by its own frame where it has one."""

    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self.doc, self.text, self.quotes, self.lexicon = ctx.doc, ctx.text, ctx.quotes, ctx.lexicon

    def find(self) -> list[Statement]:
        """The quotes, but not the names in quote marks (see `_is_name`)."""
        statements = (self._attribute(quote) for quote in self.quotes.quotes)
        return [s for s in statements if s.quote is None or not self._is_name(s.quote)]

    def _is_name(self, quote: QuoteSpan) -> bool:
        """A title of a work, a name or a scare quote, not anyone's words: any quote right after
        "so-called"; a short title-cased one right after a naming word ("a group called “Friends
        of the Quay”") or a few words after a work noun ("her favourite book is “A Long Way
        Home”"). A lower-case quote after "called" stays a quote ("what she called “a betrayal”")."""
        lexicon = self.lexicon
        before = [
            w.lower()
            for w in _WORD_BEFORE.findall(self.text, max(0, quote.outer_start - 80), quote.outer_start)
        ]
        if before and before[-1] in lexicon.scare_words:
            return True
        words = _WORD.findall(self.text, quote.start, quote.end)
        if (
            not words
            or len(words) > _MAX_NAME_WORDS
            or _SENTENCE_MARK.search(self.text, quote.start, quote.end)
        ):
            return False
        if not words[0][0].isupper() or not all(
            w[0].isupper() or w.lower() in lexicon.title_small_words for w in words
        ):
            return False
        named = bool(before) and before[-1] in lexicon.naming_words
        return named or any(w in lexicon.work_nouns for w in before[-_WORK_NOUN_REACH:])

    def _after(self, quote: QuoteSpan) -> list[Token]:
        """Words after the closing mark up to the end of the sentence or the next quote."""
        tokens: list[Token] = []
        span = self.doc.char_span(quote.outer_end, len(self.text), alignment_mode="expand")
        if span is None:
            return tokens
        for token in span:
            if self.quotes.inside(token) or "\n" in token.text:
                break
            if token.is_space:
                continue
            tokens.append(token)
            if token.text in (".", "!", "?") or len(tokens) > 25:
                break
        return tokens

    def _before(self, quote: QuoteSpan) -> list[Token]:
        """Words before the opening mark, back to the sentence start or the previous quote."""
        tokens: list[Token] = []
        span = self.doc.char_span(0, quote.outer_start, alignment_mode="contract")
        if span is None:
            return tokens
        for token in reversed(span):
            if self.quotes.inside(token) or "\n" in token.text:
                break
            if token.is_space:
                continue
            if token.text in (".", "!", "?") and tokens:
                break
            tokens.insert(0, token)
        return tokens

    def _speaker_near(self, cue: Token, context: list[Token]) -> Token | None:
        subject = subject_of(cue)
        if subject is not None and not self.quotes.inside(subject):
            return subject
        # The parser often hangs the cue off a clause inside the quote; fall back to order.
        # Take the nearest noun beside the cue: its subject ("Doe said") or, inverted, after it.
        words = {t.i: t for t in context if not t.is_punct}
        for offset in (-1, 1, -2, 2, -3, 3):
            token = words.get(cue.i + offset)
            if token is not None and token.pos_ in ("PROPN", "PRON", "NOUN"):
                return phrase_head(token)
        return None

    def _attribute(self, quote: QuoteSpan) -> Statement:
        after = self._after(quote)
        before = self._before(quote)
        # A quote that opens its sentence, or follows a colon, comma or "that", is a direct
        # quote; one inside a sentence ("sanctions “like none …”") is a mixed quote.
        standalone = not before or before[-1].text in _OPENING_PUNCT or before[-1].lower_ in _THAT
        kind: QuoteType = "direct" if standalone else "mixed"
        # “…,” she said. / “…,” said Jane Doe. — but not “… .” She added: “…”, which
        # introduces the next quote.
        ends = self.text[quote.start : quote.end].rstrip(_INNER_CLOSING)[-1:]  # “… ‘I want both.’”
        new_sentence = ends in (".", "!", "?") and bool(after) and after[0].text[:1].isupper()
        continued = bool(after) and after[0].is_alpha and after[0].pos_ not in _NOMINAL_OR_VERB
        if standalone and continued:  # “…” than anyone expected, Doe said.
            framed = self._closing_frame(after)
            if framed is not None:
                return self._direct(quote, kind, framed[0], framed[1], "frame_after_quote")
        if after and not new_sentence and not continued:
            for n, token in enumerate(after):
                if is_cue(token, self.lexicon, near_quote=True):
                    # “…,” Jane Doe, the harbour's chief engineer since 2019, told reporters: a
                    # far cue needs its own subject between the quote and it.
                    if n < _NEAR_CUE_TOKENS:
                        speaker = self._speaker_near(token, after)
                    else:
                        speaker = subject_of(token)
                        if speaker is not None and not after[0].i <= speaker.i < token.i:
                            speaker = None
                    if speaker is not None:
                        return self._direct(quote, kind, speaker, token, "cue_beside_quote")
                    break
            if standalone and after[0].text in DASHES and len(after) > 1:  # “…” — the commissioner
                head = phrase_head(after[1])
                if head.pos_ in ("PROPN", "NOUN"):
                    return self._direct(quote, kind, head, None, "dash_after_quote")
        # Doe: “…” (a headline or transcript line)
        if standalone and before and before[-1].text == ":":
            labelled = line_label(self.ctx, before[-1])
            if labelled is not None:
                return self._direct(quote, kind, labelled, before[-1], "label_before_quote")
        # She said: “…” / Doe told reporters, “…”
        if standalone and before:
            for token in reversed(before):
                if is_cue(token, self.lexicon, near_quote=True):
                    speaker = self._speaker_near(token, before)
                    if speaker is not None:
                        return self._direct(quote, kind, speaker, token, "cue_beside_quote")
            according = next((t for t in before if self.lexicon.source_phrase(t.lower_)), None)
            if according is not None:  # According to the ministry, “…”
                cited = next(iter(ReportedSpeech(self.ctx).according_to(according)), None)
                if cited is not None and cited.cue is not None:
                    return Statement(
                        kind,
                        quote.start,
                        quote.end,
                        "according_before_quote",
                        speaker=cited.speaker,
                        cue=cited.cue,
                        quote=quote,
                    )
        # She said:¶“…” — the quote opens the paragraph after the one that introduces it
        if not before:
            introduced = self._introduced_by_last_paragraph(quote)
            if introduced is not None:
                return introduced
        # Attributed later: by the reported speech around it, or by its neighbours.
        return Statement(kind, quote.start, quote.end, "unattributed", quote=quote, standalone=standalone)

    def _closing_frame(self, after: list[Token]) -> tuple[Token, Token] | None:
        """Speaker and cue of a frame that closes the sentence a quote opens, after a comma:
        “…” than anyone expected, Doe said. / “…” if …, said Doe, an analyst."""
        cue = next((t for t in after if is_cue(t, self.lexicon, near_quote=True)), None)
        if cue is None or any(c.dep_ in _CLAUSE_DEPS and c.i > cue.i for c in cue.children):
            return None  # none, or "…, Doe said that …", which reports a clause of its own
        comma = max((t.i for t in after if t.text == "," and t.i < cue.i), default=None)
        if comma is None or cue.i - comma > _NEAR_CUE_TOKENS:
            return None
        speaker = subject_of(cue)
        if speaker is None or speaker.i <= comma or speaker.i > after[-1].i:
            return None
        return speaker, cue

    def _introduced_by_last_paragraph(self, quote: QuoteSpan) -> Statement | None:
        """A paragraph that ends "… she told reporters:" introduces the quote below it."""
        span = self.doc.char_span(0, quote.outer_start, alignment_mode="contract")
        words = [t for t in span or () if not t.is_space][-_MAX_INTRO_TOKENS:]
        if not words or words[-1].text != ":" or self.quotes.inside(words[-1]):
            return None
        last = self.ctx.sentence_index(words[-1])
        sentence = [t for t in words if self.ctx.sentence_index(t) == last and not self.quotes.inside(t)]
        for token in reversed(sentence):
            if is_cue(token, self.lexicon, near_quote=True):
                speaker = self._speaker_near(token, sentence)
                if speaker is not None:
                    return self._direct(quote, "direct", speaker, token, "introduced_by_paragraph")
                break
        return None

    def _direct(
        self, quote: QuoteSpan, kind: QuoteType, speaker: Token, cue: Token | None, rule: Rule
    ) -> Statement:
        return Statement(
            kind,
            quote.start,
            quote.end,
            rule,
            speaker=speaker,
            cue=cue_span(self.ctx, cue, content=(quote.start, quote.end), speaker=speaker) if cue else None,
            addressee=addressee(cue, self.lexicon) if cue is not None else None,
            quote=quote,
        )

    def named_in_next_sentence(self, statement: Statement) -> Statement | None:
        """A quote standing alone, whose speaker is named in the sentence after it:
        “…” Doe said on Monday. / “…” That was how Doe put it."""
        quote = statement.quote
        if quote is None:
            return None
        span = self.doc.char_span(quote.outer_end, len(self.text), alignment_mode="expand")
        if span is None:
            return None
        words = [t for t in span if not t.is_space]
        if not words or self.quotes.inside(words[0]):
            return None
        for token in self.ctx.sentence(words[0]):
            if self.quotes.inside(token) or token.i < words[0].i:
                continue
            if is_cue(token, self.lexicon, near_quote=True):
                if token.lemma_.lower() in self.lexicon.quote_only_cues:
                    return None  # “…” The room laughed. — a reaction of its own, not a frame
                has_content = any(c.dep_ in _CLAUSE_DEPS for c in token.children)
                speaker = subject_of(token)
                if speaker is not None and not has_content:
                    return self._direct(quote, "direct", speaker, token, "named_in_next_sentence")
                return None
        return None
