"""Sentences for domain error codes and for the notes shown after a change.

Addresses carry only a key (``?msg=password_changed``), never text, so a crafted link
cannot put words on our pages.
"""

from collections.abc import Callable

from lms.curriculum.markdown import N_
from lms.errors import DomainError
from lms.i18n import gettext_for
from lms.web.templating import ui_language_for

ERRORS = {
    "login_failed": N_("Wrong login or password."),
    "account_disabled": N_("This account is disabled. Ask an administrator of your organisation."),
    "login_throttled": N_("Too many failed attempts. Wait %(minutes)s minutes and try again."),
    "invalid_login": N_("A login uses small letters, digits and . _ @ + - (2 to 200 characters)."),
    "login_taken": N_("The login %(login)s is already used by someone else."),
    "invalid_text": N_("Please fill in this field (at most %(limit)s characters)."),
    "invalid_language": N_("Choose one of the offered languages."),
    "invalid_role": N_("Choose one of the offered roles."),
    "invalid_kind": N_("Choose one of the offered kinds."),
    "invalid_slug": N_("The short name uses small letters, digits and hyphens."),
    "invalid_country": N_("The country is a two-letter code such as LT, FI or FR."),
    "slug_taken": N_("This short name is already used by another organisation."),
    "group_exists": N_("A group with this name already exists."),
    "last_role": N_(
        "This is the person's only role here. Add another role first, or disable the person."
    ),
    "password_too_short": N_("The new password must have at least 10 characters."),
    "wrong_current_password": N_("The current password is not right."),
    "password_mismatch": N_("The two new passwords are not the same."),
    "cannot_disable_self": N_("You cannot disable your own account."),
    "cannot_erase_self": N_("You cannot erase your own account."),
    "erased": N_("This person has been erased."),
    "erase_other_organisations": N_(
        "This person also belongs to another organisation; "
        "only a platform administrator can erase them."
    ),
    "erase_not_confirmed": N_("Type the person's login to confirm the erasure."),
    "no_assessment": N_("This module has no assessment yet."),
    "no_attempts_left": N_(
        "You have used all %(attempts)s attempts at this assessment. Ask your teacher."
    ),
    "attempt_closed": N_("This attempt has already been submitted. Nothing more was saved."),
    "time_up": N_(
        "The time for this attempt is up. Answers saved before the end of the time were graded; "
        "later changes were not accepted."
    ),
    "evidence_too_large": N_("The photo is larger than 5 MB. Take a smaller one and try again."),
    "evidence_not_a_photo": N_("The evidence must be a JPEG, PNG or WebP photo."),
    "invalid_verdict": N_("Choose a result: passed or needs another try."),
    "invalid_place": N_("Choose where the task was done."),
    "passed_needs_all_criteria": N_(
        "A task is passed only when every criterion is met. "
        "Tick them all, or choose 'needs another try'."
    ),
    "correction_needs_reason": N_("A correction needs a reason."),
    "site_exists": N_("A site with this name already exists."),
    "invalid_site": N_("Choose one of the sites."),
    "workstation_exists": N_("This site already has a workstation with this name."),
    "invalid_programme": N_("Choose at least one of the offered qualifications."),
    "not_a_learner": N_("Only learners of this organisation can be enrolled."),
    "award_not_proposed": N_("This qualification is not waiting for confirmation."),
    "award_rules_not_met": N_(
        "The rules are no longer met (a result was corrected since the proposal). "
        "Nothing was awarded."
    ),
    "award_revoked": N_("This qualification has already been revoked."),
    "revoke_needs_reason": N_("Write the reason for revoking; it goes into the audit log."),
    "invalid_competency": N_("Choose one of the competencies."),
    "invalid_level": N_("Choose one of the levels I, L, U, O, or the level from the evidence."),
    "override_needs_reason": N_("Write the reason for setting the level by hand."),
    "form_expired": N_("The form has expired. Open it again and send it once more."),
    "invalid_module": N_("Choose one of the modules."),
    "invalid_task": N_("Choose one of the module's practical tasks."),
    "assign_to_group_or_people": N_("Assign it either to a group or to some people, not both."),
    "invalid_due_date": N_("Give the due date as a date, for example 2027-03-31."),
    "due_in_past": N_("The due date has passed already. Choose today or a later day."),
}

#: Shown for an error code without a sentence of its own.
FALLBACK_ERROR = N_("That did not work. Nothing was changed.")

ROW_ERRORS = {
    "csv_not_utf8": N_("The file is not UTF-8 text. Save it from your spreadsheet as 'CSV UTF-8'."),
    "csv_missing_columns": N_("The first row must name the columns; missing: %(value)s."),
    "csv_empty": N_("The file has no rows after the column names."),
    "csv_too_many_rows": N_("At most %(value)s people can be imported at once."),
    "invalid_login": N_("the login '%(value)s' is not valid (small letters, digits and . _ @ + -)"),
    "login_taken": N_("the login '%(value)s' is already used"),
    "login_repeated": N_("the login '%(value)s' appears twice in the file"),
    "invalid_name": N_("the name is missing or too long"),
    "invalid_role": N_("unknown role '%(value)s' (learner, teacher, supervisor or admin)"),
    "invalid_language": N_("unknown language '%(value)s'"),
    "unknown_group": N_("there is no group called '%(value)s' yet"),
}

NOTES = {
    "password_changed": N_("Your password has been changed."),
    "language_changed": N_("Your language has been saved."),
    "must_change_password": N_(
        "Please choose a new password now: you logged in with a one-time password."
    ),
    "role_added": N_("The role has been added."),
    "role_removed": N_("The role has been removed."),
    "person_disabled": N_("The person has been disabled and logged out everywhere."),
    "person_enabled": N_("The person can log in again."),
    "person_erased": N_("The person's personal data has been erased."),
    "group_created": N_("The group has been created."),
    "group_member_added": N_("The person has been added to the group."),
    "group_member_removed": N_("The person has been removed from the group."),
    "organisation_created": N_("The organisation has been created."),
    "nothing_changed": N_("Nothing needed to change."),
    "sign_off_recorded": N_("The sign-off has been recorded."),
    "site_added": N_("The site has been added."),
    "workstation_added": N_("The workstation has been added."),
    "operator_added": N_("The person now works at this workstation."),
    "operator_removed": N_("The person no longer works at this workstation."),
    "enrolled": N_("The person has been enrolled."),
    "award_confirmed": N_("The qualification has been awarded."),
    "award_revoked": N_("The qualification has been revoked."),
    "override_saved": N_("The level has been saved with its reason."),
    "assignment_created": N_("The assignment has been given."),
}

ROLE_NAMES = {
    "learner": N_("Learner"),
    "teacher": N_("Teacher"),
    "supervisor": N_("Supervisor"),
    "admin": N_("Administrator"),
}
KIND_NAMES = {
    "school": N_("School"),
    "factory": N_("Factory"),
    "class": N_("Class"),
    "shift": N_("Shift or line team"),
}


#: ILUO levels of the skills matrix (the letter is always shown with its meaning).
LEVEL_NAMES = {
    "": N_("no evidence yet"),
    "I": N_("I: in training"),
    "L": N_("L: performs with supervision"),
    "U": N_("U: autonomous"),
    "O": N_("O: can train others"),
}
STANDING_NAMES = {
    "proposed": N_("waiting for confirmation"),
    "valid": N_("valid"),
    "expiring": N_("expiring soon"),
    "expired": N_("expired: requalification needed"),
    "revoked": N_("revoked"),
}
#: Where an operator stands at a workstation (the dashboard).
STATE_NAMES = {
    "qualified": N_("Qualified"),
    "expiring": N_("Expiring in 30 days"),
    "in_training": N_("In training"),
    "expired": N_("Expired"),
    "not_enrolled": N_("Not enrolled"),
}


def error_text(error: DomainError, gettext: Callable[[str], str]) -> str:
    text = gettext(ERRORS.get(error.code, FALLBACK_ERROR))
    return text % error.params if error.params else text


def note_text(key: str | None, gettext: Callable[[str], str]) -> str | None:
    return gettext(NOTES[key]) if key in NOTES else None


def error_in(error: DomainError, language: str) -> str:
    """The error's sentence in the interface language of pages in ``language``."""
    return error_text(error, gettext_for(ui_language_for(language)))


def note_in(key: str | None, language: str) -> str | None:
    return note_text(key, gettext_for(ui_language_for(language)))
