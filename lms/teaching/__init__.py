"""Teaching: assignments with due dates, the gradebook and the teacher's home page."""
