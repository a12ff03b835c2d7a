"""Reading the curriculum: programmes, modules, handbook, teacher's book, tasks, glossary."""
