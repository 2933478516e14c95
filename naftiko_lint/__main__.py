"""`python -m naftiko_lint` runs the CLI."""

from naftiko_lint.cli import main

raise SystemExit(main())
