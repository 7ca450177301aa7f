"""perflint's own rulesets (YAML), installed as the package `perflint.rulesets`."""
