"""Writers turn a projection into files: workbook, JSON, report, charts, PDF, deck."""
