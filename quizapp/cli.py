"""The `quizapp` command: validate and export decks (the web commands join in the web issue)."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import click

from .content import Bank, ContentError, Deck, deck_paths, generate, load_all
from .content.anki import write_apkg
from .content.export import to_json
from .content.model import json_schema
from .decks import build_bank
from .paths import shipped


def export_time() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH when set (the usual switch for reproducible builds)."""
    fixed = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(fixed), dt.UTC) if fixed else dt.datetime.now(dt.UTC)


def default_questions() -> Path:
    configured = os.environ.get("QUIZAPP_QUESTIONS")
    return Path(configured) if configured else shipped("questions")


@click.group()
@click.version_option(package_name="quizapp")
def main() -> None:
    """quizapp : apprendre les faits d'une histoire par quiz et fiches."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Vérifie des decks (dossier de decks, dossier d'un deck ou fichier YAML)."""
    failed = False
    for path in paths or (default_questions(),):
        decks, problems = load_all(path)
        for problem in problems:
            click.echo(str(problem))
        failed = failed or bool(problems)
        for deck in decks.values():
            try:
                bank = build_bank(deck, 0, _where(path, deck.id), generate)
            except ContentError as exc:
                click.echo("\n".join(str(p) for p in exc.problems))
                failed = True
                continue
            click.echo(
                f"{deck.id} : {len(deck.facts())} faits, {len(deck.entities)} entités, "
                f"{len(bank.questions)} questions, {len(bank.cards)} fiches"
            )
    if failed:
        click.echo("Des erreurs empêchent de charger certains decks.", err=True)
        sys.exit(1)


def _where(path: Path, deck_id: str) -> str:
    """Where to point a problem of a whole deck: its folder or file, named as `load_all` names files."""
    root = (path if path.is_dir() else path.parent).parent
    found = deck_paths(path)
    place = next((p for p in found if p.stem == deck_id), found[0] if len(found) == 1 else path)
    return str(place.relative_to(root)) if place.is_relative_to(root) else str(place)


def _banks(path: Path, decks: dict[str, Deck], seed: int) -> list[Bank]:
    """Every deck's bank; a deck the generator fails on stops the export with its located message."""
    banks, problems = [], []
    for deck in decks.values():
        try:
            banks.append(build_bank(deck, seed, _where(path, deck.id), generate))
        except ContentError as exc:
            problems += exc.problems
    if problems:
        click.echo("\n".join(str(p) for p in problems), err=True)
        raise click.ClickException("decks invalides : rien n'a été exporté")
    return banks


@main.command()
@click.option("--format", "fmt", type=click.Choice(["json", "apkg"]), default="json", show_default=True)
@click.option("--deck", "deck_id", help="Identifiant du deck (par défaut : tous).")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Fichier de sortie (par défaut : sortie standard)."
)
@click.option("--seed", type=int, default=0, show_default=True, help="Graine du tirage des distracteurs.")
@click.option("--questions", "folder", type=click.Path(exists=True, path_type=Path), help="Dossier des decks.")
def export(fmt: str, deck_id: str | None, output: Path | None, seed: int, folder: Path | None) -> None:
    """Exporte toutes les questions et fiches (json) ou les fiches pour Anki (apkg)."""
    decks, problems = load_all(folder or default_questions())
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        raise click.ClickException("decks invalides : rien n'a été exporté")
    if deck_id is not None:
        if deck_id not in decks:
            raise click.ClickException(f"deck inconnu « {deck_id} » (connus : {', '.join(sorted(decks))})")
        decks = {deck_id: decks[deck_id]}
    banks = _banks(folder or default_questions(), decks, seed)
    if fmt == "apkg":
        target = output or Path("quizapp.apkg")
        count = write_apkg(banks, {d.id: d.meta.title for d in decks.values()}, target, export_time())
        click.echo(f"{target} : {count} fiches Anki écrites", err=True)
        return
    text = to_json(banks)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"{output} : export {fmt} écrit", err=True)


@main.command()
@click.option("--host", default=lambda: os.environ.get("QUIZAPP_HOST", "127.0.0.1"), show_default="127.0.0.1")
@click.option("--port", type=int, default=lambda: int(os.environ.get("QUIZAPP_PORT", "5000")), show_default="5000")
@click.option("--workers", type=int, default=2, show_default=True, help="Processus gunicorn.")
@click.option("--database", help="URL SQLAlchemy de la base (par défaut : instance/quizapp.sqlite).")
@click.option("--questions", "folder", type=click.Path(exists=True, file_okay=False), help="Dossier des decks.")
@click.option("--instance", type=click.Path(file_okay=False), help="Dossier d'instance (base, clé secrète).")
@click.option("--debug", is_flag=True, help="Serveur de développement de Flask, rechargement automatique.")
def serve(
    host: str, port: int, workers: int, database: str | None, folder: str | None, instance: str | None, debug: bool
) -> None:
    """Sert l'application web (gunicorn ; --debug : serveur de développement)."""
    for name, value in (
        ("QUIZAPP_SQLALCHEMY_DATABASE_URI", database),
        ("QUIZAPP_QUESTIONS_DIR", str(Path(folder).resolve()) if folder else None),
        ("QUIZAPP_INSTANCE", str(Path(instance).resolve()) if instance else None),
    ):
        if value:
            os.environ[name] = value
    from . import create_app

    app = create_app()  # fails here, before forking, if the decks folder or the database is unusable
    click.echo(f"quizapp sur http://{host}:{port}/ (base : {app.config['SQLALCHEMY_DATABASE_URI']})")
    if debug:
        app.run(host=host, port=port, debug=True)
        return
    args = ["--workers", str(workers), "--bind", f"{host}:{port}", "--no-control-socket", "quizapp.wsgi:app"]
    os.execvp(sys.executable, [sys.executable, "-m", "gunicorn", *args])


@main.command("create-admin")
@click.argument("username")
@click.password_option("--password", prompt="Mot de passe", confirmation_prompt="Confirmer")
def create_admin(username: str, password: str) -> None:
    """Crée un compte administrateur (ou donne ce rôle à un compte existant)."""
    from . import create_app
    from .services import accounts

    app = create_app()
    with app.app_context():
        try:
            name = accounts.set_admin(username, password, app.config["CLOCK"]()).username
        except accounts.AccountError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"administrateur « {name} » prêt")


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Fichier (défaut : sortie standard).")
def schema(output: Path | None) -> None:
    """Écrit le schéma JSON des fichiers de deck (complétion et contrôle dans les éditeurs)."""
    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"{output} : schéma écrit", err=True)


@main.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(["learner", "author", "admin"]))
def set_role(username: str, role: str) -> None:
    """Donne un rôle à un compte existant (apprenant, auteur ou administrateur)."""
    from . import create_app
    from .services import accounts

    app = create_app()
    with app.app_context():
        try:
            accounts.set_role(username, role)
        except accounts.AccountError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"« {username} » est maintenant {role}")


__all__ = ["ContentError", "main"]


if __name__ == "__main__":  # pragma: no cover
    main()
