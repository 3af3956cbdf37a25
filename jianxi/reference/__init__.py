"""Reference data: Shanxi's regions, the code lists of the forms and their review, and row ids."""
