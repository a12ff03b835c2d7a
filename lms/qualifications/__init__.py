"""Qualifications: sites and workstations, enrolments, the gap to a qualification, awards
with expiry and revocation, and the skills matrix."""
