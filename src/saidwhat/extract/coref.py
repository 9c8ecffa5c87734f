"""Third-person pronouns and role nouns resolved to the people of an article.

Salience after Lappin & Leass: every earlier mention of a person (names, and the pronouns
already resolved to them) adds a weight by its grammatical role, halved with each sentence
back, so the person a passage is about keeps its pronouns when someone else is named in
passing. Gender comes from the text first ("Ms", "spokeswoman"), then from the pronouns that
refer to the person, and only then from the first name: a first pass resolves with the
guessed genders as a preference, its pronouns outvote the guess, a second pass resolves with
the genders so found. The salience is one feature among others of a small learned ranker
(`ranker.py`, features in `mention_features.py`) that picks among the candidates the rules
leave (gender, binding, a quote's own speaker).

Hand-written candidates and a linear ranker because no coreference model runs offline on a
CPU with the small spaCy model (coreferee, fastcoref and spacy-experimental need hub
downloads or a GPU).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from spacy.tokens import Token

from ..types import Gender
from .context import LOOKBACK_SENTENCES, DocContext
from .mention_features import Candidate, features, paragraph_index
from .person import Mention, PersonRecord, pronoun_gender, role_rank
from .personhood import named_like_a_thing
from .ranker import load_ranker
from .roles import RoleHolders
from .syntax import SUBJECT_DEPS, conjuncts

# Weight of a mention by its role rank (role_rank: main subject … possessor), and the share
# of it left for each sentence back.
_RANK_WEIGHT = (100.0, 80.0, 60.0, 50.0, 45.0)
_DECAY = 0.5
_SAME_SENTENCE = 40.0  # a person named earlier in the pronoun's own sentence
_GUESS_PENALTY = 0.3  # the share kept by a person whose guessed gender the pronoun contradicts
_PROMINENCE = 5.0  # per name mention of the person in the whole text
_UNKNOWN_GENDER = 0.6  # the share kept by a person of no known gender ("Image: Doe.")
_DESCRIPTION_WINDOW = 2  # "the boy" looks back less far than "he"
_OBJECT_PRONOUNS = frozenset({"him", "her", "them"})  # not reflexive: not the own clause's subject


def _age(token: Token) -> bool:
    """ "the 45-year-old", "the 19-year-old" standing for a person: "old" with a counted unit."""
    return token.lower_ == "old" and any(
        c.dep_ == "npadvmod" and any(g.tag_ == "CD" for g in c.children) for c in token.children
    )


class Coreference:
    """Resolves pronouns and role nouns to `persons`, adding the mentions it finds."""

    def __init__(
        self, ctx: DocContext, persons: list[PersonRecord], by_token: dict[int, PersonRecord]
    ) -> None:
        self.ctx = ctx
        self.doc, self.quotes, self.lexicon = ctx.doc, ctx.quotes, ctx.lexicon
        self.persons = persons
        self._names = dict(by_token)
        self._by_token = by_token
        self._mentions: list[Mention] = []
        self._name_counts = Counter(id(p) for i, p in by_token.items() if self.doc[i].dep_ != "compound")
        self._final = False  # only the last pass's mentions are the person's
        self._roles = RoleHolders(self.lexicon, persons)  # "the prime minister" (extract/roles.py)
        self._ranker = load_ranker()
        self._things = {id(p) for p in persons if named_like_a_thing(ctx, p)}  # "the Doe Plan"
        self._paragraphs = paragraph_index(self.doc)
        named = [p for i, p in sorted(by_token.items()) if self.doc[i].dep_ != "compound"]
        self._first_person = named[0] if named else None  # whom the text is first about
        self._quote_edges: dict[int, tuple[int, int]] = {}  # a quote's first and last token
        for token in self.doc:
            q = self.quotes.of(token)
            if q is not None:
                self._quote_edges[q] = (self._quote_edges.get(q, (token.i, token.i))[0], token.i)
        self._introduced: dict[int, int] = {}  # the sentence each person is first named in
        for i, p in sorted(by_token.items(), reverse=True):
            self._introduced[id(p)] = ctx.sentence_index(self.doc[i])

    def run(self) -> None:
        """Two passes over the pronouns (see the module docstring); role nouns in the second."""
        self._reset()
        self._pass(roles=False, strict=False)
        for person in self.persons:
            self._vote_gender(person)
        self._reset()
        self._final = True
        self._pass(roles=True, strict=True)

    def forget(self, dropped: set[int]) -> None:
        """Persons (by `id`) found to be no persons: nothing resolves to them any more."""
        self._names = {i: p for i, p in self._names.items() if id(p) not in dropped}
        self._mentions = [m for m in self._mentions if id(m.person) not in dropped]

    def _reset(self) -> None:
        self._by_token.clear()
        self._by_token.update(self._names)
        for person in self.persons:
            person.pronouns.clear()
        self._mentions = sorted(
            (
                Mention(i, self.ctx.sentence_index(self.doc[i]), role_rank(self.doc[i]), p)
                for i, p in self._names.items()
                if self.doc[i].dep_ != "compound"
            ),
            key=lambda m: m.token,
        )

    @staticmethod
    def _vote_gender(person: PersonRecord) -> None:
        """The pronouns that refer to a person outweigh the first-name guess."""
        if person.gender_said or not person.pronouns:
            return
        (top, n), *rest = person.pronouns.most_common()
        if n >= 2 and n >= 2 * (rest[0][1] if rest else 0):
            person.gender = top

    def _pass(self, *, roles: bool, strict: bool) -> None:
        """Pronouns, and role nouns outside quotes, in text order, so later pronouns chain."""
        for token in self.doc:
            if token.i in self._by_token:
                continue
            gender = pronoun_gender(token)
            if gender is not None:
                person = self._antecedent(token, gender, strict=strict)
                if person is not None:
                    person.pronouns[gender] += 1
                    self.add(token, person)
            elif roles and not self.quotes.inside(token):
                self.resolve(token)

    def add(self, token: Token, person: PersonRecord) -> None:
        self._by_token.setdefault(token.i, person)
        if self._final:
            person.mentions.append((token.idx, token.idx + len(token.text)))
        mention = Mention(token.i, self.ctx.sentence_index(token), role_rank(token), person)
        self._mentions.append(mention)
        self._mentions.sort(key=lambda m: m.token)

    def resolve(self, token: Token) -> PersonRecord | None:
        """The person a name, pronoun or role noun refers to, if it can be told."""
        if token.i in self._by_token:
            return self._by_token[token.i]
        named = next((c for c in token.children if c.dep_ == "appos" and c.i in self._by_token), None)
        if named is not None:
            return self._by_token[named.i]
        gender = pronoun_gender(token)
        if gender is not None:
            return self._antecedent(token, gender, strict=True)
        if self._roles.claims(token):
            person = self._roles.referent(token, self._mentions)
        else:
            person = self._role_referent(token) or self._description_referent(token)
        if person is not None:
            self.add(token, person)
        return person

    def _description_referent(self, noun: Token) -> PersonRecord | None:
        """ "the boy", "the composer", "the 45-year-old": a definite singular person noun refers,
        like a pronoun, to the most salient person it fits (of its gender, when it has one).
        Not a predicate ("was the composer") nor an apposition, which name no one new."""
        if noun.dep_ in ("attr", "appos", "compound", "conj", "npadvmod", "amod") or self.quotes.inside(noun):
            return None
        if not (noun.tag_ == "NN" and noun.lemma_.lower() in self.lexicon.person_nouns) and not _age(noun):
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
            return None
        if any(c.dep_ in ("relcl", "acl", "prep") for c in noun.children):
            return None  # "the man who rode beside him": a description that says whom it means
        gender = self.lexicon.gender_of(noun.lemma_.lower())
        return self._antecedent(noun, gender, strict=True, window=_DESCRIPTION_WINDOW)

    def _excluded(self, pronoun: Token) -> tuple[set[int], set[int]]:
        """Persons a pronoun cannot refer to: its own conjuncts ("he and X"), the subject of the
        verb an object pronoun is the object of ("X thanked him": binding principle B), names in the
        clause it is the subject of ("he heard X's concerns": binding principle C), in what
        it says put first ("X made the decisions, he said") and in a leading participle
        ("Placed in the care of Dr X, he …": its subject is the pronoun); and those it seldom
        refers to, named in a leading phrase ("In a letter to X, he …"): a feature of the
        ranker, not a rule, since the phrase is as often the pronoun's own ("In an opinion by
        X, he wrote")."""
        seldom: set[int] = set()
        excluded = {id(self._by_token[t.i]) for t in conjuncts(pronoun) if t.i in self._by_token}
        if pronoun.dep_ in ("dobj", "dative") and pronoun.lower_ in _OBJECT_PRONOUNS:
            # binding principle B: "Doe described her" is not Doe
            excluded |= {id(self._by_token[s.i]) for s in _subjects(pronoun.head) if s.i in self._by_token}
        if pronoun.dep_ in SUBJECT_DEPS:
            leading = [c for c in pronoun.head.children if c.i < pronoun.i]
            # what a verb of saying says put first: "X made the decisions, he said"; not any
            # clause before ("X, he's coming on board, he has ideas": X is the "he")
            speaks = pronoun.head.lemma_.lower() in self.lexicon.speech_cues
            said = [c for c in leading if c.dep_ in ("ccomp", "parataxis") and speaks]
            # the subject of what it says put first; but "X's plan works, he said" may be X's
            # own words, and "X, he's coming on board, he has ideas" puts X before its own "he"
            bound = {
                t.i
                for clause in said
                for s in clause.children
                if s.dep_ in SUBJECT_DEPS and s.pos_ == "PROPN"
                for t in s.subtree
            }
            phrases = {t.i for clause in said for t in clause.subtree} - bound
            phrases -= {t.i for clause in said for o in clause.subtree if o.dep_ == "poss" for t in o.subtree}
            participles = [
                c
                for c in leading
                if c.dep_ == "advcl" and not any(g.dep_ in SUBJECT_DEPS for g in c.children)
            ]
            bound |= {t.i for clause in participles for t in clause.subtree}
            phrases |= {t.i for c in leading if c.dep_ == "prep" for t in c.subtree}
            for token in pronoun.head.subtree:
                if token.i in self._by_token and token.pos_ == "PROPN":
                    if token.i > pronoun.i or token.i in bound:
                        excluded.add(id(self._by_token[token.i]))
                    elif token.i in phrases:
                        seldom.add(id(self._by_token[token.i]))
        return excluded, seldom - excluded

    def _fit(
        self, pronoun: Token, gender: Gender | None, *, strict: bool
    ) -> tuple[Callable[[PersonRecord], float], set[int]]:
        """How a person fits the pronoun (see `fit`), and the persons it seldom refers to."""
        excluded, seldom = self._excluded(pronoun)
        excluded |= self._quote_speakers(pronoun) | self._things

        def fit(person: PersonRecord) -> float:
            """1 for a referent of the pronoun's gender, less for one of no known gender or
            of a contradicted guess, 0 for none."""
            if id(person) in excluded:
                return 0.0
            if person.gender == gender or gender is None:
                return 1.0
            if person.gender is None:
                return _UNKNOWN_GENDER
            return 0.0 if strict or person.gender_said else _GUESS_PENALTY

        return fit, seldom

    def _antecedent(
        self, pronoun: Token, gender: Gender | None, *, strict: bool, window: int = LOOKBACK_SENTENCES
    ) -> PersonRecord | None:
        fit, seldom = self._fit(pronoun, gender, strict=strict)
        # Cataphora: "As she left, Doe said …" — a pronoun in a leading clause of the sentence.
        clause = pronoun.head
        while clause.dep_ not in ("advcl", "ROOT") and clause.head.i != clause.i:
            clause = clause.head
        if clause.dep_ == "advcl" and clause.i < clause.head.i:
            subject = next((c for c in clause.head.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is not None and subject.i in self._by_token and fit(self._by_token[subject.i]) == 1.0:
                return self._by_token[subject.i]
        # Left dislocation: "Doe, he's coming on board": a name and the pronoun subjects of one verb.
        if pronoun.dep_ in SUBJECT_DEPS:
            dislocated = [
                c
                for c in pronoun.head.children
                if c.dep_ in (*SUBJECT_DEPS, "npadvmod", "dep")
                and c.i < pronoun.i
                and c.pos_ == "PROPN"
                and c.i in self._by_token
                and self.doc[c.i + 1].text == ","
            ]
            named = [self._by_token[c.i] for c in dislocated]
            if named and fit(named[-1]) == 1.0:
                return named[-1]
        rows = self._candidates(pronoun, gender, fit, seldom, window)
        if not rows and gender is not None and window == LOOKBACK_SENTENCES:
            # no one in the window ("she" of a conversation about someone named long before):
            # a person of the pronoun's gender named earlier, however far back
            far = self._candidates(pronoun, gender, fit, seldom, window=len(self.doc))
            rows = [(c, row) for c, row in far if c.person.gender == gender]
        ranked = [(self._ranker.score(row), -c.order, c.person) for c, row in rows]
        if not ranked:
            return None
        # Equal scores go to the person first met in the window: a tie broken by `id()` would
        # depend on memory addresses, so one text could resolve differently run to run.
        return max(ranked, key=lambda r: (r[0], r[1]))[2]

    def candidates(self, pronoun: Token) -> list[tuple[Candidate, list[float]]]:
        """The persons a he/she may refer to with their ranker features, as the last pass sees
        them: what `bench/train_coref.py` learns from."""
        gender = pronoun_gender(pronoun)
        resolved = self._by_token.pop(pronoun.i, None)  # as if not yet resolved
        try:
            return self._candidates(pronoun, gender, *self._fit(pronoun, gender, strict=True))
        finally:
            if resolved is not None:
                self._by_token[pronoun.i] = resolved

    def _candidates(
        self,
        pronoun: Token,
        gender: Gender | None,
        fit: Callable[[PersonRecord], float],
        seldom: set[int],
        window: int = LOOKBACK_SENTENCES,
    ) -> list[tuple[Candidate, list[float]]]:
        """The persons `pronoun` may refer to (those `fit` does not rule out), each with its
        row of ranker features (see `mention_features.py`)."""
        sentence = self.ctx.sentence_index(pronoun)
        in_quote = self.quotes.of(pronoun)
        found: dict[int, Candidate] = {}
        for m in self._mentions:
            if m.token >= pronoun.i:
                break
            back = sentence - m.sentence
            quote = self.quotes.of(self.doc[m.token])
            if back > window or quote not in (None, in_quote):
                continue  # a quote's pronouns may refer outside it, not into another quote
            weight = _RANK_WEIGHT[m.rank] * _DECAY**back + (_SAME_SENTENCE if back == 0 else 0.0)
            candidate = found.get(id(m.person))
            if candidate is None:  # who the text is about: how often it names them
                weight += _PROMINENCE * self._name_counts.get(id(m.person), 0)
                found[id(m.person)] = Candidate(m.person, weight, m, 1, len(found))
            else:
                candidate.salience += weight
                candidate.last = m
                candidate.mentions += 1
        kept = [(c, fit(c.person)) for c in found.values()]
        kept = [(c, f) for c, f in kept if f > 0]
        if not kept:
            return []
        top = max(c.salience for c, _ in kept)
        most_recent = max(c.last.token for c, _ in kept)
        rows = []
        for c, f in kept:
            row = features(
                pronoun,
                c,
                sentence=sentence,
                top=top,
                most_recent=most_recent,
                gender_fit=(
                    gender is not None and c.person.gender == gender,
                    c.person.gender is None,
                    f < _UNKNOWN_GENDER,
                ),
                name_count=self._name_counts.get(id(c.person), 0),
                first_person=c.person is self._first_person,
                paragraphs=self._paragraphs,
                quote=in_quote,
                last_quote=self.quotes.of(self.doc[c.last.token]),
                count=len(kept),
                introduced=self._introduced.get(id(c.person), c.last.sentence),
                speaks=self._speaks(self.doc[c.last.token]),
                fronted=id(c.person) in seldom,
            )
            rows.append((c, row))
        return rows

    def _quote_speakers(self, pronoun: Token) -> set[int]:
        """Who speaks the quote a pronoun is in: the named subjects of a speech verb outside
        quotes in the sentences where the quote opens and closes ('he wrote, "He has been my
        associate …"'). The speaker says "I"; their "he" is someone else."""
        quote = self.quotes.of(pronoun)
        if quote is None:
            return set()
        first, last = self._quote_edges[quote]
        sentences = {
            s.start: s for s in (self.ctx.sentence(self.doc[first]), self.ctx.sentence(self.doc[last]))
        }
        found = set()
        for sentence in sentences.values():
            for token in sentence:
                if token.i in self._by_token and not self.quotes.inside(token) and self._speaks(token):
                    found.add(id(self._by_token[token.i]))
        return found

    def _speaks(self, token: Token) -> bool:
        return token.dep_ == "nsubj" and token.head.lemma_.lower() in self.lexicon.speech_cues

    def _role_referent(self, noun: Token) -> PersonRecord | None:
        """ "the spokeswoman", "the President", "his Russian counterpart" → a person of the
        article with that title (and country or party: "Russian" is the person "of Russia" or
        titled "Russian President", the lexicon's [countries]), the most recently mentioned
        first. A counterpart holds a title of its owner's, or with a country said, any title."""
        if noun.pos_ not in ("NOUN", "PROPN") or noun.tag_ in ("NNS", "NNPS"):
            return None
        modifiers = [c for c in noun.lefts if c.dep_ in ("amod", "compound")]
        country = self.lexicon.country_of
        affiliations = {country(m.text) for m in modifiers if m.ent_type_ in ("NORP", "GPE", "ORG")}
        owner_token = next((c for c in noun.lefts if c.dep_ == "poss"), None)
        owner = self.resolve(owner_token) if owner_token is not None else None
        relational = noun.lemma_.lower() in self.lexicon.relational_nouns
        if not relational and not self.lexicon.is_title(noun.text):
            return None
        if not relational and not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.lefts):
            return None

        def fits(person: PersonRecord, *, titled: bool) -> bool:
            if person is owner:
                return False
            if affiliations and not affiliations & {country(a) for a in person.affiliations}:
                return False
            if relational:
                return not titled or owner is None or bool(_lower(owner.titles) & _lower(person.titles))
            return noun.text.lower() in _lower(person.titles)

        for titled in (True, False) if relational and affiliations else (True,):
            earlier = [m for m in self._mentions if m.token < noun.i and fits(m.person, titled=titled)]
            if earlier:
                return earlier[-1].person
            candidates = [p for p in self.persons if fits(p, titled=titled)]
            if len(candidates) == 1:
                return candidates[0]
        return None


def _subjects(verb: Token) -> list[Token]:
    """The subjects of `verb`, or of the verb it is coordinated with when it has none of its
    own ("Doe came in and thanked him")."""
    while True:
        found = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        if found or verb.dep_ != "conj" or verb.head.i == verb.i:
            return found
        verb = verb.head


def _lower(words: list[str]) -> set[str]:
    return {w.lower() for w in words}
