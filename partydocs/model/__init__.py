"""Phase one's inputs: YAML read with positions, the data model, checks, templating."""
