"""Analytics: distributions, trends and whether interview scores predict performance."""
