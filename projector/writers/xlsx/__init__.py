"""The live-formula Excel workbooks: the plan's and the comparison's."""
