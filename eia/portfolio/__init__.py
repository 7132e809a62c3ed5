"""The portfolio: figures over every saved assessment, from a columnar index in DuckDB."""
