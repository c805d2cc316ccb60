"""Print every quality figure the README states, from the labelled data in ../shared/data.

    python benchmarks/evaluate.py [--data DIR]

Quotes and speakers on PolNeAR dev (benchmarks/eval_quotes.py); stance on the RumourEval 2017
dev (tweets) and RumourEval 2019 Reddit dev splits, with bootstrap 95% intervals
(benchmarks/eval_stance.py). The data stays outside the repo; pass --data where it lives.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import eval_quotes
import eval_stance


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"evaluate: no labelled data at {args.data} (pass --data DIR)", file=sys.stderr)
        return 1
    print("# Quotes and speakers: PolNeAR dev\n")
    eval_quotes.main(["--data", str(args.data), "--split", "dev"])
    print("\n# Stance: RumourEval 2017 dev (tweets) and RumourEval 2019 dev (Reddit)\n")
    eval_stance.main(["--data", str(args.data)])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
