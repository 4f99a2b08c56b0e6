"""``python -m storycheck``: the command line."""

from .cli import main

main()
