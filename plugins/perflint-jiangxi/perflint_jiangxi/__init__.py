"""perflint rulesets and rules for Jiangxi province, Nanchang city and Donghu district."""
