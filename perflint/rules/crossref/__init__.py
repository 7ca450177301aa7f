"""Cross-reference rules (PL4xx): the report must agree with itself, table against narrative."""
