"""PL2xx: budget execution (执行率 over 100% or under a floor, budget-completion indicators)."""
