"""Everything that depends on the reader's language: words, labels, number and date formats."""
