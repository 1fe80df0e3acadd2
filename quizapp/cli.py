"""The `quizapp` command: validate and export decks, serve the site, manage accounts.

The commands that open the database (serve, create-admin, set-role) share one rule to find it:
--instance / --database, else QUIZAPP_INSTANCE / QUIZAPP_SQLALCHEMY_DATABASE_URI, else the instance
folder's config.py, else Flask's default instance folder; each one prints the folder and database it used.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from flask import Flask
from sqlalchemy.engine import make_url

from .content import Bank, ContentError, Deck, deck_paths, generate, load_all
from .content.export import to_json
from .content.lint import lint
from .content.model import json_schema
from .decks import build_bank
from .paths import shipped
from .roles import Role
from .serving import Settings


def export_time() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH when set (the usual switch for reproducible builds)."""
    fixed = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(fixed), dt.UTC) if fixed else dt.datetime.now(dt.UTC)


def default_questions() -> Path:
    """The decks folder: QUIZAPP_QUESTIONS_DIR, as for the web app (QUIZAPP_QUESTIONS still works), else the shipped one."""
    configured = os.environ.get("QUIZAPP_QUESTIONS_DIR") or os.environ.get("QUIZAPP_QUESTIONS")
    return Path(configured) if configured else shipped("questions")


F = TypeVar("F", bound=Callable[..., Any])


def database_options(command: F) -> F:
    """--instance and --database: the same two options, meaning the same as their environment
    variables, on every command that opens the database (README, « Configuration »)."""
    command = click.option(
        "--database",
        help="URL SQLAlchemy de la base (variable QUIZAPP_SQLALCHEMY_DATABASE_URI ; défaut : <instance>/quizapp.sqlite).",
    )(command)
    return click.option(
        "--instance",
        type=click.Path(file_okay=False),
        help="Dossier d'instance : base SQLite, clé secrète, config.py (variable QUIZAPP_INSTANCE).",
    )(command)


def open_app(instance: str | None, database: str | None, questions: str | None = None, upgrade: bool = False) -> Flask:
    """The app as every command (and each gunicorn worker, through the environment) builds it;
    `upgrade`: run the pending migrations first.

    Raises:
        click.ClickException: a database that needs an upgrade (and `upgrade` is off), or is too new.
    """
    for name, value in (
        ("QUIZAPP_INSTANCE", str(Path(instance).resolve()) if instance else None),
        ("QUIZAPP_SQLALCHEMY_DATABASE_URI", database),
        ("QUIZAPP_QUESTIONS_DIR", str(Path(questions).resolve()) if questions else None),
    ):
        if value:
            os.environ[name] = value
    from . import create_app
    from .schema import SchemaError

    try:  # fails here, before anything is written, if the folders or the database are unusable
        return create_app({"DATABASE_UPGRADE": True} if upgrade else None)
    except SchemaError as exc:
        raise click.ClickException(str(exc)) from None


def where(app: Flask) -> str:
    """The instance folder and the database a command uses (a password in the URL is masked)."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).render_as_string(hide_password=True)
    return f"dossier d'instance : {app.instance_path}\nbase : {url}"


@click.group()
@click.version_option(package_name="quizapp")
def main() -> None:
    """quizapp : apprendre les faits d'une histoire par quiz et fiches."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Vérifie des decks (dossier de decks, dossier d'un deck ou fichier YAML)."""

    def summary(deck: Deck, bank: Bank) -> None:
        click.echo(
            f"{deck.id} : {len(deck.facts())} faits, {len(deck.entities)} entités, "
            f"{len(bank.questions)} questions, {len(bank.cards)} fiches"
        )

    if _each_bank(paths, summary):
        click.echo("Des erreurs empêchent de charger certains decks.", err=True)
        sys.exit(1)


def _each_bank(paths: tuple[Path, ...], each: Callable[[Deck, Bank], None]) -> bool:
    """Call `each` with every deck under `paths` (the shipped ones by default) and its bank, in
    order; problems are printed where they come. True if there were any."""
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
            else:
                each(deck, bank)
    return failed


@main.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--strict", is_flag=True, help="Code de sortie 1 s'il reste un avertissement sans raison (pour la CI).")
def lint_command(paths: tuple[Path, ...], strict: bool) -> None:
    """Signale où un deck valide donnera des questions faibles (sans jamais le refuser)."""
    reports = []

    def report(deck: Deck, bank: Bank) -> None:
        found = lint(deck, bank)
        for warning in found.warnings:
            click.echo(str(warning))
        click.echo(found.summary())
        reports.append(found)

    failed = _each_bank(paths, report)
    open_warnings = any(r.open for r in reports)
    if failed:
        click.echo("Des erreurs empêchent de charger certains decks.", err=True)
        sys.exit(1)
    if strict and open_warnings:
        click.echo("Des avertissements restent sans raison (--strict).", err=True)
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
        from .content.anki import write_apkg  # here: genanki only for this command

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
@click.option("--workers", type=click.IntRange(min=1), default=Settings.workers, show_default=True, help="Processus gunicorn.")
@click.option(
    "--threads",
    type=click.IntRange(min=1),
    default=Settings.threads,
    show_default=True,
    help="Fils par processus (1 : workers « sync » de gunicorn).",
)
@click.option(
    "--max-wait",
    type=click.FloatRange(min=0),
    default=Settings.max_wait,
    show_default=True,
    help="Attente maximale d'une requête depuis son arrivée, en secondes ; au-delà, 503 immédiat (0 : sans limite).",
)
@click.option(
    "--questions",
    "folder",
    type=click.Path(exists=True, file_okay=False),
    help="Dossier des decks (variable QUIZAPP_QUESTIONS_DIR).",
)
@database_options
@click.option("--upgrade", is_flag=True, help="Met d'abord la base à jour si elle est en retard sur le code (migrations).")
@click.option("--debug", is_flag=True, help="Serveur de développement de Flask, rechargement automatique.")
def serve(
    host: str,
    port: int,
    workers: int,
    threads: int,
    max_wait: float,
    folder: str | None,
    instance: str | None,
    database: str | None,
    upgrade: bool,
    debug: bool,
) -> None:
    """Sert l'application web (gunicorn ; --debug : serveur de développement).

    L'application est construite une fois, ici, puis gunicorn en fait ses processus (fork).
    Refuse une base en retard sur le code, sauf avec --upgrade (ou après `quizapp db upgrade`)."""
    app = open_app(instance, database, folder, upgrade=upgrade)
    click.echo(f"quizapp sur http://{host}:{port}/\n{where(app)}")
    if app.config.get("SECRET_KEY_FILE") and make_url(app.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name() != "sqlite":
        click.echo(
            f"clé secrète : {app.config['SECRET_KEY_FILE']}, propre à ce serveur ; plusieurs serveurs sur cette base "
            "doivent avoir la même (QUIZAPP_SECRET_KEY, docs/deployment.md)"
        )
    if debug:
        app.run(host=host, port=port, debug=True)
        return
    from .serving import serve as run_gunicorn

    run_gunicorn(app, Settings(bind=f"{host}:{port}", workers=workers, threads=threads, max_wait=max_wait))


@main.group("db")
def database_group() -> None:
    """La base de données : son schéma et ses migrations (Alembic)."""


@database_group.command("upgrade")
@database_options
def db_upgrade(instance: str | None, database: str | None) -> None:
    """Met la base à jour (migrations en attente), ou la crée ; sauvegardez-la avant."""
    from .schema import head

    app = open_app(instance, database, upgrade=True)
    found = app.extensions["schema"].found
    if found is None:
        click.echo(f"base créée (révision {head()})\n{where(app)}")
    elif found == head():
        click.echo(f"base déjà à jour (révision {found})\n{where(app)}")
    else:
        click.echo(f"base mise à jour : révision {found} -> {head()}\n{where(app)}")


@database_group.command("rebuild-stats")
@database_options
def db_rebuild_stats(instance: str | None, database: str | None) -> None:
    """Recalcule les compteurs des statistiques depuis l'historique des réponses (réparation).

    À lancer serveur arrêté : une réponse arrivée pendant le calcul n'y serait pas comptée."""
    from .extensions import db
    from .services import counters

    app = open_app(instance, database)
    with app.app_context(), db.engine.begin() as connection:
        counted = counters.rebuild(connection)
    sizes = {name: len(rows) for name, rows in counted.rows.items()}
    click.echo(
        f"statistiques recalculées : {sizes['question_stats']} questions, {sizes['learner_stats']} apprenants\n{where(app)}"
    )


@main.command("create-admin")
@click.argument("username")
@click.password_option("--password", prompt="Mot de passe", confirmation_prompt="Confirmer")
@database_options
def create_admin(username: str, password: str, instance: str | None, database: str | None) -> None:
    """Crée un compte administrateur (ou donne ce rôle et ce mot de passe à un compte existant)."""
    from .services import accounts

    app = open_app(instance, database)
    with app.app_context():
        try:
            name = accounts.set_admin(username, password, app.config["CLOCK"]()).username
        except accounts.AccountError as exc:
            raise click.ClickException(f"{exc}\n{where(app)}") from None
    click.echo(f"administrateur « {name} » prêt\n{where(app)}")


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
@click.argument("role", type=click.Choice([role.value for role in Role]))
@database_options
def set_role(username: str, role: str, instance: str | None, database: str | None) -> None:
    """Donne un rôle à un compte existant (apprenant, enseignant, auteur ou administrateur) ; ses sessions sont fermées."""
    from .services import accounts

    app = open_app(instance, database)
    with app.app_context():
        try:
            accounts.set_role(username, Role(role))
        except accounts.AccountError as exc:
            raise click.ClickException(f"{exc}\n{where(app)}") from None
    click.echo(f"« {username} » est maintenant {role}\n{where(app)}")


__all__ = ["ContentError", "main"]


if __name__ == "__main__":  # pragma: no cover
    main()
