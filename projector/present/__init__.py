"""The presentation layer: numbers formatted, and the contexts every writer lays out.

`numbers` writes amounts, shares and months in the scenario's locale; `report`,
`compare` and `risk` build the plan report's, the comparison's and the risk
section's contexts: plain data for tables and charts (chart specs, `charts`),
no HTML and no drawing.  The HTML/Markdown report and the deck read the same
contexts, so they never show different numbers.
"""
