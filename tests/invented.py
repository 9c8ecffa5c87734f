"""Invented local news for the store, ingest and hardening tests: texts written for saidwhat,
so no third-party article is copied into the repository."""

from __future__ import annotations

_SPEAKERS = (
    ("Mara Quinlan", "Governor Quinlan", "the governor of Westmarch"),
    ("Edwin Farrow", "Mr Farrow", "the harbour master"),
    ("Mara Quinlan", "Ms Quinlan", "the governor of Westmarch"),
    ("Lydia Marsh", "Ms Marsh", "the leader of the dockworkers' union"),
    ("Tomas Quinlan", "Mr Quinlan", "the coach of Westmarch Rovers"),
)
_PLANS = (
    "raise ferry fares",
    "close the old bridge",
    "rebuild the sea wall",
    "sell the harbour hotel",
    "cut the bus service",
    "open a new school",
    "move the fish market",
    "ban cars from the quay",
    "expand the airport",
    "plant trees along the river",
)
_TOWNS = ("Kelby", "Ashmouth", "Dunmore", "Pellow", "Ravensholm")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def invented_article(number: int) -> str:
    """Article `number` of an endless invented local-news series: a title, a speaker under their
    full name and a short name, two direct quotes, reported speech, and a group ('Officials')."""
    full, short, role = _SPEAKERS[number % len(_SPEAKERS)]
    plan, town = _PLANS[number % len(_PLANS)], _TOWNS[number % len(_TOWNS)]
    return (
        f"{town} plan to {plan} goes ahead\n\n"
        f"{full}, {role}, said on {_DAYS[number % len(_DAYS)]} that the plan to {plan} would go ahead "
        f"despite complaints from residents of {town}.\n\n"
        f"“We have listened carefully and we will keep listening,” {short} told reporters at the town "
        f"hall. “Nobody wants to {plan} without a good reason, and this is meeting number {number + 1}.”\n\n"
        "Officials said the final decision would be taken within two weeks, after a report on the plan "
        "had been studied by the council.\n"
    )


def invented_page(number: int, published: str) -> str:
    """The same article as a news page with navigation, a date in its metadata and a footer."""
    title, *paragraphs = [part.strip() for part in invented_article(number).split("\n\n")]
    body = "".join(f"<p>{paragraph}</p>\n" for paragraph in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>"
        f'<meta property="article:published_time" content="{published}"></head>'
        "<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>\n{body}</article><footer>Westmarch Gazette</footer></body></html>"
    )
