"""Exact arithmetic for the ranking: statistics.pstdev's correctly rounded float in plain integer
arithmetic, and ratios of integers rounded to two decimals.

statistics.pstdev sums Fractions (exact, but slow: 1.6 s of a 10,000-entry zscore ranking).
Every float is an integer over a power of two, so the same exact sums are integers over one
common power of two; the square root is then rounded exactly as the standard library rounds
it (its `_float_sqrt_of_frac`, Python 3.11–3.13), so the float returned is the same one.
"""
from __future__ import annotations

from decimal import Decimal
from math import gcd, isqrt

SQRT_BIT_WIDTH = 109  # statistics._sqrt_bit_width: 2 * 53 bits of a double + 3
CACHED_HUNDREDTHS = 100_000  # scores and totals are at most a few hundred points
_TWO: dict[int, Decimal] = {}  # hundredths -> the Decimal with two places


def two_of(numerator: int, denominator: int) -> Decimal:
    """numerator / denominator (denominator > 0) rounded half up to two decimals: what
    model.two gives for the same Decimal quotient, without Decimal arithmetic."""
    if numerator < 0:
        return two_of(-numerator, denominator).copy_negate()  # -0.00 as quantize gives it
    hundredths = (200 * numerator + denominator) // (2 * denominator)
    found = _TWO.get(hundredths)
    if found is None:
        found = Decimal(hundredths).scaleb(-2)
        if hundredths <= CACHED_HUNDREDTHS:
            _TWO[hundredths] = found
    return found


def pstdev(values: list[float]) -> float:
    """Population standard deviation of at least one float, equal to statistics.pstdev."""
    ratios = [value.as_integer_ratio() for value in values]
    scale = max(denominator for _, denominator in ratios)
    numerators = [numerator * (scale // denominator) for numerator, denominator in ratios]
    count = len(numerators)
    total = sum(numerators)
    # mean square deviation = (count·Σx² − (Σx)²) / (scale·count)², reduced like a Fraction
    top = count * sum(n * n for n in numerators) - total * total
    bottom = (scale * count) ** 2
    common = gcd(top, bottom)
    return float_sqrt_of_frac(top // common, bottom // common)


def float_sqrt_of_frac(n: int, m: int) -> float:
    """Square root of n/m as a float, correctly rounded (the standard library's method)."""
    q = (n.bit_length() - m.bit_length() - SQRT_BIT_WIDTH) // 2
    if q >= 0:
        return (integer_sqrt_rto(n, m << 2 * q) << q) / 1
    return integer_sqrt_rto(n << -2 * q, m) / (1 << -q)


def integer_sqrt_rto(n: int, m: int) -> int:
    """Square root of n/m rounded to an integer with round-to-odd."""
    a = isqrt(n // m)
    return a | (a * a * m != n)
