"""Build valid synthetic decks of any size, shaped like the saga (roles, hand-overs, quotes...)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import yaml


def build(n_facts: int, folder: Path, seed: int = 0) -> Path:
    """Write a deck of about `n_facts` facts to `folder` (several files); return the folder."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    n_orgs = max(2, n_facts // 40)
    n_people = max(8, n_facts // 5)
    people = [
        {
            "id": f"p{i}",
            "kind": "person",
            "name": f"Personne {i}",
            "aliases": [f"P{i}"],
            "gender": rng.choice("mf"),
            "description": "Une personne de l'histoire.",
        }
        for i in range(n_people)
    ]
    orgs = [
        {"id": f"o{i}", "kind": "organisation", "name": f"Org {i}", "description": "Une organisation."} for i in range(n_orgs)
    ]
    roles, tenures, successions, events, quotes, figures, relations = [], [], [], [], [], [], []
    start = dt.date(2020, 1, 1)
    sources = [{"id": f"s{i}", "title": f"Chapitre {i}"} for i in range(20)]
    fact = lambda i: {"source": f"s{i % 20}", "explanation": "Une explication courte."}  # noqa: E731
    per_org = n_facts // n_orgs
    for o in range(n_orgs):
        role = f"ceo-{o}"
        roles.append({"id": role, "organisation": f"o{o}", "title": {"m": "directeur", "f": "directrice"}, "single_holder": True})
        holders = rng.sample(range(n_people), 4)
        day = start + dt.timedelta(days=o)
        for k, h in enumerate(holders):
            t = {"id": f"t{o}-{k}", "holder": f"p{h}", "role": role, **fact(k)}
            if k:
                t["since"] = day.isoformat()
            end = day + dt.timedelta(days=rng.randint(3, 30))
            if k < len(holders) - 1:
                t["until"] = end.isoformat()
                successions.append(
                    {
                        "id": f"s{o}-{k}",
                        "role": role,
                        "outgoing": f"p{h}",
                        "incoming": f"p{holders[k + 1]}",
                        "date": end.isoformat(),
                        **fact(k),
                    }
                )
            tenures.append(t)
            day = end
        for k in range(per_org - 7):
            kind = k % 4
            when = (start + dt.timedelta(days=rng.randint(0, 2000))).isoformat()
            who = f"p{rng.randrange(n_people)}"
            if kind == 0:
                events.append(
                    {
                        "id": f"e{o}-{k}",
                        "type": "other",
                        "label": f"l'événement {o}-{k}",
                        "date": when,
                        "agent": who,
                        "action": f"a fait la chose {o}-{k}",
                        **fact(k),
                    }
                )
            elif kind == 1:
                quotes.append({"id": f"q{o}-{k}", "speaker": who, "text": f"Citation numéro {o}-{k}", **fact(k)})
            elif kind == 2:
                figures.append(
                    {
                        "id": f"f{o}-{k}",
                        "label": f"le chiffre {o}-{k}",
                        "value": rng.randint(2, 10**6),
                        "unit": "euros",
                        **fact(k),
                    }
                )
            else:
                relations.append(
                    {"id": f"r{o}-{k}", "predicate": "backs", "subjects": [who], "object": f"o{o}", "date": when, **fact(k)}
                ) if not any(r["object"] == f"o{o}" for r in relations[-per_org:]) else events.append(
                    {"id": f"e{o}-{k}", "type": "other", "label": f"le fait {o}-{k}", "date": when, **fact(k)}
                )
    files = {
        "deck.yaml": {
            "deck": {"id": f"synthetic-{n_facts}", "title": "Synthétique", "description": "Banc d'essai"},
            "sources": sources,
            "predicates": [{"id": "backs", "statement": "{subject} soutient {object}", "ask_subject": "Qui soutient {object} ?"}],
        },
        "entities.yaml": {"entities": people + orgs},
        "roles.yaml": {"roles": roles, "tenures": tenures, "successions": successions},
        "events.yaml": {"events": events},
        "quotes.yaml": {"quotes": quotes, "figures": figures, "relations": relations},
    }
    for name, content in files.items():
        (folder / name).write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder
