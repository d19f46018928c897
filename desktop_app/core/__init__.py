"""The engine: reading, rules, evaluation and export. Plain pandas; never imports Qt."""
