"""Organisation: departments (a tree), positions, interview batches and people."""
