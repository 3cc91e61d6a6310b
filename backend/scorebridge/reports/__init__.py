"""The quarterly analysis pack (分析报告): XLSX and PDF answering the meeting's three questions."""
