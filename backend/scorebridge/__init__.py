"""ScoreBridge: AI-interview scores from the vendor to HR, the employee and analytics."""

__version__ = "0.1.0"
