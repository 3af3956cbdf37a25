"""Operations: the schema and its migrations, file storage, backups, bulk loading and demo data."""
