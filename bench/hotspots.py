"""Where a py-spy profile spends its time: reads collapsed stacks (``py-spy record --format
raw``, as ``bench/intake.py --profile DIR`` writes them) and prints the functions with the
largest share of samples, inclusive (anywhere on the stack) and exclusive (on top).

    .venv/bin/python bench/hotspots.py DIR/api.txt [--top 40] [--match scorebridge]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("profile", type=Path)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--match", default="", help="only frames whose text contains this")
    args = parser.parse_args()
    inclusive: Counter[str] = Counter()
    exclusive: Counter[str] = Counter()
    total = 0
    for line in args.profile.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        samples = int(count)
        total += samples
        frames = stack.split(";")
        for frame in set(frames):
            if args.match in frame:
                inclusive[frame] += samples
        if args.match in frames[-1]:
            exclusive[frames[-1]] += samples
    print(f"{total} samples")
    for title, counter in (("inclusive", inclusive), ("exclusive", exclusive)):
        print(f"\n{title}:")
        for frame, samples in counter.most_common(args.top):
            print(f"{100 * samples / total:5.1f}%  {frame}")


if __name__ == "__main__":
    main()
