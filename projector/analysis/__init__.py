"""What-if analysis over a projection: comparison, risk, sensitivity, goal seek, plausibility."""
