"""`python -m eia` runs the `eia` command."""

from eia.cli import main

main(prog_name="eia")
