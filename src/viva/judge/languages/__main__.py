"""`python -m viva.judge.languages`: what `./dev setup` runs to make every language ready."""

from __future__ import annotations

import sys

from viva.judge.languages import ToolchainMissing, toolchain
from viva.problems.schema import LANGUAGES


def main() -> int:
    failed = 0
    for lang in LANGUAGES:
        try:
            tool = toolchain(lang)
        except ModuleNotFoundError:  # a language this build does not ship
            continue
        if tool.setup is None:
            continue
        try:
            tool.setup()
        except ToolchainMissing as e:
            print(f"{tool.label}: {e}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
