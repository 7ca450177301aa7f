"""PL1xx: figures that must agree arithmetically (sums, shares, rates, differences)."""
