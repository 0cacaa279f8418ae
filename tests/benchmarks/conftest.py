"""Benchmarks are not part of ``make test``: they run with ``make bench`` and print
``bench: <name> <value> <unit>`` lines to compare run to run."""


def bench(name, value, unit):
    print(f"bench: {name} {value} {unit}", flush=True)
