-- The saidwhat corpus store (DuckDB). Any change here bumps SCHEMA_VERSION in store/connection.py
-- and adds the step from the previous version to store/migrate.py: a store records its version in
-- `meta`, an older one is migrated (keeping a backup), a newer one is refused.
-- Offsets are character offsets into articles.text, end exclusive, as in `saidwhat analyze` JSON.

CREATE TABLE meta (
    key   VARCHAR PRIMARY KEY,  -- schema_version, data_generation, index_generation
    value VARCHAR NOT NULL
);

CREATE TABLE articles (
    hash               VARCHAR PRIMARY KEY,  -- sha256 of text: the same text is stored once
    url                VARCHAR,
    title              VARCHAR,
    source             VARCHAR,              -- site or publisher, from the page metadata
    origin             VARCHAR NOT NULL,     -- where it was read: path, WARC record, JSONL line or URL
    published          DATE,
    published_inferred BOOLEAN NOT NULL,
    fetched            DATE,                 -- WARC-Date or HTTP Date, when the item had one
    author             VARCHAR,
    text               VARCHAR NOT NULL
);

-- One person of one article under the names it used there: the evidence of identity.
CREATE TABLE mentions (
    article_hash VARCHAR NOT NULL,
    person       VARCHAR NOT NULL,    -- the article's own id: p1, p2, …
    name         VARCHAR NOT NULL,
    name_key     VARCHAR,             -- 'surname|given' (store/identity.py); NULL for titles only
    surname      VARCHAR,
    titles       VARCHAR[] NOT NULL,
    affiliations VARCHAR[] NOT NULL,
    gender       VARCHAR,
    spans        INTEGER[][] NOT NULL,  -- [start, end] of every mention in the article
    PRIMARY KEY (article_hash, person)
);

-- Every name key, the person it was linked to, and why.
CREATE TABLE aliases (
    name_key  VARCHAR PRIMARY KEY,
    surname   VARCHAR NOT NULL,
    person_id VARCHAR NOT NULL,
    articles  INTEGER NOT NULL,
    evidence  VARCHAR NOT NULL
);

-- One person across articles.
CREATE TABLE people (
    id      VARCHAR PRIMARY KEY,  -- the name key of the full name that defines the person
    surname VARCHAR NOT NULL,
    name    VARCHAR NOT NULL,
    gender  VARCHAR
);

-- Every field of a Quote of the JSON schema, nested objects flattened (speaker_*, cue_*, addressee_*).
CREATE TABLE quotes (
    qid               BIGINT PRIMARY KEY,  -- from (article_hash, id): the same on every rerun
    article_hash      VARCHAR NOT NULL,
    id                VARCHAR NOT NULL,
    type              VARCHAR NOT NULL,
    text              VARCHAR NOT NULL,
    "start"           INTEGER NOT NULL,
    "end"             INTEGER NOT NULL,
    speaker_kind      VARCHAR,
    speaker_person    VARCHAR,
    speaker_name      VARCHAR,
    speaker_mention   VARCHAR,
    speaker_start     INTEGER,
    speaker_end       INTEGER,
    speaker_people    VARCHAR[],
    speaker_key       VARCHAR,             -- name key of the one person who spoke: joins aliases
    speaker_keys      VARCHAR[] NOT NULL,  -- name keys of every person who spoke (joint speakers too)
    speaker_id        BIGINT,              -- speaker_hash() of the one speaker: what --speaker scans
    cue_text          VARCHAR,
    cue_lemma         VARCHAR,
    cue_start         INTEGER,
    cue_end           INTEGER,
    addressee_person  VARCHAR,
    addressee_name    VARCHAR,
    addressee_mention VARCHAR,
    addressee_start   INTEGER,
    addressee_end     INTEGER,
    date              DATE,
    date_text         VARCHAR,
    date_source       VARCHAR,
    place             VARCHAR,
    parent            VARCHAR,
    confidence        DOUBLE NOT NULL,
    -- v2: when the statement was made, as an interval; date_from NULL with a date_to: before it
    date_from         DATE,
    date_to           DATE,
    date_precision    VARCHAR, -- day | week | month | quarter | half | season | year | decade | before
    -- v4: the statement stands in the article's title (its headline), not its body
    in_title          BOOLEAN DEFAULT false,
    -- v7: what its cue reports: speech | writing | thought
    kind              VARCHAR
);

-- Provenance (store/provenance.py): every statement's group, the same words of the same speaker
-- across articles, labelled by the group's smallest qid; and the fingerprints that find a group.
CREATE TABLE quote_groups (
    qid BIGINT PRIMARY KEY,
    grp BIGINT NOT NULL
);
CREATE INDEX quote_groups_by_group ON quote_groups (grp);

CREATE TABLE quote_fingerprints (
    fingerprint BIGINT NOT NULL,  -- a winnowed word 5-gram of the content, salted with the speaker
    qid         BIGINT NOT NULL
);
CREATE INDEX quote_fingerprints_by_print ON quote_fingerprints (fingerprint);

-- Role holders (store/roles.py): a person of an article named with a role ("Prime Minister Jane Doe"),
-- the statements whose group speaker is a role noun ("the prime minister"), and those of them
-- resolved to the role's holder by the evidence (derived: recomputed after every batch).
CREATE TABLE role_evidence (
    article_hash VARCHAR NOT NULL,
    person       VARCHAR NOT NULL,  -- the article's own id: p1, p2, …
    role         VARCHAR NOT NULL,  -- canonical, with its country if said: 'prime minister', 'russian president'
    name_key     VARCHAR NOT NULL,  -- joins aliases: the person across articles
    PRIMARY KEY (article_hash, person, role)
);
CREATE TABLE role_mentions (
    qid          BIGINT PRIMARY KEY,
    article_hash VARCHAR NOT NULL,
    role         VARCHAR NOT NULL
);
CREATE TABLE role_speakers (
    qid       BIGINT PRIMARY KEY,
    role      VARCHAR NOT NULL,
    person_id VARCHAR NOT NULL,  -- people.id of the holder
    articles  INTEGER NOT NULL,  -- articles of the evidence that name them
    first     DATE,              -- the dates of those articles
    last      DATE,
    evidence  VARCHAR NOT NULL
);

CREATE TABLE runs (
    run      INTEGER PRIMARY KEY,
    started  TIMESTAMP NOT NULL,
    sources  VARCHAR[] NOT NULL,
    saidwhat VARCHAR NOT NULL  -- version that ran it
);

-- One row per input item and outcome; items with a hash here are not analysed again.
CREATE TABLE ingest_log (
    run          INTEGER NOT NULL,
    item_hash    VARCHAR,    -- sha256 of the raw item; NULL when it could not even be read or fetched
    origin       VARCHAR NOT NULL,
    status       VARCHAR NOT NULL,  -- ingested | duplicate | failed
    reason       VARCHAR,
    article_hash VARCHAR,
    logged_at    TIMESTAMP NOT NULL
);

-- The full-text index (store/fulltext.py), updated with every batch: every stemmed word, with its
-- document frequency; one posting a (word, statement), in term order but for a recent tail; the
-- statement count and total length BM25 needs, and how many postings were last sorted.
CREATE TABLE fts_terms (
    term   VARCHAR PRIMARY KEY,
    termid INTEGER NOT NULL,
    df     INTEGER NOT NULL
);

CREATE TABLE fts_postings (
    termid INTEGER NOT NULL,
    qid    BIGINT NOT NULL,
    tf     INTEGER NOT NULL,  -- the word's count in the statement
    len    INTEGER NOT NULL   -- the statement's terms, repeats counted
);

CREATE TABLE fts_stats (
    docs        BIGINT NOT NULL,
    total_len   BIGINT NOT NULL,
    sorted_rows BIGINT NOT NULL
);
INSERT INTO fts_stats VALUES (0, 0, 0);
