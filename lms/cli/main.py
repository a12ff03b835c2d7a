"""Commands: database, curriculum, demo data and the web server.

Every command prints plain sentences and exits non-zero on failure; none prints a
traceback for bad input.
"""

from pathlib import Path
from typing import Annotated

import typer

from lms.cli import translations
from lms.curriculum.model import Curriculum
from lms.curriculum.problems import Problems
from lms.settings import SettingsError, check_production_safety, get_settings

app = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__)
db_app = typer.Typer(no_args_is_help=True, help="Database schema.")
curriculum_app = typer.Typer(no_args_is_help=True, help="Check and load the curriculum.")
app.add_typer(db_app, name="db")
app.add_typer(curriculum_app, name="curriculum")
orgs_app = typer.Typer(no_args_is_help=True, help="Organisations (schools and factories).")
users_app = typer.Typer(no_args_is_help=True, help="People and their roles.")
app.add_typer(orgs_app, name="orgs")
app.add_typer(users_app, name="users")
app.add_typer(translations.app, name="translations")

DirArgument = Annotated[
    Path | None,
    typer.Argument(help="Curriculum folder (default: LMS_CURRICULUM_DIR, or ./curriculum)."),
]


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the database or bring its schema up to date (safe to run again)."""
    from lms.db.migrate import upgrade

    upgrade()
    typer.echo("Database schema is up to date.")


def _summary(curriculum: Curriculum, problems: Problems) -> str:
    docs = items = tasks = 0
    for module in curriculum.modules.values():
        for part in module.languages.values():
            docs += sum(d is not None for d in (part.handbook, part.teacher)) + len(part.tasks)
            docs += part.items is not None
            items += len(part.items.items) if part.items else 0
            tasks += len(part.tasks)
    terms = sum(len(t) for t in curriculum.glossary.values())
    languages = ", ".join(curriculum.languages)
    return (
        f"{len(curriculum.programmes)} programme(s), {len(curriculum.modules)} module(s), "
        f"languages: {languages}; {docs} documents, {items} assessment items, "
        f"{tasks} practical tasks, {terms} glossary terms; "
        f"{len(problems.warnings)} warning(s)"
    )


def _check(directory: Path | None) -> tuple[Curriculum | None, Problems]:
    from lms.curriculum.store import build

    return build(directory or get_settings().curriculum_dir)


@curriculum_app.command("check")
def curriculum_check(
    directory: DirArgument = None,
    revisions: Annotated[
        bool, typer.Option("--revisions", help="Also list the revision of each source section.")
    ] = False,
) -> None:
    """Check every file; print 'file:line: problem' for each problem, or a summary."""
    curriculum, problems = _check(directory)
    for problem in problems.errors + problems.warnings:
        typer.echo(problem.format())
    if curriculum is None or problems.errors:
        typer.echo(
            f"The curriculum has {len(problems.errors)} error(s) and "
            f"{len(problems.warnings)} warning(s).",
            err=True,
        )
        raise typer.Exit(1)
    typer.echo(f"Curriculum OK: {_summary(curriculum, problems)}.")
    if revisions:
        from lms.curriculum.translations import source_files

        for module in curriculum.modules.values():
            for name, doc in source_files(curriculum, module):
                for key, revision in doc.sections.items():
                    typer.echo(f"{revision}  {module.id}/{name}#{key}")


@curriculum_app.command("load")
def curriculum_load(directory: DirArgument = None) -> None:
    """Check the curriculum and record its module versions in the database."""
    from lms.curriculum.service import record_module_versions
    from lms.db import transaction

    curriculum, problems = _check(directory)
    if curriculum is None or problems.errors:
        for problem in problems.errors:
            typer.echo(problem.format())
        typer.echo("Not loaded: the curriculum has errors.", err=True)
        raise typer.Exit(1)
    with transaction(write=True) as session:
        added = record_module_versions(session, curriculum)
    typer.echo(f"Curriculum loaded: {len(added)} new module version(s).")


@app.command("demo")
def demo() -> None:
    """Load the curriculum and seed the demo organisations (safe to run twice)."""
    from lms.demo import seed_demo

    curriculum, problems = _check(None)
    if curriculum is None or problems.errors:
        for problem in problems.errors:
            typer.echo(problem.format())
        raise typer.Exit(1)
    for line in seed_demo(curriculum):
        typer.echo(line)


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
) -> None:
    """Serve the platform (checks settings and curriculum first)."""
    import uvicorn

    settings = get_settings()
    try:
        check_production_safety(settings)
    except SettingsError as exc:
        typer.echo(f"Refusing to start: {exc}", err=True)
        raise typer.Exit(2) from exc
    curriculum, problems = _check(None)
    if curriculum is None or problems.errors:
        for problem in problems.errors:
            typer.echo(problem.format(), err=True)
        typer.echo("Refusing to start: the curriculum has errors.", err=True)
        raise typer.Exit(2)
    typer.echo(f"Serving upskill-lms on http://{host}:{port}/")
    uvicorn.run(
        "lms.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,
        proxy_headers=False,
        log_level=settings.log_level.lower(),
    )


def _languages() -> set[str]:
    curriculum, _problems = _check(None)
    return set(curriculum.languages) if curriculum else {"en"}


def _fail(error: Exception) -> None:
    from lms.errors import DomainError
    from lms.web.messages import ERRORS

    if isinstance(error, DomainError):
        text = ERRORS.get(error.code, error.code)
        typer.echo(f"Not done: {text % error.params if error.params else text}", err=True)
        raise typer.Exit(1) from error
    raise error


@orgs_app.command("create")
def orgs_create(
    slug: Annotated[str, typer.Option(help="Short name: small letters, digits, hyphens.")],
    name: Annotated[str, typer.Option(help="Full name.")],
    kind: Annotated[str, typer.Option(help="school or factory.")],
    country: Annotated[str, typer.Option(help="Two-letter country code, e.g. LT.")],
    language: Annotated[str, typer.Option(help="Default language code, e.g. lt.")] = "en",
) -> None:
    """Create an organisation."""
    from lms.accounts.service import SYSTEM, create_organisation
    from lms.db import transaction
    from lms.errors import DomainError

    try:
        with transaction(write=True) as session:
            organisation = create_organisation(
                session,
                slug=slug,
                name=name,
                kind=kind,
                country=country,
                default_language=language,
                languages=_languages(),
                actor=SYSTEM,
            )
            typer.echo(f"Created organisation {organisation.name} ({organisation.slug}).")
    except DomainError as error:
        _fail(error)


@users_app.command("create")
def users_create(
    login: Annotated[str, typer.Option(help="Login: an e-mail address or user name.")],
    name: Annotated[str, typer.Option(help="Name as shown to others.")],
    org: Annotated[str, typer.Option(help="Short name of the organisation.")],
    role: Annotated[str, typer.Option(help="learner, teacher, supervisor or admin.")],
    language: Annotated[str, typer.Option(help="Preferred language code.")] = "en",
    platform_admin: Annotated[
        bool,
        typer.Option("--platform-admin", help="May create organisations and see every audit log."),
    ] = False,
) -> None:
    """Create a person with a role in an organisation; prints a one-time password."""
    from lms.accounts import repository
    from lms.accounts.service import SYSTEM, create_person
    from lms.db import transaction
    from lms.errors import DomainError

    try:
        with transaction(write=True) as session:
            organisation = repository.get_organisation_by_slug(session, org)
            if organisation is None or organisation.id is None:
                typer.echo(f"Not done: there is no organisation '{org}'.", err=True)
                raise typer.Exit(1)
            person, password = create_person(
                session,
                organisation_id=organisation.id,
                login=login,
                display_name=name,
                role=role,
                preferred_language=language,
                languages=_languages(),
                actor=SYSTEM,
            )
            person.is_platform_admin = platform_admin
            session.add(person)
    except DomainError as error:
        _fail(error)
    typer.echo(f"Created {person.login} as {role} in {org}. One-time password: {password}")


qualifications_app = typer.Typer(no_args_is_help=True, help="Qualification records.")
app.add_typer(qualifications_app, name="qualifications")


@qualifications_app.command("remind")
def remind() -> None:
    """Record the expiry reminders due today (run daily, e.g. from cron) and list them."""
    from lms.accounts import repository as accounts
    from lms.accounts.service import SYSTEM
    from lms.db import transaction
    from lms.qualifications import service as qualifications

    with transaction(write=True) as session:
        made = qualifications.remind(session, actor=SYSTEM)
        names = accounts.people_by_ids(session, {r.person_id for r in made})
        for reminder in made:
            person = names.get(reminder.person_id)
            when = "expired" if reminder.days_before == 0 else f"{reminder.days_before} days left"
            who = person.login if person else reminder.person_id
            typer.echo(f"{who}: award {reminder.award_id}, {when}")
    typer.echo(f"{len(made)} reminder(s) recorded.")
